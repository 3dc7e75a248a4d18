package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaScript MSRP library against Kamailio's relay over WebSocket (its websocket module, RFC
 * 7977; the project's Kamailio relay configuration with a ws listener): two clients authenticate
 * with Kamailio's MD5 digest and exchange a text and a 4 KB message both ways, each chunk one final
 * WebSocket frame, as Kamailio takes them.
 */
@Timeout(120)
class KamailioWebSocketInteropTest {
  private static final Path SCRIPT =
      Path.of("..", "relay", "src", "test", "resources", "kamailio", "kamailio-relay.sh");

  @TempDir Path dir;

  @Test
  void twoLibraryClientsChatThroughKamailiosWebSocketRelay() throws Exception {
    int port = freePort();
    int ws = freePort();
    ProcessBuilder start =
        new ProcessBuilder(
                "bash", SCRIPT.toString(), "start", Integer.toString(port), dir.toString())
            .redirectErrorStream(true);
    start.environment().put("KAMAILIO_WS_PORT", Integer.toString(ws));
    Process k = start.start();
    String started = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(k.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(k.exitValue()).as(started).isZero();
    try {
      Process node =
          new ProcessBuilder(
                  "node",
                  "--experimental-websocket",
                  "--no-warnings",
                  "test-it/kamailio-chat.mjs",
                  "ws://127.0.0.1:" + ws + "/",
                  "msrp://127.0.0.1:" + ws + ";ws")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(node.exitValue()).as(out).isZero();
      assertThat(out)
          .contains("\"authenticated\":true")
          .contains("\"bobGot\":\"hello Bob, through Kamailio\",\"second\":4096")
          .contains("\"aliceGot\":\"hello Alice\"")
          .doesNotContain("\"error\"");
    } finally {
      new ProcessBuilder("bash", SCRIPT.toString(), "stop", Integer.toString(port), dir.toString())
          .redirectErrorStream(true)
          .start()
          .waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
