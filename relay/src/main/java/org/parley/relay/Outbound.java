package org.parley.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.codec.MsrpFrame;

/**
 * Everything the relay writes to one connection, in frame-sized turns: it schedules, {@link Router}
 * decides, {@link Peer} reads. A frame on an MSRP connection cannot be interleaved with another, so
 * one writer at a time holds the connection's frame slot: the {@link Forward} whose head was
 * written and whose end-line was not. Others wait in order ({@link Turn}s): forwarded requests
 * (whose upstream connection stops reading meanwhile) and whole frames the relay makes (responses,
 * REPORTs).
 *
 * <p>No frame holds the slot for long (RFC 4975 §7.1 interruption, RFC 4976 §6.4.1 re-chunking):
 *
 * <ul>
 *   <li>A SEND gives it up, ending its chunk with {@code +} and sending the rest as a new chunk
 *       later, when others wait and either its upstream has nothing more to give for now, or it has
 *       sent {@link RelayLimits#splitBytes} since it took the slot.
 *   <li>Any other request is aborted ({@code #}) when its body passes {@link
 *       RelayLimits#maxOtherBody} (its sender gets 413) or it still holds the slot {@link
 *       RelayLimits#frameTimeout} after taking it (no answer: a sender that stalls loses the slot,
 *       and the rest of its frame is dropped).
 *   <li>A SEND whose bytes would pass Byte-Range position 2^63 - 1 is aborted; its sender gets 400.
 * </ul>
 *
 * <p>Bounds: the queue holds at most one forwarded frame per upstream connection and {@link
 * RelayLimits#writeQueue} whole frames; a connection that lets more pile up is closed. At most
 * {@link RelayLimits#maxPending} transactions wait for a response ({@link Pending}); while that
 * many do, forwarded frames wait (and their upstreams stop reading). Each ends at the latest {@link
 * RelayLimits#transactionTimeout} after its last byte was written.
 *
 * <p>Threads: any event loop may call in (an upstream's loop forwarding, this connection's loop
 * answering); state is guarded by this object's monitor, and writes are handed to the channel under
 * it ({@link LoopWriter}), so their order is the order of the decisions. No other monitor is taken
 * while this one is held (wake-ups are tasks) but the writer's, a leaf, so monitors of different
 * connections never nest.
 */
final class Outbound {
  private final Peer peer;
  private final Channel channel;
  private final EventLoop loop;
  private final RelayMetrics metrics;
  private final int splitBytes;
  private final int maxOtherBody;
  private final int writeQueue;
  private final long frameTimeoutNanos;

  // Guarded by this.
  private Forward owner;
  private long ownerSince;
  private final ArrayDeque<Turn> waiting = new ArrayDeque<>(4); // grows when frames wait
  private int wholes;
  private final Set<Peer> blocked = new HashSet<>();
  private boolean closed;

  /** Transactions forwarded here; while full, forwarded frames wait (upstreams stop reading). */
  private final HopTransactions transactions;

  /** Hands the writes decided here to the channel, in order. */
  private final LoopWriter writer;

  /** Whether forwarded frames wait because {@link #transactions} is full; then an end grants. */
  private volatile boolean holding;

  Outbound(Peer peer, RelayMetrics metrics, RelayLimits limits) {
    this.peer = peer;
    this.channel = peer.channel();
    this.loop = channel.eventLoop();
    this.metrics = metrics;
    this.splitBytes = limits.splitBytes();
    this.maxOtherBody = limits.maxOtherBody();
    this.writeQueue = limits.writeQueue();
    this.frameTimeoutNanos = limits.frameTimeout().toNanos();
    this.transactions = new HopTransactions(limits, metrics, this::transactionEnded);
    this.writer = new LoopWriter(peer, metrics, this::writabilityChanged);
  }

  HopTransactions transactions() {
    return transactions;
  }

  // ---------------------------------------------------------------------------------------------
  // Whole frames

  /**
   * Writes a frame without body (a response or a REPORT) as soon as the slot is free. Past {@link
   * RelayLimits#writeQueue} waiting whole frames the connection is closed: it does not drain.
   */
  void sendWhole(MsrpHead head) {
    whole(head, null);
  }

