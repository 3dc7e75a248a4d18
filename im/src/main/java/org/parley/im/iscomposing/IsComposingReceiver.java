package org.parley.im.iscomposing;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The status message receiver's side of RFC 3994: the peer's composing state, from its status
 * messages, its content messages and the refresh time-out.
 *
 * <pre>
 *            "active" received / start timer (its refresh, or 120 s)
 *   +------+ -------------------------------------&gt; +--------+ --+ "active" again:
 *   | idle |                                         | active |   | restart the timer
 *   +------+ &lt;------------------------------------- +--------+ &lt;-+
 *            "idle" received, a message received, or the timer fires
 * </pre>
 *
 * <p>Not thread-safe: call it, and let {@link ImScheduler} run its tasks, on one thread. The
 * listener is called on that thread.
 */
public final class IsComposingReceiver {
  /** How long an {@code active} without {@code <refresh>} lasts (RFC 3994). */
  public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(2);

  /** What changed the peer's state. */
  public enum Cause {
    /** A status message. */
    STATUS,
    /** A content message arrived (it ends the composing). */
    MESSAGE,
    /** No refresh came in time. */
    TIMEOUT
  }

  /** Told of each change of the peer's state. */
  public interface Listener {
    /**
     * The peer's state is now {@code state}.
     *
     * @param status the status message that caused the change, or {@code null} for a message or a
     *     time-out
     */
    void stateChanged(ComposingState state, Cause cause, IsComposing status);
  }

  private final ImScheduler scheduler;
  private final Listener listener;
  private ComposingState state = ComposingState.IDLE;
  private IsComposing last;
  private ImScheduler.Cancellable timer;
  private long generation;

  /** A receiver reporting to {@code listener}. */
  public IsComposingReceiver(ImScheduler scheduler, Listener listener) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** A status message from the peer. */
  public void onStatus(IsComposing status) {
    last = status;
    cancelTimer();
    if (status.state() == ComposingState.ACTIVE) {
      long g = generation;
      timer = scheduler.schedule(status.refresh().orElse(DEFAULT_REFRESH), () -> timerFired(g));
      change(ComposingState.ACTIVE, Cause.STATUS, status);
    } else {
      change(ComposingState.IDLE, Cause.STATUS, status);
    }
  }

  /** A content message from the peer: it is no longer composing. */
  public void onMessage() {
    cancelTimer();
    change(ComposingState.IDLE, Cause.MESSAGE, null);
  }

  /** Stops the timer; the state stays as it is. */
  public void close() {
    cancelTimer();
  }

  /** The peer's state. */
  public ComposingState state() {
    return state;
  }

  /** The last status message received, if any. */
  public Optional<IsComposing> lastStatus() {
    return Optional.ofNullable(last);
  }

  private void timerFired(long g) {
    if (g == generation) {
      timer = null;
      change(ComposingState.IDLE, Cause.TIMEOUT, null);
    }
  }

  private void cancelTimer() {
    generation++;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void change(ComposingState to, Cause cause, IsComposing status) {
    if (state != to) {
      state = to;
      listener.stateChanged(to, cause, status);
    }
  }
}
