package org.parley.im.iscomposing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The message composer's side of RFC 3994: turns the user's activity into {@code active} and {@code
 * idle} status messages, with the RFC's timers.
 *
 * <pre>
 *              composing() / send "active"
 *   +------+ --------------------------------&gt; +--------+ --+ refresh timer:
 *   | idle |                                    | active |   | send "active" again
 *   +------+ &lt;-------------------------------- +--------+ &lt;-+
 *      idle timer (no activity for idleTimeout) / send "idle" with lastactive
 *      messageSent()                            / send nothing (the message says it)
 *      idle() (the user cleared the draft)      / send "idle"
 * </pre>
 *
 * <p>Defaults: idle timeout 15 s (RFC 3994's recommended value); refresh 90 s, written in each
 * {@code active} status so the receiver knows when to give up (RFC 3994: not less than 60 s). While
 * the user composes, {@code active} is sent again when nine tenths of the interval have passed (81
 * s of 90), so that it reaches a receiver that gives up when the interval ends even after some time
 * in transit; sent at the interval's very end, it would arrive too late and the peer's indicator
 * would blink. Keystrokes only move a time stamp; the idle timer, when it fires, checks it and
 * waits again if the user typed in between, so typing costs no scheduling.
 *
 * <p>Not thread-safe: call it, and let {@link ImScheduler} run its tasks, on one thread.
 */
public final class IsComposingSender {
  /** The idle timeout RFC 3994 recommends. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);

  /** The refresh interval used unless another is given. */
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(90);

  /** The shortest refresh interval RFC 3994 allows. */
  public static final Duration MIN_REFRESH = Duration.ofSeconds(60);

  private final ImScheduler scheduler;
  private final Consumer<IsComposing> send;
  private final Duration idleTimeout;
  private final Duration refresh;
  private final Duration resend;
  private final String contentType;

  private ComposingState state = ComposingState.IDLE;
  private Instant lastActivity;
  private ImScheduler.Cancellable idleTimer;
  private ImScheduler.Cancellable refreshTimer;
  private long generation;
  private boolean closed;

  private IsComposingSender(Builder b) {
    this.scheduler = b.scheduler;
    this.send = b.send;
    this.idleTimeout = b.idleTimeout;
    this.refresh = b.refresh;
    this.resend = b.refresh.multipliedBy(9).dividedBy(10);
    this.contentType = b.contentType;
  }

  /**
   * A builder; {@code send} is called with each status message to send (on the caller's thread or
   * the scheduler's).
   */
  public static Builder builder(ImScheduler scheduler, Consumer<IsComposing> send) {
    return new Builder(scheduler, send);
  }

  /** The user is composing (a keystroke, a recording started): {@code active} if idle. */
  public void composing() {
    if (closed) {
      return;
    }
    lastActivity = scheduler.now();
    if (state == ComposingState.ACTIVE) {
      return;
    }
    state = ComposingState.ACTIVE;
    long g = ++generation;
    send.accept(active());
    idleTimer = scheduler.schedule(idleTimeout, () -> idleTimerFired(g));
    refreshTimer = scheduler.schedule(resend, () -> refreshTimerFired(g));
  }

  /** The composed message was sent: idle, without a status message (the message says it). */
  public void messageSent() {
    if (state == ComposingState.ACTIVE) {
      toIdle(false);
    }
  }

  /** The user stopped composing (cleared the draft): {@code idle} now rather than at time-out. */
  public void idle() {
    if (state == ComposingState.ACTIVE) {
      toIdle(true);
    }
  }

  /** Stops the timers; sends nothing (the receiver times out). Later calls do nothing. */
  public void close() {
    if (state == ComposingState.ACTIVE) {
      toIdle(false);
    }
    closed = true;
  }

  /** The state last announced. */
  public ComposingState state() {
    return state;
  }

  private void idleTimerFired(long g) {
    if (g != generation || state != ComposingState.ACTIVE) {
      return;
    }
    Duration quiet = Duration.between(lastActivity, scheduler.now());
    if (quiet.compareTo(idleTimeout) < 0) {
      idleTimer = scheduler.schedule(idleTimeout.minus(quiet), () -> idleTimerFired(g));
      return;
    }
    toIdle(true);
  }

  private void refreshTimerFired(long g) {
    if (g != generation || state != ComposingState.ACTIVE) {
      return;
    }
    send.accept(active());
    refreshTimer = scheduler.schedule(resend, () -> refreshTimerFired(g));
  }

  private void toIdle(boolean announce) {
    state = ComposingState.IDLE;
    generation++;
    idleTimer.cancel();
    refreshTimer.cancel();
    if (announce) {
      OffsetDateTime last =
          OffsetDateTime.ofInstant(lastActivity.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
      send.accept(
          IsComposing.builder(ComposingState.IDLE)
              .lastActive(last)
              .contentType(contentType)
              .build());
    }
  }

  private IsComposing active() {
    return IsComposing.builder(ComposingState.ACTIVE)
        .contentType(contentType)
        .refreshSeconds((int) refresh.toSeconds())
        .build();
  }

  /** Builds an {@link IsComposingSender}. */
  public static final class Builder {
    private final ImScheduler scheduler;
    private final Consumer<IsComposing> send;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration refresh = DEFAULT_REFRESH;
    private String contentType = "text/plain";

    private Builder(ImScheduler scheduler, Consumer<IsComposing> send) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      this.send = Objects.requireNonNull(send, "send");
    }

    /** How long without activity before {@code idle}; positive. Default 15 s. */
    public Builder idleTimeout(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("idle timeout must be positive: " + d);
      }
      this.idleTimeout = d;
      return this;
    }

    /** The refresh interval: whole seconds, at least 60 s (RFC 3994). Default 90 s. */
    public Builder refresh(Duration d) {
      if (d.compareTo(MIN_REFRESH) < 0
          || d.toNanosPart() != 0
          || d.toSeconds() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "refresh is whole seconds, at least " + MIN_REFRESH.toSeconds() + " s: " + d);
      }
      this.refresh = d;
      return this;
    }

    /**
     * The {@code contenttype} announced ({@code text/plain}, {@code audio}, ...); null for none.
     */
    public Builder contentType(String type) {
      IsComposing.builder(ComposingState.ACTIVE).contentType(type);
      this.contentType = type;
      return this;
    }

    /** A new sender, idle. */
    public IsComposingSender build() {
      return new IsComposingSender(this);
    }
  }
}
