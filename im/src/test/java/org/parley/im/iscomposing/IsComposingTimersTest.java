package org.parley.im.iscomposing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3994's timers on a fake clock: no threads, no sleeps. */
class IsComposingTimersTest {
  private final FakeScheduler clock = new FakeScheduler();
  private final List<String> sent = new ArrayList<>();
  private final List<String> seen = new ArrayList<>();

  private IsComposingSender sender() {
    return IsComposingSender.builder(clock, s -> sent.add(clock.now() + " " + s)).build();
  }

  private IsComposingReceiver receiver() {
    return new IsComposingReceiver(
        clock, (state, cause, status) -> seen.add(clock.now() + " " + state + " " + cause));
  }

  @Test
  void activeOnFirstKeystrokeThenIdleAfter15QuietSeconds() {
    IsComposingSender s = sender();
    s.composing();
    clock.advanceSeconds(5);
    s.composing(); // typing on: no new message
    clock.advanceSeconds(14);
    assertThat(s.state()).isEqualTo(ComposingState.ACTIVE);
    clock.advanceSeconds(1); // 15 s after the last keystroke

    assertThat(sent)
        .containsExactly(
            "2024-05-01T10:00:00Z isComposing active text/plain refresh=90",
            "2024-05-01T10:00:20Z isComposing idle text/plain lastactive=2024-05-01T10:00:05Z");
    assertThat(s.state()).isEqualTo(ComposingState.IDLE);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void activeIsRefreshedWhileTheUserKeepsComposing() {
    IsComposingSender s = sender();
    s.composing();
    for (int second = 10; second <= 200; second += 10) {
      clock.advanceSeconds(10);
      s.composing();
    }

    assertThat(sent)
        .containsExactly(
            "2024-05-01T10:00:00Z isComposing active text/plain refresh=90",
            "2024-05-01T10:01:21Z isComposing active text/plain refresh=90",
            "2024-05-01T10:02:42Z isComposing active text/plain refresh=90");
  }

  @Test
  void sendingTheMessageEndsComposingSilently() {
    IsComposingSender s = sender();
    s.composing();
    clock.advanceSeconds(3);
    s.messageSent();
    clock.advanceSeconds(600);

    assertThat(sent).hasSize(1);
    assertThat(s.state()).isEqualTo(ComposingState.IDLE);
    assertThat(clock.pending()).isZero();
    s.composing(); // a new draft
    assertThat(sent).hasSize(2);
  }

  @Test
  void clearingTheDraftSendsIdleAtOnceAndCloseStopsEverything() {
    IsComposingSender s = sender();
    s.composing();
    clock.advanceSeconds(2);
    s.idle();
    assertThat(sent.get(1)).startsWith("2024-05-01T10:00:02Z isComposing idle");
    s.composing();
    s.close();
    s.composing();
    clock.advanceSeconds(600);
    assertThat(sent).hasSize(3);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void senderSettings() {
    IsComposingSender s =
        IsComposingSender.builder(clock, x -> sent.add(x.toString()))
            .idleTimeout(Duration.ofSeconds(5))
            .refresh(Duration.ofSeconds(60))
            .contentType("audio")
            .build();
    s.composing();
    clock.advanceSeconds(5);
    assertThat(sent)
        .containsExactly(
            "isComposing active audio refresh=60",
            "isComposing idle audio lastactive=2024-05-01T10:00:00Z");
    assertThatThrownBy(
            () -> IsComposingSender.builder(clock, x -> {}).refresh(Duration.ofSeconds(59)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> IsComposingSender.builder(clock, x -> {}).refresh(Duration.ofMillis(60_500)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IsComposingSender.builder(clock, x -> {}).idleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static IsComposing active(int refresh) {
    return IsComposing.builder(ComposingState.ACTIVE)
        .contentType("text/plain")
        .refreshSeconds(refresh)
        .build();
  }

  @Test
  void receiverTimesOutAfterTheAnnouncedRefresh() {
    IsComposingReceiver r = receiver();
    r.onStatus(active(90));
    clock.advanceSeconds(89);
    assertThat(r.state()).isEqualTo(ComposingState.ACTIVE);
    clock.advanceSeconds(1);

    assertThat(seen)
        .containsExactly("2024-05-01T10:00:00Z ACTIVE STATUS", "2024-05-01T10:01:30Z IDLE TIMEOUT");
    assertThat(r.lastStatus()).contains(active(90));
  }

  @Test
  void receiverWaits120SecondsWhenNoRefreshIsAnnounced() {
    IsComposingReceiver r = receiver();
    r.onStatus(IsComposing.builder(ComposingState.ACTIVE).build());
    clock.advanceSeconds(119);
    assertThat(r.state()).isEqualTo(ComposingState.ACTIVE);
    clock.advanceSeconds(1);
    assertThat(seen)
        .containsExactly("2024-05-01T10:00:00Z ACTIVE STATUS", "2024-05-01T10:02:00Z IDLE TIMEOUT");
  }

  @Test
  void aRefreshRestartsTheTimer() {
    IsComposingReceiver r = receiver();
    r.onStatus(active(60));
    clock.advanceSeconds(50);
    r.onStatus(active(60));
    clock.advanceSeconds(50);
    assertThat(r.state()).isEqualTo(ComposingState.ACTIVE);
    clock.advanceSeconds(10);
    assertThat(seen)
        .containsExactly("2024-05-01T10:00:00Z ACTIVE STATUS", "2024-05-01T10:01:50Z IDLE TIMEOUT");
    assertThat(clock.pending()).isZero();
  }

  @Test
  void idleStatusOrAMessageEndsComposing() {
    IsComposingReceiver r = receiver();
    r.onStatus(active(90));
    clock.advanceSeconds(3);
    r.onStatus(
        IsComposing.builder(ComposingState.IDLE)
            .lastActive(OffsetDateTime.parse("2024-05-01T10:00:02Z"))
            .build());
    r.onStatus(active(90));
    clock.advanceSeconds(4);
    r.onMessage();
    r.onMessage(); // already idle: nothing to tell
    clock.advanceSeconds(600);

    assertThat(seen)
        .containsExactly(
            "2024-05-01T10:00:00Z ACTIVE STATUS",
            "2024-05-01T10:00:03Z IDLE STATUS",
            "2024-05-01T10:00:03Z ACTIVE STATUS",
            "2024-05-01T10:00:07Z IDLE MESSAGE");
    assertThat(clock.pending()).isZero();
  }

  @Test
  void senderAndReceiverTogether() {
    IsComposingReceiver r = receiver();
    IsComposingSender s =
        IsComposingSender.builder(clock, status -> r.onStatus(IsComposing.parse(status.toXml())))
            .build();
    s.composing();
    for (int i = 0; i < 30; i++) { // five minutes of typing every ten seconds
      clock.advanceSeconds(10);
      s.composing();
    }
    assertThat(r.state()).isEqualTo(ComposingState.ACTIVE);
    clock.advanceSeconds(15);
    assertThat(r.state()).isEqualTo(ComposingState.IDLE);
    assertThat(seen)
        .containsExactly("2024-05-01T10:00:00Z ACTIVE STATUS", "2024-05-01T10:05:15Z IDLE STATUS");
    r.close();
    s.close();
    assertThat(clock.pending()).isZero();
  }
}
