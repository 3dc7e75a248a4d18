package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIP over WebSocket (RFC 7118) as a browser speaks it: the JDK's WebSocket client (subprotocol
 * {@code sip}, a {@code .invalid} Via host, as SIP.js and JsSIP send) talks to an agent's ws
 * listener, and the agent's other transports still work.
 */
@Timeout(120)
class SipOverWebSocketTest {
  private final Recorder bobHears = new Recorder();
  private SipAgent bob;
  private SipAgent alice;

  @AfterEach
  void close() {
    Agents.closeAll(bob, alice);
  }

  /** A browser's WebSocket: whole messages in, text out. */
  static final class Browser implements WebSocket.Listener {
    final BlockingQueue<String> in = new LinkedBlockingQueue<>();
    private final StringBuilder part = new StringBuilder();
    WebSocket ws;

    static Browser connect(int port) {
      Browser b = new Browser();
      b.ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .subprotocols("sip")
              .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), b)
              .orTimeout(20, TimeUnit.SECONDS)
              .join();
      return b;
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        in.add(part.toString());
        part.setLength(0);
      }
      w.request(1);
      return null;
    }

    void send(String message) {
      ws.sendText(message, true).orTimeout(20, TimeUnit.SECONDS).join();
    }

    String next() throws InterruptedException {
      String m = in.poll(20, TimeUnit.SECONDS);
      assertThat(m).as("a SIP message within 20 s").isNotNull();
      return m;
    }
  }

  @Test
  void aBrowsersMessageOverWebSocketIsTakenAndAnswered() throws Exception {
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1").webSocket(new SipWebSocket(0, false)).build(),
            bobHears);
    assertThat(bob.webSocketAddress()).isNotNull();
    Browser browser = Browser.connect(bob.webSocketAddress().getPort());
    assertThat(browser.ws.getSubprotocol()).isEqualTo("sip");
    String body = "hello from a browser";
    browser.send(
        "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKasudf\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: <sip:bob@127.0.0.1>\r\n"
            + "From: <sip:alice@example.com>;tag=hu2ae\r\n"
            + "Call-ID: 8f7d6s5a4@df7jal23ls0d.invalid\r\n"
            + "CSeq: 1 MESSAGE\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body);
    PagerMessage m = Recorder.next(bobHears.pager);
    assertThat(m.text()).isEqualTo(body);
    assertThat(browser.next()).startsWith("SIP/2.0 200");

    // The agent's UDP and TCP still carry pager messages beside the WebSocket.
    alice = Agents.local("alice", new Recorder());
    alice
        .message(
            bob.uri(), "text/plain", "over udp".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .get(20, TimeUnit.SECONDS);
    assertThat(Recorder.next(bobHears.pager).text()).isEqualTo("over udp");
  }

  /**
   * A browser's INVITE over WebSocket (its Contact a {@code .invalid} host, as RFC 7118 §5 has it)
   * is answered, and the agent's own request in that dialog (here the BYE when the browser's MSRP
   * never comes) reaches the browser over the same connection: a browser takes no connections.
   */
  @Test
  void aBrowsersInviteIsAnsweredAndTheAgentsByeComesBackOverTheSameWebSocket() throws Exception {
    bobHears.onInvitation(i -> i.accept(bobHears));
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1")
                .webSocket(new SipWebSocket(0, false))
                .mediaTimeout(java.time.Duration.ofSeconds(1))
                .build(),
            bobHears);
    Browser browser = Browser.connect(bob.webSocketAddress().getPort());
    String sdp =
        "v=0\r\n"
            + "o=- 1 1 IN IP4 df7jal23ls0d.invalid\r\n"
            + "s=-\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\n"
            + "m=message 9 TCP/MSRP *\r\n"
            + "a=accept-types:text/plain\r\n"
            + "a=path:msrp://df7jal23ls0d.invalid:2855/98cjs;ws\r\n"
            + "a=setup:active\r\n";
    browser.send(
        "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKinv1\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: <sip:bob@127.0.0.1>\r\n"
            + "From: <sip:alice@example.com>;tag=br1\r\n"
            + "Call-ID: inv1@df7jal23ls0d.invalid\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:k3l4m5@df7jal23ls0d.invalid;transport=ws;ob>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: "
            + sdp.length()
            + "\r\n\r\n"
            + sdp);
    String ok = finalResponse(browser);
    assertThat(ok).startsWith("SIP/2.0 200");
    String toTag = header(ok, "To");
    browser.send(
        "ACK sip:bob@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKack1\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: "
            + toTag
            + "\r\n"
            + "From: <sip:alice@example.com>;tag=br1\r\n"
            + "Call-ID: inv1@df7jal23ls0d.invalid\r\n"
            + "CSeq: 1 ACK\r\n"
            + "Content-Length: 0\r\n\r\n");

    String bye = browser.next();
    while (bye.startsWith("SIP/2.0")) { // a retransmitted 200, before the ACK was taken
      bye = browser.next();
    }
    assertThat(bye).startsWith("BYE ");
    assertThat(header(bye, "Call-ID")).isEqualTo("inv1@df7jal23ls0d.invalid");
    browser.send(
        "SIP/2.0 200 OK\r\n"
            + "Via: "
            + header(bye, "Via")
            + "\r\n"
            + "To: "
            + header(bye, "To")
            + "\r\n"
            + "From: "
            + header(bye, "From")
            + "\r\n"
            + "Call-ID: "
            + header(bye, "Call-ID")
            + "\r\n"
            + "CSeq: "
            + header(bye, "CSeq")
            + "\r\n"
            + "Content-Length: 0\r\n\r\n");
    assertThat(Recorder.next(bobHears.ends).reason()).isEqualTo(SessionEnd.Reason.MEDIA_FAILED);
  }

  private static String finalResponse(Browser b) throws InterruptedException {
    while (true) {
      String m = b.next();
      if (m.startsWith("SIP/2.0 ") && !m.startsWith("SIP/2.0 1")) {
        return m;
      }
    }
  }

  private static String header(String message, String name) {
    for (String line : message.split("\r\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    throw new AssertionError("no " + name + " in " + message);
  }

  @Test
  void aWebSocketListenerAndTheTlsTransportAreRefusedTogether() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                SipConfig.builder("sip:bob@127.0.0.1")
                    .transports(SipTransport.TLS)
                    .tls(SipTls.keyStore(java.security.KeyStore.getInstance("PKCS12"), new char[0]))
                    .webSocket(new SipWebSocket(0, false))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not go together");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                SipConfig.builder("sip:bob@127.0.0.1").webSocket(new SipWebSocket(0, true)).build())
        .hasMessageContaining("wss needs key material");
  }
}
