package org.parley.im.iscomposing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A clock that moves only when told to, running the tasks that fall due in order of their time
 * (then of scheduling). No threads, no sleeps.
 */
final class FakeScheduler implements ImScheduler {
  private static final class Task {
    final Instant at;
    final long seq;
    final Runnable run;
    boolean cancelled;

    Task(Instant at, long seq, Runnable run) {
      this.at = at;
      this.seq = seq;
      this.run = run;
    }
  }

  private final List<Task> tasks = new ArrayList<>();
  private Instant now = Instant.parse("2024-05-01T10:00:00Z");
  private long seq;

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(now.plus(delay), seq++, task);
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  /** Moves the clock by {@code d}, running every task due by then at its own time. */
  void advance(Duration d) {
    Instant end = now.plus(d);
    while (true) {
      Task next =
          tasks.stream()
              .filter(t -> !t.cancelled && !t.at.isAfter(end))
              .min(Comparator.comparing((Task t) -> t.at).thenComparingLong(t -> t.seq))
              .orElse(null);
      if (next == null) {
        break;
      }
      tasks.remove(next);
      now = next.at;
      next.run.run();
    }
    now = end;
  }

  void advanceSeconds(long s) {
    advance(Duration.ofSeconds(s));
  }

  /** Tasks scheduled and neither run nor cancelled. */
  long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }
}
