package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A SIP peer made of one socket and string handling, independent of JAIN-SIP, over UDP or TCP: it
 * sends what a test writes to an agent and queues what comes back. A thread reads the socket; a BYE
 * is answered 200 at once (a listener ending a set-up that went nowhere must not wait 32 s for its
 * BYE to time out), and everything read is queued for the test.
 */
abstract class RawPeer implements AutoCloseable {
  /** {@code "UDP"} or {@code "TCP"}. */
  final String transport;

  final InetSocketAddress agent;
  final BlockingQueue<RawSip.Message> received = new LinkedBlockingQueue<>();

  private RawPeer(String transport, InetSocketAddress agent) {
    this.transport = transport;
    this.agent = agent;
  }

  /** A peer over {@code transport} ("udp" or "tcp") towards the agent at {@code agent}. */
  static RawPeer of(String transport, InetSocketAddress agent) throws IOException {
    return transport.equalsIgnoreCase("udp") ? new Udp(agent) : new Tcp(agent);
  }

  /** The port Via and Contact name. */
  abstract int port();

  abstract void send(byte[] message) throws IOException;

  void send(String message) throws IOException {
    send(message.getBytes(UTF_8));
  }

  /** Starts the reader; called once the socket is ready. */
  final void startReading() {
    Thread t = new Thread(this::readLoop, "raw-" + transport.toLowerCase() + "-" + port());
    t.setDaemon(true);
    t.start();
  }

  abstract RawSip.Message read() throws IOException;

  private void readLoop() {
    try {
      while (true) {
        RawSip.Message m = read();
        if (m == null) {
          return;
        }
        if (!m.firstLine().startsWith("SIP/2.0") && m.method().equals("BYE")) {
          send(response(m, "200 OK"));
        }
        received.add(m);
      }
    } catch (IOException | RuntimeException e) {
      // closed
    }
  }

  /** The next message read. */
  RawSip.Message next() throws InterruptedException {
    RawSip.Message m = received.poll(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no SIP message came over " + transport);
    }
    return m;
  }

  /** The next final response whose CSeq names {@code method} (others skipped). */
  RawSip.Message finalResponse(String method) throws InterruptedException {
    while (true) {
      RawSip.Message m = next();
      if (m.firstLine().startsWith("SIP/2.0 ")
          && m.firstLine().charAt(8) != '1'
          && m.header("CSeq").endsWith(" " + method)) {
        return m;
      }
    }
  }

  /** The next request of {@code method} (others skipped). */
  RawSip.Message request(String method) throws InterruptedException {
    while (true) {
      RawSip.Message m = next();
      if (!m.firstLine().startsWith("SIP/2.0") && m.method().equals(method)) {
        return m;
      }
    }
  }

  String via(String branch) {
    return "Via: SIP/2.0/" + transport + " 127.0.0.1:" + port() + ";rport;branch=z9hG4bK" + branch;
  }

  String contact(String user) {
    return "Contact: <sip:"
        + user
        + "@127.0.0.1:"
        + port()
        + (transport.equals("TCP") ? ";transport=tcp" : "")
        + ">";
  }

  /**
   * A request outside a dialog from {@code sip:from@127.0.0.1} to {@code sip:to@127.0.0.1}, Call-ID
   * and branch {@code callId}, with {@code headers} (each a line without CRLF) and a body.
   */
  String request(
      String method,
      String from,
      String to,
      String callId,
      int cseq,
      String body,
      String... headers) {
    StringBuilder sb =
        new StringBuilder(method)
            .append(" sip:")
            .append(to)
            .append("@127.0.0.1 SIP/2.0\r\n")
            .append(via(callId + "-" + cseq))
            .append("\r\n")
            .append("From: <sip:")
            .append(from)
            .append("@127.0.0.1>;tag=f")
            .append(callId.hashCode() & 0xffff)
            .append("\r\n")
            .append("To: <sip:")
            .append(to)
            .append("@127.0.0.1>\r\n")
            .append("Call-ID: ")
            .append(callId)
            .append("\r\n")
            .append("CSeq: ")
            .append(cseq)
            .append(' ')
            .append(method)
            .append("\r\n")
            .append("Max-Forwards: 70\r\n")
            .append(contact(from))
            .append("\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    byte[] b = body.getBytes(UTF_8);
    sb.append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body);
    return sb.toString();
  }

  /** An INVITE from carol to {@code user} with an SDP offer. */
  String invite(String user, String callId, String sdp, String... headers) {
    String[] all = new String[headers.length + 1];
    all[0] = "Content-Type: application/sdp";
    System.arraycopy(headers, 0, all, 1, headers.length);
    return request("INVITE", "carol", user, callId, 1, sdp, all);
  }

  /**
   * An MSRP offer: carol's path {@code msrp://127.0.0.1:PORT/ID;tcp}, {@code a=setup} as given
   * ({@code active}: carol connects; {@code passive}: the callee connects to carol's path), text.
   */
  static String offer(int msrpPort, String id, String setup) {
    return "v=0\r\n"
        + "o=carol 1 1 IN IP4 127.0.0.1\r\n"
        + "s=-\r\n"
        + "c=IN IP4 127.0.0.1\r\n"
        + "t=0 0\r\n"
        + "m=message "
        + msrpPort
        + " TCP/MSRP *\r\n"
        + "a=accept-types:text/plain\r\n"
        + "a=path:"
        + path(msrpPort, id)
        + "\r\n"
        + "a=setup:"
        + setup
        + "\r\n";
  }

