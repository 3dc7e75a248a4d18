package org.parley.sip;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own thread: every state change, listener call and future completion of the agent
 * happens on it, one at a time. A task that throws is logged and the thread goes on. Once shut
 * down, {@link #execute} throws {@link RejectedExecutionException} and {@link #schedule} returns
 * null.
 */
final class AgentLoop implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SipAgent.class);

  private final ScheduledThreadPoolExecutor executor;
  private volatile Thread thread;

  AgentLoop(String name) {
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              thread = t;
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(guarded(task));
  }

  /** Runs {@code task} after {@code delay}; null when the loop is shut down. */
  ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
    try {
      return executor.schedule(guarded(task), delay, unit);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  /** Whether the caller runs on the agent's thread. */
  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  void shutdown() {
    executor.shutdown();
  }

  private static Runnable guarded(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.error("unexpected failure on the agent's thread", e);
      }
    };
  }
}