  /**
   * {@link #sendWhole}, with a future that completes when the frame is handed to the socket, or
   * fails when the connection is gone.
   */
  CompletableFuture<Void> sendWholeThen(MsrpHead head) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    whole(head, done);
    return done;
  }

  private void whole(MsrpHead head, @Nullable CompletableFuture<Void> done) {
    synchronized (this) {
      if (closed || !channel.isActive()) {
        fail(done);
        return;
      }
      if (owner == null) {
        // Nothing waits, or only forwarded frames held for room in pending: whole frames pass.
        submitWhole(head, done);
        return;
      }
      if (wholes < writeQueue) {
        wholes++;
        waiting.add(new Turn.Whole(head, done));
        yieldStarvedOwner();
        return;
      }
    }
    fail(done);
    loop.execute(() -> peer.close("more than limits.write-queue frames waiting"));
  }

  private static void fail(@Nullable CompletableFuture<Void> done) {
    if (done != null) {
      done.completeExceptionally(new ClosedChannelException());
    }
  }

  /** A whole frame is one write: its head and end-line in one buffer. */
  private void submitWhole(MsrpHead head, @Nullable CompletableFuture<Void> done) {
    MsrpFrame frame = new MsrpFrame(head, Unpooled.EMPTY_BUFFER, false, ContinuationFlag.END);
    writer.submit(frame, done == null ? null : f -> complete(done, f), 256);
  }

  private static void complete(CompletableFuture<Void> done, Future<?> f) {
    if (f.isSuccess()) {
      done.complete(null);
    } else {
      done.completeExceptionally(f.cause());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Forwarded frames (called on the upstream's loop)

  /** Asks for the slot for {@code f}'s head; granted now when free, else {@code f} waits. */
  void begin(Forward f) {
    synchronized (this) {
      if (!closed) {
        if (f.state() == ForwardState.NEW) {
          enqueue(f);
        }
        return;
      }
    }
    f.fail(408, "Connection Lost"); // outside the monitor: failing may write to another connection
  }

  /**
   * Writes a body slice of {@code f}, taking ownership of {@code slice}.
   *
   * @return false when {@code f} must wait for the slot (the slice is not taken)
   */
  boolean content(Forward f, ByteBuf slice) {
    int n = slice.readableBytes();
    synchronized (this) {
      if (closed || dropsRest(f)) {
        slice.release();
        return true;
      }
      if (!f.fits(n)) {
        cutOff(f, 400, "Byte-Range Past 2^63-1");
        slice.release();
        return true;
      }
      if (owner != f) {
        if (f.state() != ForwardState.WAITING) {
          enqueue(f);
        }
        if (owner != f) {
          return false;
        }
      }
      if (!f.send() && f.pieceBytes() + n > maxOtherBody) {
        cutOff(f, 413, "Message Too Large");
        slice.release();
        return true;
      }
      if (f.send() && f.pieceBytes() >= splitBytes && !waiting.isEmpty()) {
        interrupt(f);
        enqueue(f);
        if (owner != f) {
          return false;
        }
      }
      f.wrote(n);
      metrics.bytes(f.directions(), n); // counted before the write anyone could see
      writer.submit(slice, null, n);
    }
    return true;
  }

  /**
   * Ends {@code f}'s frame with {@code flag}.
   *
   * @return false when {@code f} must wait for the slot
   */
  boolean end(Forward f, ContinuationFlag flag) {
    synchronized (this) {
      if (closed || dropsRest(f)) {
        if (f.state() == ForwardState.WAITING) {
          waiting.remove(f);
        }
        f.dropped();
        return true;
      }
      if (owner != f) {
        if (f.state() == ForwardState.INTERRUPTED && flag == ContinuationFlag.MORE) {
          // The downstream chunk already ended with '+': nothing more to say for this chunk.
          f.dropped();
          return true;
        }
        if (f.state() == ForwardState.WAITING && f.isUpstreamGone() && !f.begun()) {
          // Cut off before anything of it was written: nothing to abort downstream.
          waiting.remove(f);
          f.dropped();
          return true;
        }
        if (f.state() != ForwardState.WAITING) {
          enqueue(f);
        }
        if (owner != f) {
          return false;
        }
      }
      metrics.relayed(f.directions(), f.send() && flag == ContinuationFlag.END);
      endPiece(f.finished(), flag);
      owner = null;
      grantNext();
    }
    return true;
  }

  /** Whether what comes of {@code f} is dropped: it was refused, or it failed and lost the slot. */
  private boolean dropsRest(Forward f) {
    return f.state() == ForwardState.FINISHED || (f.failure() != 0 && owner != f);
  }

  /** {@code f}'s upstream has nothing more for now: give the slot to whoever waits. */
  synchronized void starved(Forward f) {
    if (owner == f && f.send() && !waiting.isEmpty()) {
      interrupt(f);
    }
  }

  /**
   * The slot's owner, when it is no SEND and took the slot more than {@link
   * RelayLimits#frameTimeout} before {@code now}, is aborted (on this connection's loop, from its
   * periodic check).
   */
  void checkOwner(long now) {
    Forward f;
    synchronized (this) {
      f = owner;
      if (f == null || f.send() || now - ownerSince < frameTimeoutNanos) {
        return;
      }
      cutOff(f, 0, "frame time-out"); // no 408 upstream: RFC 4975 keeps it for local time-outs
    }
    f.wakeUpstream();
  }

  /** Adds {@code f} to the waiters, grants the slot when it is free, and nudges a starved owner. */
  private void enqueue(Forward f) {
    f.queued();
    waiting.add(f);
    if (owner == null) {
      grantNext();
    } else {
      yieldStarvedOwner();
    }
  }

  private void yieldStarvedOwner() {
    Forward o = owner;
    if (o != null && o.send() && o.starved()) {
      interrupt(o);
    }
  }

  /** Ends the owner's piece with '+' and frees the slot; the rest goes later as a new chunk. */
  private void interrupt(Forward f) {
    metrics.splits.increment();
    endPiece(f.interrupted(), ContinuationFlag.MORE);
    owner = null;
    grantNext();
  }

  /**
   * Stops {@code f} for good: a frame in progress ends with '#', a waiting one leaves the queue,
   * and its sender will hear {@code code}.
   */
  private void cutOff(Forward f, int code, String reason) {
    if (owner == f) {
      writer.submit(ContinuationFlag.ABORT, null, 64);
      owner = null;
    } else if (f.state() == ForwardState.WAITING) {
      waiting.remove(f);
    }
    f.refused(code, reason);
    if (code != 0) {
      metrics.error(code, false);
    }
    if (owner == null) {
      grantNext();
    }
  }

  /**
   * Gives the slot to the waiters in order: whole frames are written, a Forward takes it. While
   * {@link RelayLimits#maxPending} transactions wait for a response here, forwarded frames wait and
   * whole frames pass them.
   */
  private void grantNext() {
    Turn w;
    while (owner == null && (w = waiting.peek()) != null) {
      if (w instanceof Forward && transactions.full()) {
        holding = true; // published before the second look: a removal after it sees it and grants
        if (transactions.full()) {
          writeWholesOnly();
          return;
        }
        holding = false;
      }
      waiting.poll();
      if (w instanceof Turn.Whole whole) {
        wholes--;
        submitWhole(whole.head(), whole.done());
      } else if (w instanceof Forward f) {
        if (f.failure() != 0) {
          f.dropped();
          f.wakeUpstream();
          continue;
        }
        MsrpRequest head = f.granted();
        if (head == null) {
          f.refused(400, "Byte-Range Past 2^63-1");
          f.wakeUpstream();
          continue;
        }
        owner = f;
        ownerSince = System.nanoTime();
        writer.submit(head, null, 256);
        f.wakeUpstream();
      }
    }
  }

  private void writeWholesOnly() {
    for (java.util.Iterator<Turn> it = waiting.iterator(); it.hasNext(); ) {
      if (it.next() instanceof Turn.Whole whole) {
        it.remove();
        wholes--;
        submitWhole(whole.head(), whole.done());
      }
    }
  }

  /** A transaction ended: forwarded frames held for room in {@link #transactions} may go. */
  private void transactionEnded() {
    if (holding) {
      synchronized (this) {
        holding = false;
        if (owner == null) {
          grantNext();
        }
      }
    }
  }

  /** Writes the end-line of a piece and follows its transaction {@code p} (null: none). */
  private void endPiece(@Nullable Pending p, ContinuationFlag flag) {
    if (p == null) {
      writer.submit(flag, null, 64);
      return;
    }
    transactions.follow(p);
    p.transactions = transactions;
    writer.submit(flag, p, 64);
  }

  // ---------------------------------------------------------------------------------------------
  // Writability

  /**
   * Registers {@code upstream} to be woken when this connection is writable again.
   *
   * @return false when it is writable now (nothing registered)
   */
  synchronized boolean blockUntilWritable(Peer upstream) {
    if (closed || writer.writable()) {
      return false;
    }
    blocked.add(upstream);
    return true;
  }

  /** The connection may have become writable: wake the upstreams that wait for it. */
  void writabilityChanged() {
    List<Peer> wake;
    synchronized (this) {
      if (blocked.isEmpty() || (!closed && !writer.writable())) {
        return;
      }
      wake = new ArrayList<>(blocked);
      blocked.clear();
    }
    for (Peer u : wake) {
      u.wakeFromDownstream();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  /**
   * The connection is gone: the frame in progress and every waiter fail, transactions waiting for a
   * response end as failed (RFC 4976 §6.4.1: a REPORT when Failure-Report asks), and blocked
   * upstreams are woken to see it.
   */
  void closed() {
    List<Forward> failed = new ArrayList<>();
    List<Turn.Whole> lost = new ArrayList<>();
    List<Peer> wake;
    synchronized (this) {
      closed = true;
      if (owner != null) {
        failed.add(owner);
        owner = null;
      }
      for (Turn w : waiting) {
        if (w instanceof Turn.Whole whole) {
          lost.add(whole);
        } else if (w instanceof Forward f) {
          failed.add(f);
        }
      }
      waiting.clear();
      wholes = 0;
      for (Forward f : failed) {
        f.dropped();
      }
      wake = new ArrayList<>(blocked);
      blocked.clear();
    }
    for (Turn.Whole w : lost) {
      fail(w.done());
    }
    for (Forward f : failed) {
      f.fail(408, "Connection Lost");
      f.wakeUpstream();
    }
    for (Pending p : transactions.takeAll()) {
      if (p.forward.send()) {
        p.forward.report(408, "Connection Lost");
      }
    }
    for (Peer u : wake) {
      u.wakeFromDownstream();
    }
  }
}
