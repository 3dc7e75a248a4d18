package org.parley.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;
import org.parley.msrp.auth.DigestChallenge;

/**
 * A SIP peer made of one UDP socket and strings, as a hostile caller of a listening {@code parley}
 * command would be: it sends what the test writes and queues what comes back (a BYE is answered 200
 * at once). From is {@code sip:carol@127.0.0.1}.
 */
final class RawUdpSip implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress agent;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  /** Towards the agent listening at {@code sip:user@127.0.0.1:PORT}. */
  RawUdpSip(String agentUri) throws IOException {
    int port = Integer.parseInt(agentUri.substring(agentUri.lastIndexOf(':') + 1));
    agent = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[65536];
              try {
                while (true) {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  socket.receive(p);
                  String m = new String(buf, 0, p.getLength(), UTF_8);
                  if (m.startsWith("BYE ")) {
                    send(ok(m));
                  }
                  received.add(m);
                }
              } catch (IOException e) {
                // closed
              }
            },
            "raw-udp-sip");
    t.setDaemon(true);
    t.start();
  }

  void send(String message) throws IOException {
    byte[] b = message.getBytes(UTF_8);
    socket.send(new DatagramPacket(b, b.length, agent));
  }

  /** The next final response to {@code method} of Call-ID {@code callId} (others skipped). */
  String finalResponse(String method, String callId) throws InterruptedException {
    while (true) {
      String m = finalResponse(method);
      if (callId.equals(header(m, "Call-ID"))) {
        return m;
      }
    }
  }

  /** The next final response to {@code method} (others skipped). */
  String finalResponse(String method) throws InterruptedException {
    while (true) {
      String m = received.poll(30, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no final response to " + method);
      }
      if (m.startsWith("SIP/2.0 ") && m.charAt(8) != '1' && header(m, "CSeq").endsWith(method)) {
        return m;
      }
    }
  }

  static String header(String message, String name) {
    for (String line : message.substring(0, message.indexOf("\r\n\r\n")).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** A request from carol to {@code sip:bob@127.0.0.1}; {@code headers} without CRLF. */
  String request(String method, String callId, int cseq, String body, String... headers) {
    StringBuilder sb =
        new StringBuilder(method)
            .append(" sip:bob@127.0.0.1 SIP/2.0\r\n")
            .append("Via: SIP/2.0/UDP 127.0.0.1:")
            .append(socket.getLocalPort())
            .append(";rport;branch=z9hG4bK")
            .append(callId)
            .append(cseq)
            .append("\r\nFrom: <sip:carol@127.0.0.1>;tag=c")
            .append(callId.hashCode() & 0xffff)
            .append("\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: ")
            .append(callId)
            .append("\r\nCSeq: ")
            .append(cseq)
            .append(' ')
            .append(method)
            .append("\r\nMax-Forwards: 70\r\nContact: <sip:carol@127.0.0.1:")
            .append(socket.getLocalPort())
            .append(">\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    byte[] b = body.getBytes(UTF_8);
    return sb.append("Content-Length: ")
        .append(b.length)
        .append("\r\n\r\n")
        .append(body)
        .toString();
  }

  /** An INVITE with an MSRP offer whose path is on {@code msrpPort}; {@code setup} as given. */
  String invite(String callId, int msrpPort, String setup, String... extraSdp) {
    StringBuilder sdp =
        new StringBuilder(
            "v=0\r\no=carol 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=message "
                + msrpPort
                + " TCP/MSRP *\r\na=accept-types:*\r\na=path:msrp://127.0.0.1:"
                + msrpPort
                + "/"
                + callId
                + ";tcp\r\na=setup:"
                + setup
                + "\r\n");
    for (String a : extraSdp) {
      sdp.append(a).append("\r\n");
    }
    return request("INVITE", callId, 1, sdp.toString(), "Content-Type: application/sdp");
  }

  /**
   * A request in the dialog a 2xx to an INVITE set up (ACK, BYE), sent to its Contact with its
   * tags.
   */
  String inDialog(String method, int cseq, String ok) {
    String contact = header(ok, "Contact");
    String target = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
    String callId = header(ok, "Call-ID");
    return method
        + " "
        + target
        + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:"
        + socket.getLocalPort()
        + ";rport;branch=z9hG4bK"
        + callId
        + method
        + cseq
        + "\r\nFrom: "
        + header(ok, "From")
        + "\r\nTo: "
        + header(ok, "To")
        + "\r\nCall-ID: "
        + callId
        + "\r\nCSeq: "
        + cseq
        + " "
        + method
        + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
  }

  /** The ACK of a non-2xx final response to an INVITE sent with {@link #invite}. */
  String ackRefusal(String response, String callId) {
    return "ACK sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:"
        + socket.getLocalPort()
        + ";rport;branch=z9hG4bK"
        + callId
        + "1\r\nFrom: "
        + header(response, "From")
        + "\r\nTo: "
        + header(response, "To")
        + "\r\nCall-ID: "
        + callId
        + "\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
  }

  /** A MESSAGE answering {@code challenge} (a WWW-Authenticate value) with {@code password}. */
  String messageWithCredentials(String callId, int cseq, String challenge, String password) {
    DigestChallenge c = DigestChallenge.parse(challenge);
    String uri = "sip:bob@127.0.0.1";
    String response =
        Digest.response(
            DigestAlgorithm.MD5,
            Digest.ha1(DigestAlgorithm.MD5, "carol", c.realm(), password),
            c.nonce(),
            "00000001",
            "cn" + cseq,
            "auth",
            Digest.ha2(DigestAlgorithm.MD5, "MESSAGE", uri));
    return request(
        "MESSAGE",
        callId,
        cseq,
        "with credentials",
        "Content-Type: text/plain",
        "Authorization: Digest username=\"carol\", realm=\""
            + c.realm()
            + "\", nonce=\""
            + c.nonce()
            + "\", uri=\""
            + uri
            + "\", response=\""
            + response
            + "\", qop=auth, nc=00000001, cnonce=\"cn"
            + cseq
            + "\", algorithm=MD5");
  }

  private static String ok(String request) {
    StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
    for (String line : request.substring(0, request.indexOf("\r\n\r\n")).split("\r\n")) {
      String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
      if (name.equalsIgnoreCase("Via")
          || name.equalsIgnoreCase("From")
          || name.equalsIgnoreCase("To")
          || name.equalsIgnoreCase("Call-ID")
          || name.equalsIgnoreCase("CSeq")) {
        sb.append(line).append("\r\n");
      }
    }
    return sb.append("Content-Length: 0\r\n\r\n").toString();
  }

  @Override
  public void close() {
    socket.close();
  }
}
