package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ConcurrentModificationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping the SIP stack survives the RI's own race: its UDP processor can fail its stop with a
 * ConcurrentModificationException (seen in a repeat-verify run), after which the rest of the stack
 * still has to stop and the agent still has to release its MSRP side.
 */
@Timeout(60)
class JainSipStopTest {
  @Test
  void aStopThatFailsOnceIsTriedAgain() {
    AtomicInteger calls = new AtomicInteger();
    boolean stopped =
        JainSip.stopRetrying(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new ConcurrentModificationException();
              }
            },
            3);
    assertThat(stopped).isTrue();
    assertThat(calls).hasValue(2);
  }

  @Test
  void aStopThatKeepsFailingIsGivenUpWithoutThrowing() {
    AtomicInteger calls = new AtomicInteger();
    boolean stopped =
        JainSip.stopRetrying(
            () -> {
              calls.incrementAndGet();
              throw new ConcurrentModificationException();
            },
            3);
    assertThat(stopped).isFalse();
    assertThat(calls).hasValue(3);
  }

  @Test
  void aStopThatWorksRunsOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThat(JainSip.stopRetrying(calls::incrementAndGet, 3)).isTrue();
    assertThat(calls).hasValue(1);
  }
}