  static String path(int msrpPort, String id) {
    return "msrp://127.0.0.1:" + msrpPort + "/" + id + ";tcp";
  }

  /** The ACK (of a 2xx: a new branch) or CANCEL (same branch, no To tag) of an INVITE. */
  String ack(RawSip.Message ok, String callId) {
    return inDialog("ACK", 1, ok, callId + "-ack");
  }

  String cancel(String callId) {
    return "CANCEL sip:bob@127.0.0.1 SIP/2.0\r\n"
        + via(callId + "-1")
        + "\r\n"
        + "From: <sip:carol@127.0.0.1>;tag=f"
        + (callId.hashCode() & 0xffff)
        + "\r\n"
        + "To: <sip:bob@127.0.0.1>\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: 1 CANCEL\r\n"
        + "Max-Forwards: 70\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  /** The ACK of a non-2xx final response: the INVITE's branch, the response's To. */
  String ackRefusal(RawSip.Message refusal, String callId) {
    return "ACK sip:bob@127.0.0.1 SIP/2.0\r\n"
        + via(callId + "-" + refusal.header("CSeq").split(" ")[0])
        + "\r\n"
        + "From: "
        + refusal.header("From")
        + "\r\n"
        + "To: "
        + refusal.header("To")
        + "\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: "
        + refusal.header("CSeq").split(" ")[0]
        + " ACK\r\n"
        + "Max-Forwards: 70\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  /** A request in the dialog a 2xx {@code ok} set up, to its Contact. */
  String inDialog(String method, int cseq, RawSip.Message ok, String branch) {
    String contact = ok.header("Contact");
    String target = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
    return method
        + " "
        + target
        + " SIP/2.0\r\n"
        + via(branch)
        + "\r\n"
        + "From: "
        + ok.header("From")
        + "\r\n"
        + "To: "
        + ok.header("To")
        + "\r\n"
        + "Call-ID: "
        + ok.header("Call-ID")
        + "\r\n"
        + "CSeq: "
        + cseq
        + " "
        + method
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  /** A response to {@code request} (To tag added when it has none). */
  static String response(RawSip.Message request, String status) {
    StringBuilder sb = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
    for (String via : request.headers("Via")) {
      sb.append("Via: ").append(via).append("\r\n");
    }
    sb.append("From: ").append(request.header("From")).append("\r\n");
    String to = request.header("To");
    sb.append("To: ").append(to).append(to.contains(";tag=") ? "" : ";tag=raw1").append("\r\n");
    sb.append("Call-ID: ").append(request.header("Call-ID")).append("\r\n");
    sb.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
    sb.append("Content-Length: 0\r\n\r\n");
    return sb.toString();
  }

  /** The body of a message (after the blank line). */
  static String body(RawSip.Message m) {
    return m.text.substring(m.text.indexOf("\r\n\r\n") + 4);
  }

  /** Over UDP: one socket, each message a datagram to the agent. */
  static final class Udp extends RawPeer {
    final DatagramSocket socket;

    Udp(InetSocketAddress agent) throws IOException {
      super("UDP", agent);
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      socket.setReceiveBufferSize(1 << 20);
      startReading();
    }

    @Override
    int port() {
      return socket.getLocalPort();
    }

    @Override
    void send(byte[] message) throws IOException {
      socket.send(new DatagramPacket(message, message.length, agent));
    }

    @Override
    RawSip.Message read() throws IOException {
      byte[] buf = new byte[65536];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      socket.receive(p);
      return new RawSip.Message(new String(buf, 0, p.getLength(), UTF_8), p.getSocketAddress());
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /** Over TCP: one connection to the agent, messages framed by Content-Length. */
  static final class Tcp extends RawPeer {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Tcp(InetSocketAddress agent) throws IOException {
      super("TCP", agent);
      socket = new Socket();
      socket.connect(agent);
      in = socket.getInputStream();
      out = socket.getOutputStream();
      startReading();
    }

    @Override
    int port() {
      return socket.getLocalPort();
    }

    @Override
    synchronized void send(byte[] message) throws IOException {
      out.write(message);
      out.flush();
    }

    @Override
    RawSip.Message read() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int tail = 0; // the last four bytes read
      while (tail != 0x0d0a0d0a) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        if (head.size() == 0 && (b == '\r' || b == '\n')) {
          continue; // keep-alive CRLFs between messages
        }
        head.write(b);
        tail = tail << 8 | b;
      }
      String text = head.toString(UTF_8);
      int length = 0;
      for (String line : text.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          String name = line.substring(0, colon).trim();
          if (name.equalsIgnoreCase("Content-Length") || name.equals("l")) {
            length = Integer.parseInt(line.substring(colon + 1).trim());
          }
        }
      }
      byte[] body = in.readNBytes(length);
      return new RawSip.Message(text + new String(body, UTF_8), socket.getRemoteSocketAddress());
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closed
      }
    }
  }
}
