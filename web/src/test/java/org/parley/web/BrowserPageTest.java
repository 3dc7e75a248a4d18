package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.MsrpUri;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;

/**
 * The page the relay serves at {@code /}, in headless Chromium: it loads, and logs in with the
 * relay over the WebSocket beside it (same origin, so no {@code ws.origin} is needed); a wrong
 * password is shown as such.
 */
@Timeout(180)
class BrowserPageTest {
  private static final String REALM = "relay.test";

  @TempDir Path dir;

  private Relay relay() throws Exception {
    Path users = dir.resolve("users");
    Files.writeString(users, HtdigestUserStore.line("alice", REALM, "alice-pw") + "\n");
    return Relay.start(
        RelayConfig.builder()
            .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
            .listen(MsrpUri.parse("msrp://127.0.0.1:0;ws"))
            .users(users)
            .realm(REALM)
            .threads(2)
            .build());
  }

  private static String page(Relay r) {
    MsrpUri ws = r.uris().stream().filter(RelayConfig::isWebSocket).findFirst().orElseThrow();
    return "http://127.0.0.1:" + ws.port() + "/";
  }

  @Test
  void theRelayServesThePageWithItsSecurityHeaders() throws Exception {
    try (Relay r = relay()) {
      HttpResponse<String> index =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(page(r))).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\">");
      assertThat(index.headers().firstValue("content-security-policy").orElse(""))
          .contains("default-src 'self'");
      assertThat(index.headers().firstValue("x-content-type-options")).hasValue("nosniff");
      HttpResponse<String> missing =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(page(r) + "..%2fetc%2fpasswd")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void thePageLogsInWithTheRelayInChromium() throws Exception {
    try (Relay r = relay()) {
      String ok = run(page(r), "alice", "alice-pw", "target/page-login.png");
      assertThat(ok).contains("\"state\":\"authenticated\"").contains(";ws");
      String wrong = run(page(r), "alice", "not-the-password", null);
      assertThat(wrong)
          .contains("\"state\":\"failed\"")
          .contains("refused the user name or password");
    }
  }

  private static String run(String url, String user, String password, String shot)
      throws Exception {
    ProcessBuilder pb =
        shot == null
            ? new ProcessBuilder("node", "test-it/page-login.mjs", url, user, password)
            : new ProcessBuilder("node", "test-it/page-login.mjs", url, user, password, shot);
    Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
