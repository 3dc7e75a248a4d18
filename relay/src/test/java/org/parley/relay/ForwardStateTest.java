package org.parley.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The arrows of a forward's life, and no others. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ForwardStateTest {
  private static Set<ForwardState> next(ForwardState s) {
    Set<ForwardState> to = EnumSet.noneOf(ForwardState.class);
    for (ForwardState n : ForwardState.values()) {
      if (s.mayBecome(n)) {
        to.add(n);
      }
    }
    return to;
  }

  @Test
  void onlyTheDrawnTransitions() {
    assertThat(next(ForwardState.NEW))
        .containsExactlyInAnyOrder(ForwardState.WAITING, ForwardState.FINISHED);
    assertThat(next(ForwardState.WAITING))
        .containsExactlyInAnyOrder(ForwardState.OWNER, ForwardState.FINISHED);
    assertThat(next(ForwardState.OWNER))
        .containsExactlyInAnyOrder(ForwardState.INTERRUPTED, ForwardState.FINISHED);
    assertThat(next(ForwardState.INTERRUPTED))
        .containsExactlyInAnyOrder(ForwardState.WAITING, ForwardState.FINISHED);
    assertThat(next(ForwardState.FINISHED)).isEmpty();
  }
}
