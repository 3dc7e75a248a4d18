package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.TestCertificates;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;

/**
 * The browser page (headless Chromium, from the web module) and an interactive {@code parley chat
 * --listen} on a pseudo-terminal, through the relay, all over TLS: the page calls the terminal by
 * SIP over secure WebSocket; each sees the other typing; the page's line shows ✓✓ once the terminal
 * drew it; a file goes each way (the terminal accepts with {@code y}, sends with {@code /file}),
 * byte-exact.
 */
@Timeout(300)
class BrowserTerminalChatTest {
  private static final String REALM = "relay.test";

  @TempDir Path dir;

  @Test
  void aBrowserAndATerminalChatAndSwapFilesThroughTheRelay() throws Exception {
    Path users = dir.resolve("users");
    Files.writeString(
        users,
        HtdigestUserStore.line("alice", REALM, "alice-pw")
            + "\n"
            + HtdigestUserStore.line("bob", REALM, "bob-pw")
            + "\n");
    KeyStore keys = TestCertificates.selfSigned(dir, "127.0.0.1");
    Path[] pem = TestCertificates.writePem(keys, dir);
    String fingerprint =
        Fingerprint.sha256((X509Certificate) keys.getCertificate(TestCertificates.ALIAS))
            .toString();
    Path up = file("from-browser.bin", 1);
    Path down = file("to-browser.bin", 2);
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Path saved = dir.resolve("saved.bin");
    try (Relay relay =
        Relay.start(
            RelayConfig.builder()
                .listen(MsrpUri.parse("msrps://127.0.0.1:0;tcp"))
                .listen(MsrpUri.parse("msrps://127.0.0.1:0;ws"))
                .tls(pem[0], pem[1])
                .users(users)
                .realm(REALM)
                .threads(2)
                .build())) {
      MsrpUri tcp =
          relay.uris().stream().filter(u -> !RelayConfig.isWebSocket(u)).findFirst().get();
      MsrpUri wss = relay.uris().stream().filter(RelayConfig::isWebSocket).findFirst().get();
      String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
      int sipWs = ChatCommandTest.freePort();
      try (ScreenCapture bob =
          ScreenCapture.listening(
              "--listen", bobUri,
              "--dir", inbox.toString(),
              "--websocket", Integer.toString(sipWs),
              "--tls-keystore", dir.resolve("127.0.0.1.p12").toString(),
              "--relay", tcp.toString(),
              "--relay-auth", "bob:bob-pw",
              "--relay-fingerprint", fingerprint)) {
        String options =
            "{\"url\":\"https://127.0.0.1:"
                + wss.port()
                + "/\",\"user\":\"alice\",\"password\":\"alice-pw\",\"target\":\""
                + bobUri
                + "\",\"sipws\":\"wss://127.0.0.1:"
                + sipWs
                + "\",\"text\":\"hello from a browser\",\"back\":\"hello back, from the terminal\""
                + ",\"sendFile\":\""
                + up
                + "\",\"saveAs\":\""
                + saved
                + "\"}";
        Process page =
            new ProcessBuilder("node", "../web/test-it/page-chat.mjs", options)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<String> out =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        try {
          bob.awaitRow("in a session with sip:alice@");
          bob.awaitRow("alice is typing…"); // the page's draft
          bob.type("hello back, from the terminal"); // the page shows bob typing, then sends
          bob.awaitRow("alice", "hello from a browser");
          bob.type("\r");
          bob.awaitRow("offers from-browser.bin", "accept? [y/n]");
          bob.type("y");
          bob.awaitRow("received from-browser.bin");
          bob.type("/file " + down + "\r");
          assertThat(page.waitFor(240, TimeUnit.SECONDS)).isTrue();
          String lines = out.get(10, TimeUnit.SECONDS);
          assertThat(page.exitValue()).as(lines).isZero();
          assertThat(lines)
              .contains(bobUri + " is typing…")
              .contains("\"received\":\"hello back, from the terminal\"")
              .contains("\"mark\":\"✓✓\"")
              .contains("\"status\":\"done\"")
              .contains("\"fileReceived\":\"to-browser.bin\"");
          bob.awaitRow("hello back, from the terminal", "✓✓"); // the page displayed it
          assertThat(Files.mismatch(inbox.resolve("from-browser.bin"), up)).isEqualTo(-1L);
          assertThat(Files.mismatch(saved, down)).isEqualTo(-1L);
        } finally {
          page.destroyForcibly();
        }
      }
    }
  }

  private Path file(String name, long seed) throws Exception {
    byte[] b = new byte[1 << 20];
    new Random(seed).nextBytes(b);
    return Files.write(dir.resolve(name), b);
  }
}
