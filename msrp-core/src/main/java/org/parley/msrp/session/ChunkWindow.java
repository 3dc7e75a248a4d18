package org.parley.msrp.session;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The chunks of a session written and not yet answered (Failure-Report {@code yes}), across all its
 * outgoing messages, and the writers waiting for room: a bound of 1 is stop-and-wait on the whole
 * session, for peers that lose frame boundaries when several frames come in one read. A session
 * without a bound has none. The waiting writers are the session's own outgoing messages, each
 * waiting at most once, in order; a waiting writer is woken by scheduling it, never run on the
 * caller's stack.
 */
final class ChunkWindow {
  private final int max;
  private int out;
  private @Nullable ArrayDeque<Runnable>
      waiting; // made when a writer first waits: most sessions never do

  ChunkWindow(int max) {
    this.max = max;
  }

  int max() {
    return max;
  }

  /**
   * Takes room for one chunk, or queues {@code granted} to run when the room is handed over; {@code
   * true} when the room was taken now. Writers get room in the order they asked: none takes it
   * while others wait, so the session's messages keep their order.
   */
  boolean takeOrPark(Runnable granted) {
    synchronized (this) {
      if (out < max && (waiting == null || waiting.isEmpty())) {
        out++;
        return true;
      }
      if (waiting == null) {
        waiting = new ArrayDeque<>(4);
      }
      waiting.add(granted);
      return false;
    }
  }

  /**
   * A chunk was answered (or will never be): its room goes to the writer that has waited longest,
   * whose {@code granted} task then runs (it schedules the writer; a writer whose message has ended
   * meanwhile gives the room back with another release).
   */
  void release() {
    Runnable next = null;
    synchronized (this) {
      out--;
      if (waiting != null && !waiting.isEmpty()) {
        next = waiting.poll();
        out++; // handed over, not freed
      }
    }
    if (next != null) {
      next.run();
    }
  }
}
