package org.parley.msrp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;

/**
 * MSRP over WebSocket (RFC 7977) on real sockets: ws and wss both ways, a chunk larger than a frame
 * may be, the handshake's refusals, and a browser's text frame read as bytes.
 */
@Timeout(60)
class WebSocketTransportTest {
  @TempDir static Path dir;
  static KeyManagerFactory serverKeys;
  static Fingerprint serverFingerprint;

  private static final MsrpWebSocket WS = MsrpWebSocket.at("/msrp", Set.of("https://chat.test"));

  private MsrpTransport transport;

  @BeforeAll
  static void certificate() throws Exception {
    KeyStore ks = TestCertificates.selfSigned(dir, "parley-test");
    serverKeys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    serverKeys.init(ks, TestCertificates.PASSWORD);
    serverFingerprint =
        Fingerprint.sha256((X509Certificate) ks.getCertificate(TestCertificates.ALIAS));
  }

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.close();
    }
  }

  private void exchange(MsrpTls serverTls, MsrpTls clientTls, String text) throws Exception {
    transport = MsrpTransport.builder().threads(2).build();
    MsrpTransportTest.Peer server = new MsrpTransportTest.Peer(true);
    MsrpTransportTest.Peer client = new MsrpTransportTest.Peer(false);
    MsrpListener listener =
        transport.listen(new InetSocketAddress("127.0.0.1", 0), serverTls, WS, server).join();
    MsrpConnection c =
        transport.connect(listener.localAddress(), clientTls, "/msrp", client).join();
    MsrpRequest request = MsrpTransportTest.send(text);
    c.send(request, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), ContinuationFlag.END)
        .join();

    assertThat(server.next()).isEqualTo(request);
    assertThat(server.body()).isEqualTo(text);
    MsrpResponse response = (MsrpResponse) client.next();
    assertThat(response.code()).isEqualTo(200);
    assertThat(response.transactionId()).isEqualTo(request.transactionId());
    assertThat(client.next()).isEqualTo(ContinuationFlag.END);
    c.close().join();
    assertThat(client.next()).isEqualTo("closed");
    assertThat(server.next()).isEqualTo("closed");
    listener.close();
  }

  @Test
  void exchangesOverWs() throws Exception {
    exchange(null, null, "Hi, I'm Alice!");
  }

  @Test
  void exchangesOverWss() throws Exception {
    exchange(MsrpTls.server(serverKeys), MsrpTls.client(List.of(serverFingerprint)), "Hi!");
  }

  @Test
  void aChunkLargerThanAFrameMayBeGoesInSeveralFrames() throws Exception {
    char[] big = new char[3 * MsrpWebSocket.DEFAULT_MAX_FRAME_PAYLOAD + 17];
    Arrays.fill(big, 'x');
    exchange(null, null, new String(big));
  }

  @Test
  void aServerWithoutWebSocketIsNotTakenForOne() {
    transport = MsrpTransport.builder().threads(2).build();
    MsrpListener tcp =
        transport
            .listen(new InetSocketAddress("127.0.0.1", 0), null, new MsrpTransportTest.Peer(true))
            .join();
    assertThatThrownBy(
            () ->
                transport
                    .connect(tcp.localAddress(), null, "/msrp", new MsrpTransportTest.Peer(false))
                    .join())
        .isInstanceOf(CompletionException.class);
    tcp.close();
  }

  // ---------------------------------------------------------------------------------------------
  // The handshake, by hand

  private MsrpListener plainListener(MsrpTransportTest.Peer server) {
    transport = MsrpTransport.builder().threads(2).build();
    return transport.listen(new InetSocketAddress("127.0.0.1", 0), null, WS, server).join();
  }

  private static String upgrade(String path, String origin, String protocol) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + (origin == null ? "" : "Origin: " + origin + "\r\n")
        + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n")
        + "\r\n";
  }

  /** Sends {@code request} and returns the response head. */
  private static String handshake(Socket s, String request) throws Exception {
    s.setSoTimeout(20_000);
    s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void theHandshakeIsRefusedWithTheReason() throws Exception {
    MsrpListener l = plainListener(new MsrpTransportTest.Peer(true));
    Object[][] cases = {
      {upgrade("/other", "https://chat.test", "msrp"), "404"},
      {upgrade("/ms%72p", "https://chat.test", "msrp"), "404"},
      {upgrade("/msrpx", "https://chat.test", "msrp"), "404"},
      {upgrade("/%zz", "https://chat.test", "msrp"), "400"},
      {upgrade("/msrp", "https://evil.test", "msrp"), "403"},
      {upgrade("/msrp", "https://chat.test", "sip"), "400"},
      {upgrade("/msrp", "https://chat.test", "MSRP"), "400"},
      {upgrade("/msrp", "https://chat.test", null), "400"},
      {upgrade("/msrp", "https://chat.test", "msrp").replace("Version: 13", "Version: 8"), "426"},
      {
        upgrade("/msrp", "https://chat.test", "msrp")
            .replace("\r\n\r\n", "\r\nContent-Length: 2\r\n\r\nxy"),
        "400"
      },
    };
    for (Object[] c : cases) {
      try (Socket s = new Socket("127.0.0.1", l.localAddress().getPort())) {
        String head = handshake(s, (String) c[0]);
        assertThat(head).as((String) c[0]).startsWith("HTTP/1.1 " + c[1]);
        assertThat(s.getInputStream().readAllBytes()).as("then closed").isNotNull();
      }
    }
    l.close();
  }

  @Test
  void aBrowsersTextFrameIsReadAsBytes() throws Exception {
    MsrpTransportTest.Peer server = new MsrpTransportTest.Peer(true);
    MsrpListener l = plainListener(server);
    try (Socket s = new Socket("127.0.0.1", l.localAddress().getPort())) {
      String head = handshake(s, upgrade("/msrp", "https://CHAT.test", "sip, msrp"));
      assertThat(head)
          .startsWith("HTTP/1.1 101")
          .containsIgnoringCase("sec-websocket-protocol: msrp");
      String chunk =
          "MSRP a786hjs2 SEND\r\nTo-Path: msrp://127.0.0.1:2855/bob1;tcp\r\n"
              + "From-Path: msrp://x8s7d.invalid:2855/98cjs;ws\r\nMessage-ID: m1a2b3\r\n"
              + "Byte-Range: 1-5/5\r\nContent-Type: text/plain\r\n\r\nhello\r\n-------a786hjs2$\r\n";
      writeMaskedText(s.getOutputStream(), chunk.getBytes(StandardCharsets.UTF_8));
      Object first = server.next();
      assertThat(first).isInstanceOf(MsrpRequest.class);
      MsrpRequest r = (MsrpRequest) first;
      assertThat(r.toPath().get(0).toString()).isEqualTo("msrp://127.0.0.1:2855/bob1;tcp");
      assertThat(r.fromPath().get(0).transport()).isEqualTo("ws");
      assertThat(server.body()).isEqualTo("hello");

      // The 200 (a head and an end-line, written apart) comes as one final binary frame: one
      // message, one frame, as peers that take no fragments (Kamailio) need.
      InputStream in = s.getInputStream();
      int b0 = in.read();
      int b1 = in.read();
      assertThat(b0).as("FIN and opcode binary").isEqualTo(0x82);
      assertThat(b1 & 0x80).as("a server's frames are not masked").isZero();
      int length = b1 & 0x7f;
      if (length == 126) {
        length = (in.read() << 8) | in.read();
      }
      byte[] payload = in.readNBytes(length);
      assertThat(new String(payload, StandardCharsets.UTF_8))
          .startsWith("MSRP a786hjs2 200 OK\r\n")
          .endsWith("-------a786hjs2$\r\n");
    }
    l.close();
  }

  @Test
  void aQueryAfterThePathIsTaken() throws Exception {
    MsrpListener l = plainListener(new MsrpTransportTest.Peer(true));
    try (Socket s = new Socket("127.0.0.1", l.localAddress().getPort())) {
      assertThat(handshake(s, upgrade("/msrp?user=alice", "https://chat.test", "msrp")))
          .startsWith("HTTP/1.1 101");
    }
    l.close();
  }

  /** One final, masked text frame (RFC 6455 §5.2), as a browser sends. */
  private static void writeMaskedText(OutputStream out, byte[] payload) throws Exception {
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x81);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else {
      f.write(0x80 | 126);
      f.write(payload.length >> 8);
      f.write(payload.length & 0xff);
    }
    f.write(mask);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i % 4]);
    }
    out.write(f.toByteArray());
    out.flush();
  }
}
