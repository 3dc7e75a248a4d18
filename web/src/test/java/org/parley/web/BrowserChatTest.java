package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.MsrpUri;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;
import org.parley.sip.ChatListener;
import org.parley.sip.ChatMessage;
import org.parley.sip.ChatSession;
import org.parley.sip.Invitation;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipListener;
import org.parley.sip.SipWebSocket;

/**
 * The page chats with a terminal user in headless Chromium: loaded from the relay, it logs in
 * there, calls a Parley agent by SIP over WebSocket (SIP.js, RFC 7118) with an MSRP session through
 * the relay (RFC 7977), sends a line and shows the agent's answer (CPIM-wrapped, as {@code parley
 * chat} sends).
 */
@Timeout(180)
class BrowserChatTest {
  private static final String REALM = "relay.test";

  @TempDir Path dir;

  @Test
  void aBrowserAndATerminalChatBothWays() throws Exception {
    Path users = dir.resolve("users");
    Files.writeString(users, HtdigestUserStore.line("alice", REALM, "alice-pw") + "\n");
    CompletableFuture<String> heard = new CompletableFuture<>();
    ChatListener bobsChat =
        new ChatListener() {
          @Override
          public void message(ChatSession session, ChatMessage message) {
            heard.complete(message.text());
            session.send("hello back, from the terminal");
          }
        };
    try (Relay relay =
            Relay.start(
                RelayConfig.builder()
                    .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
                    .listen(MsrpUri.parse("msrp://127.0.0.1:0;ws"))
                    .users(users)
                    .realm(REALM)
                    .threads(2)
                    .build());
        SipAgent bob =
            SipAgent.start(
                SipConfig.builder("sip:bob@127.0.0.1")
                    .webSocket(new SipWebSocket(0, false))
                    .build(),
                new SipListener() {
                  @Override
                  public void invitation(Invitation invitation) {
                    invitation.accept(bobsChat);
                  }
                })) {
      MsrpUri ws = relay.uris().stream().filter(RelayConfig::isWebSocket).findFirst().orElseThrow();
      Process page =
          new ProcessBuilder(
                  "node",
                  "test-it/page-chat.mjs",
                  "http://127.0.0.1:" + ws.port() + "/",
                  "alice",
                  "alice-pw",
                  bob.uri(),
                  "ws://127.0.0.1:" + bob.webSocketAddress().getPort(),
                  "hello from a browser",
                  "hello back, from the terminal",
                  "target/browser-chat.png")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(page.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(page.exitValue()).as(out).isZero();
      assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo("hello from a browser");
      assertThat(out).contains("\"received\":\"hello back, from the terminal\"");
    }
  }
}
