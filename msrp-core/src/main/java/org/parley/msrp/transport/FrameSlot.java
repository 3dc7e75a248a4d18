package org.parley.msrp.transport;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Who may write a frame on a connection now. A frame written in parts ({@link FrameStream}) holds
 * the slot from its head to its end-line; whole frames and other streams that come meanwhile wait
 * here, in order, and go out when it ends. Confined to the connection's event loop, but for {@link
 * #othersWaiting}, which a streaming writer reads from any thread to end its chunk early (RFC 4975
 * §7.1.1 interruption).
 *
 * <p>Bound: a writer waits here only while a stream holds the slot, and a stream that sees waiting
 * writers ends its chunk after the piece it is writing, so the queue empties within one piece. The
 * queue holds the stack's own writes (responses, REPORTs, chunks), whose number is bounded by the
 * requests the connection reads during one piece.
 */
final class FrameSlot implements ChannelFutureListener {
  private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<FrameSlot> COMING =
      java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(FrameSlot.class, "coming");

  /** Made when a writer first has to wait: most connections never stream (event loop only). */
  private @Nullable ArrayDeque<Runnable> waiting;

  private @Nullable FrameStream holder;
  private volatile int waitingCount;

  /** Writers on their way to the event loop (counted on the caller's thread); any thread. */
  private volatile int coming;

  /** A writer on another thread is about to hand its frame to the event loop. */
  void coming() {
    COMING.incrementAndGet(this);
  }

  /** That writer's task now runs on the event loop. */
  void arrived() {
    COMING.decrementAndGet(this);
  }

  /** Runs {@code write} now if the slot is free, else when it is (on the event loop). */
  void whenFree(Runnable write) {
    if (holder == null && (waiting == null || waiting.isEmpty())) {
      write.run();
    } else {
      if (waiting == null) {
        waiting = new ArrayDeque<>(4);
      }
      waiting.add(write);
      waitingCount = waiting.size();
    }
  }

  /** {@code true} when no stream holds the slot and no writer waits (on the event loop). */
  boolean free() {
    return holder == null && (waiting == null || waiting.isEmpty());
  }

  void take(FrameStream stream) {
    holder = stream;
  }

  /** Frees the slot and runs the waiting writers until one of them takes it again. */
  void release(@Nullable FrameStream stream) {
    if (holder != stream) {
      return;
    }
    holder = null;
    while (holder == null && waiting != null && !waiting.isEmpty()) {
      Runnable next = waiting.poll();
      waitingCount = waiting.size();
      next.run();
    }
  }

  /**
   * {@code true} while a writer waits for the stream to end, or is on its way to the event loop (so
   * that a streaming writer yields even before that writer's task has run); any thread.
   */
  boolean othersWaiting() {
    return waitingCount > 0 || coming > 0;
  }

  /**
   * The connection closed: the holder lets go and the waiting writers run, so that their writes
   * fail (and Netty releases their buffers) instead of waiting for ever.
   */
  /** The connection closed (its close future's listener: no lambda object per connection). */
  @Override
  public void operationComplete(ChannelFuture future) {
    closed();
  }

  void closed() {
    FrameStream h = holder;
    if (h != null) {
      release(h);
    } else {
      release(null);
    }
  }
}
