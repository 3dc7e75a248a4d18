package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A SIP peer made of one UDP socket and string handling, independent of JAIN-SIP: it reads requests
 * and writes the responses a test dictates, to check the agent from outside.
 */
final class RawSip implements AutoCloseable {
  final DatagramSocket socket;

  RawSip() throws IOException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    socket.setSoTimeout((int) (Recorder.WAIT_SECONDS * 1000));
  }

  int port() {
    return socket.getLocalPort();
  }

  /** One message received: its text and where it came from. */
  static final class Message {
    final String text;
    final SocketAddress from;

    Message(String text, SocketAddress from) {
      this.text = text;
      this.from = from;
    }

    String firstLine() {
      return text.substring(0, text.indexOf("\r\n"));
    }

    /** Every value of a header (full name, no case). */
    List<String> headers(String name) {
      List<String> out = new ArrayList<>();
      int end = text.indexOf("\r\n\r\n");
      for (String line : text.substring(0, end).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          out.add(line.substring(colon + 1).trim());
        }
      }
      return out;
    }

    String header(String name) {
      List<String> h = headers(name);
      return h.isEmpty() ? null : h.get(0);
    }

    String method() {
      return firstLine().substring(0, firstLine().indexOf(' '));
    }

    String requestUri() {
      String[] parts = firstLine().split(" ");
      return parts[1];
    }
  }

  Message receive() throws IOException {
    byte[] buf = new byte[65536];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no SIP message came", e);
    }
    return new Message(new String(buf, 0, p.getLength(), UTF_8), p.getSocketAddress());
  }

  /** The next request, skipping responses and ACKs. */
  Message request() throws IOException {
    while (true) {
      Message m = receive();
      if (!m.firstLine().startsWith("SIP/2.0") && !m.method().equals("ACK")) {
        return m;
      }
    }
  }

  /** The next final response (skipping provisional ones). */
  Message finalResponse() throws IOException {
    while (true) {
      Message m = receive();
      if (m.firstLine().startsWith("SIP/2.0 ") && m.firstLine().charAt(8) != '1') {
        return m;
      }
    }
  }

  /** A response to {@code request} with a To tag and the extra header lines given. */
  void respond(Message request, String status, String... extraHeaders) throws IOException {
    StringBuilder sb = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
    for (String via : request.headers("Via")) {
      sb.append("Via: ").append(via).append("\r\n");
    }
    sb.append("From: ").append(request.header("From")).append("\r\n");
    String to = request.header("To");
    sb.append("To: ").append(to).append(to.contains(";tag=") ? "" : ";tag=raw1").append("\r\n");
    sb.append("Call-ID: ").append(request.header("Call-ID")).append("\r\n");
    sb.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
    for (String h : extraHeaders) {
      sb.append(h).append("\r\n");
    }
    sb.append("Content-Length: 0\r\n\r\n");
    send(sb.toString(), request.from);
  }

  /**
   * An INVITE from this socket ({@code sip:carol@127.0.0.1}) to {@code sip:USER@127.0.0.1} with an
   * MSRP offer in which Carol is the active end, so the callee answers without connecting anywhere.
   */
  String invite(String user, String callId) {
    String sdp =
        "v=0\r\n"
            + "o=carol 1 1 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=message 9 TCP/MSRP *\r\n"
            + "a=accept-types:text/plain\r\n"
            + "a=path:msrp://127.0.0.1:9/"
            + callId
            + ";tcp\r\n"
            + "a=setup:active\r\n";
    return "INVITE sip:"
        + user
        + "@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:"
        + port()
        + ";branch=z9hG4bK"
        + callId
        + "\r\n"
        + "From: <sip:carol@127.0.0.1>;tag=c1\r\n"
        + "To: <sip:"
        + user
        + "@127.0.0.1>\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Max-Forwards: 70\r\n"
        + "Contact: <sip:carol@127.0.0.1:"
        + port()
        + ">\r\n"
        + "Content-Type: application/sdp\r\n"
        + "Content-Length: "
        + sdp.getBytes(UTF_8).length
        + "\r\n\r\n"
        + sdp;
  }

  void send(String text, SocketAddress to) throws IOException {
    byte[] b = text.getBytes(UTF_8);
    socket.send(new DatagramPacket(b, b.length, to));
  }

  void send(byte[] b, SocketAddress to) throws IOException {
    socket.send(new DatagramPacket(b, b.length, to));
  }

  @Override
  public void close() {
    socket.close();
  }
}
