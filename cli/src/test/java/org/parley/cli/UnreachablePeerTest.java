package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16, item 5: {@code parley chat} inviting an address where nobody listens. Over TCP the
 * refused connection is the answer, shown at once; over UDP nothing answers (the ICMP error does
 * not reach the SIP stack), so the screen says the INVITE has no answer yet while SIP sends it
 * again, and ends with a plain "not reachable".
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnreachablePeerTest {
  @Test
  void aClosedTcpPortIsNotReachableAtOnce() throws Exception {
    String nobody = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    long start = System.nanoTime();
    try (ScreenCapture alice =
        new ScreenCapture(nobody, "--as", "sip:alice@127.0.0.1", "--transport", "tcp")) {
      alice.awaitRow("not reachable", "connection refused");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(alice.exitCode()).isEqualTo(Parley.FAILED);
    }
  }

  @Test
  void nobodyOverUdpShowsProgressThenNotReachable() throws Exception {
    String nobody = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    long start = System.nanoTime();
    try (ScreenCapture alice = new ScreenCapture(nobody, "--as", "sip:alice@127.0.0.1")) {
      alice.awaitRow("no answer yet");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      // SIP over UDP gives up after 32 s (RFC 3261 timer B); the test waits a little longer.
      alice.await(
          "not reachable",
          TimeUnit.SECONDS.toNanos(60),
          s -> ScreenCapture.row(s, "not reachable") != null);
      assertThat(alice.exitCode()).isEqualTo(Parley.FAILED);
    }
  }
}
