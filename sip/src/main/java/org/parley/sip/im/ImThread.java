package org.parley.sip.im;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.im.iscomposing.ImScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread an {@link ImSession} runs on: the application's single-threaded executor, or a
 * daemon thread of the session's own, stopped with it. Tasks and timers are guarded: a failure is
 * logged, never lost, and never stops the thread.
 */
final class ImThread {
  private static final Logger LOG = LoggerFactory.getLogger(ImThread.class);
  private static final AtomicLong THREADS = new AtomicLong();

  private final ScheduledExecutorService executor;
  private final boolean own;
  private final ImScheduler scheduler;

  /** On {@code executor}, or on a thread of its own when it is null. */
  ImThread(ScheduledExecutorService executor) {
    this.own = executor == null;
    this.executor = own ? ownThread() : executor;
    ImScheduler inner = ImScheduler.of(this.executor, Clock.systemUTC());
    this.scheduler =
        new ImScheduler() {
          @Override
          public Instant now() {
            return inner.now();
          }

          @Override
          public Cancellable schedule(Duration delay, Runnable task) {
            try {
              return inner.schedule(delay, guarded(task));
            } catch (RejectedExecutionException e) {
              return () -> {};
            }
          }
        };
  }

  private static ScheduledExecutorService ownThread() {
    String name = "parley-im-" + THREADS.incrementAndGet();
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /** The clock and timers of the is-composing machines, on this thread. */
  ImScheduler scheduler() {
    return scheduler;
  }

  /** Runs {@code task} on this thread; nothing once it is stopped. */
  void run(Runnable task) {
    try {
      executor.execute(guarded(task));
    } catch (RejectedExecutionException e) {
      LOG.debug("IM session closed: {}", e.toString());
    }
  }

  /** Stops the thread if it is the session's own (on it: after the current task). */
  void stop() {
    if (own) {
      executor.shutdown();
    }
  }

  private static Runnable guarded(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("unexpected failure on the IM thread", e);
      }
    };
  }
}
