package org.parley.im.iscomposing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clock and timers the is-composing state machines run on, given by the application: they have
 * no threads of their own. The tasks must run on the thread (or event loop) that calls the machine,
 * one at a time; tests give a fake clock that runs tasks as time is advanced.
 *
 * <p>On Netty: {@code ImScheduler.of(channel.eventLoop(), Clock.systemUTC())}.
 */
public interface ImScheduler {
  /** A scheduled task that can be cancelled. */
  interface Cancellable {
    /** Cancels the task if it has not run; does nothing otherwise. */
    void cancel();
  }

  /** The current time. */
  Instant now();

  /** Runs {@code task} once after {@code delay}. */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * A scheduler on {@code executor} (which must run tasks one at a time, on the thread that uses
   * the machine, e.g. a Netty event loop or a single-threaded executor) and {@code clock}.
   */
  static ImScheduler of(ScheduledExecutorService executor, Clock clock) {
    return new ImScheduler() {
      @Override
      public Instant now() {
        return clock.instant();
      }

      @Override
      public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      }
    };
  }
}
