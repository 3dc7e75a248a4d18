package org.parley.msrp.session;

import java.util.ArrayDeque;

/**
 * The chunks of a session written and not yet answered (Failure-Report {@code yes}), across all its
 * outgoing messages, and the writers waiting for room: a bound of 1 is stop-and-wait on the whole
 * session, for peers that lose frame boundaries when several frames come in one read. A session
 * without a bound has none. The waiting writers are the session's own outgoing messages, each
 * waiting at most once; a waiting writer is woken by scheduling it, never run on the caller's
 * stack.
 */
final class ChunkWindow {
  private final int max;
  private int out;
  private ArrayDeque<Runnable> waiting; // made when a writer first waits: most sessions never do

  ChunkWindow(int max) {
    this.max = max;
  }

  int max() {
    return max;
  }

  /**
   * Takes room for one chunk, or parks {@code resume} to run when room comes back; {@code true}
   * when the room was taken.
   */
  boolean takeOrPark(Runnable resume) {
    synchronized (this) {
      if (out < max) {
        out++;
        return true;
      }
      if (waiting == null) {
        waiting = new ArrayDeque<>(4);
      }
      waiting.add(resume);
      return false;
    }
  }

  /**
   * A chunk was answered (or will never be): the waiting writers try again (each takes room or
   * parks again; one that has stopped, its message failed, takes none).
   */
  void release() {
    Runnable[] all;
    synchronized (this) {
      out--;
      if (waiting == null || waiting.isEmpty()) {
        return;
      }
      all = waiting.toArray(new Runnable[0]);
      waiting.clear();
    }
    for (Runnable r : all) {
      r.run();
    }
  }
}
