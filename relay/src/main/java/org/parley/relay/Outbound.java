package org.parley.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpRequest;

/**
 * Everything the relay writes to one connection, in frame-sized turns. A frame on an MSRP
 * connection cannot be interleaved with another, so one writer at a time holds the connection's
 * frame slot: the {@link Forward} whose head was written and whose end-line was not. Others wait in
 * order: forwarded requests (whose upstream connection stops reading meanwhile) and whole frames
 * the relay makes (responses, REPORTs).
 *
 * <p>A SEND holding the slot gives it up, by ending its chunk with {@code +} and sending the rest
 * as a new chunk later (RFC 4975 §7.1 interruption, RFC 4976 §6.4.1 re-chunking), when others wait
 * and either its upstream has nothing more to give for now, or it has sent {@link
 * RelayLimits#splitBytes} since it took the slot. So a slow or stalled sender never blocks the
 * connection, and responses wait at most one such turn.
 *
 * <p>Threads: any event loop may call in (an upstream's loop forwarding, this connection's loop
 * answering); state is guarded by this object's monitor, and writes are handed to the channel under
 * it, so their order is the order of the decisions. No other monitor is taken while this one is
 * held (wake-ups are tasks), so monitors of different connections never nest. A write from a thread
 * other than this connection's loop becomes a task; while such tasks are queued, writes from the
 * loop itself are queued behind them too, and their bytes count against the high-water mark like
 * the channel's own buffer.
 */
final class Outbound {
  /** A frame without body made by the relay, waiting for the slot. */
  private record Whole(MsrpHead head, CompletableFuture<Void> done) {}

  private final Peer peer;
  private final Channel channel;
  private final EventLoop loop;
  private final RelayMetrics metrics;
  private final int splitBytes;
  private final long transactionTimeoutMillis;

  // Guarded by this.
  private Forward owner;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  private final Set<Peer> blocked = new HashSet<>();
  private int tasks;
  private long taskBytes;
  private boolean closed;

  /** Transactions forwarded on this connection, by this hop's transaction id. */
  final Map<String, Pending> pending = new ConcurrentHashMap<>();

  Outbound(Peer peer, RelayMetrics metrics, RelayLimits limits) {
    this.peer = peer;
    this.channel = peer.channel();
    this.loop = channel.eventLoop();
    this.metrics = metrics;
    this.splitBytes = limits.splitBytes();
    this.transactionTimeoutMillis = limits.transactionTimeout().toMillis();
  }

  Peer peer() {
    return peer;
  }

  // ---------------------------------------------------------------------------------------------
  // Whole frames

  /**
   * Writes a frame without body (a response or a REPORT) as soon as the slot is free; the future
   * completes when it is handed to the socket, or fails when the connection is gone.
   */
  CompletableFuture<Void> sendWhole(MsrpHead head) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (closed || !channel.isActive()) {
        done.completeExceptionally(new java.nio.channels.ClosedChannelException());
        return done;
      }
      if (owner == null && waiting.isEmpty()) {
        submit(head, ContinuationFlag.END, done, 256);
      } else {
        waiting.add(new Whole(head, done));
        yieldStarvedOwner();
      }
    }
    return done;
  }

  // ---------------------------------------------------------------------------------------------
  // Forwarded frames (called on the upstream's loop)

  /** Asks for the slot for {@code f}'s head; granted now when free, else {@code f} waits. */
  void begin(Forward f) {
    synchronized (this) {
      if (!closed) {
        if (f.state == Forward.IDLE && !f.queued) {
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
    synchronized (this) {
      if (closed || (f.failure() != 0 && owner != f)) {
        slice.release();
        return true;
      }
      if (owner != f) {
        if (!f.queued) {
          enqueue(f);
        }
        if (owner != f) {
          return false;
        }
      }
      if (f.send && f.pieceBytes >= splitBytes && hasOthersWaiting()) {
        interrupt(f);
        enqueue(f);
        if (owner != f) {
          return false;
        }
      }
      int n = slice.readableBytes();
      f.pieceBytes += n;
      f.forwarded += n;
      metrics.bytes(f.direction, n); // counted before the write anyone could see
      submit(slice, null, null, n);
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
      if (closed || (f.failure() != 0 && owner != f)) {
        waiting.remove(f);
        f.queued = false;
        return true;
      }
      if (owner != f) {
        if (f.state == Forward.DETACHED && flag == ContinuationFlag.MORE) {
          // The downstream chunk already ended with '+': nothing more to say for this chunk.
          f.state = Forward.DONE;
          return true;
        }
        if (f.state == Forward.IDLE && f.upstreamGone) {
          // Cut off before anything of it was written: nothing to abort downstream.
          waiting.remove(f);
          f.queued = false;
          f.state = Forward.DONE;
          return true;
        }
        if (!f.queued) {
          enqueue(f);
        }
        if (owner != f) {
          return false;
        }
      }
      metrics.relayed(f.direction, f.send && flag == ContinuationFlag.END);
      finishPiece(f, flag);
      f.state = Forward.DONE;
      owner = null;
      grantNext();
    }
    return true;
  }

  /** {@code f}'s upstream has nothing more for now: give the slot to whoever waits. */
  synchronized void starved(Forward f) {
    if (owner == f && f.send && hasOthersWaiting()) {
      interrupt(f);
    }
  }

  private boolean hasOthersWaiting() {
    return !waiting.isEmpty();
  }

  /** Adds {@code w} to the waiters, grants the slot when it is free, and nudges a starved owner. */
  private void enqueue(Object w) {
    if (w instanceof Forward) {
      ((Forward) w).queued = true;
    }
    waiting.add(w);
    if (owner == null) {
      grantNext();
    } else {
      yieldStarvedOwner();
    }
  }

  private void yieldStarvedOwner() {
    Forward o = owner;
    if (o != null && o.send && o.starved) {
      interrupt(o);
    }
  }

  /** Ends the owner's piece with '+' and frees the slot; the rest goes later as a new chunk. */
  private void interrupt(Forward f) {
    metrics.splits.increment();
    finishPiece(f, ContinuationFlag.MORE);
    f.state = Forward.DETACHED;
    owner = null;
    grantNext();
  }

  /** Gives the slot to the waiters in order: whole frames are written, a Forward takes it. */
  private void grantNext() {
    Object w;
    while (owner == null && (w = waiting.poll()) != null) {
      if (w instanceof Whole) {
        Whole whole = (Whole) w;
        submit(whole.head(), ContinuationFlag.END, whole.done(), 256);
      } else {
        Forward f = (Forward) w;
        f.queued = false;
        if (f.failure() != 0 || f.state == Forward.DONE) {
          f.wakeUpstream();
          continue;
        }
        MsrpRequest head = f.nextPieceHead();
        f.pieceTransactionId = head.transactionId();
        f.pieceBytes = 0;
        f.state = Forward.OWNER;
        owner = f;
        submit(head, null, null, 256);
        f.wakeUpstream();
      }
    }
  }

  /** Writes the end-line of {@code f}'s current piece and registers its transaction. */
  private void finishPiece(Forward f, ContinuationFlag flag) {
    Pending p = f.pendingFor(f.pieceTransactionId);
    CompletableFuture<Void> written = new CompletableFuture<>();
    if (p != null) {
      pending.put(p.transactionId, p);
      written.thenRun(() -> startTimer(p));
    }
    submit(flag, null, written, 64);
  }

  private void startTimer(Pending p) {
    if (pending.get(p.transactionId) != p) {
      return; // answered already
    }
    p.timer =
        loop.schedule(
            () -> {
              if (pending.remove(p.transactionId, p)) {
                if (p.reportTimeout) {
                  metrics.timeouts.increment();
                  p.forward.report(408, "Request Timeout");
                }
              }
            },
            transactionTimeoutMillis,
            TimeUnit.MILLISECONDS);
  }

  // ---------------------------------------------------------------------------------------------
  // Writability

  /**
   * Registers {@code upstream} to be woken when this connection is writable again.
   *
   * @return false when it is writable now (nothing registered)
   */
  synchronized boolean blockUntilWritable(Peer upstream) {
    if (closed || writable()) {
      return false;
    }
    blocked.add(upstream);
    return true;
  }

  /**
   * Whether more may be written: the channel's buffer and the writes still queued as tasks for its
   * loop count together against the channel's high-water mark.
   */
  private boolean writable() {
    return channel.isWritable() && taskBytes < channel.bytesBeforeUnwritable();
  }

  /** The connection may have become writable: wake the upstreams that wait for it. */
  void writabilityChanged() {
    List<Peer> wake;
    synchronized (this) {
      if (blocked.isEmpty() || (!closed && !writable())) {
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
  // Writing

  /**
   * Hands {@code a} (and {@code b} after it) to the channel, flushing, in order with every write
   * decided before. Called with the monitor held.
   */
  private void submit(Object a, Object b, CompletableFuture<Void> done, long size) {
    if (loop.inEventLoop() && tasks == 0) {
      write(a, b, done);
      return;
    }
    tasks++;
    taskBytes += size;
    loop.execute(
        () -> {
          write(a, b, done);
          synchronized (this) {
            tasks--;
            taskBytes -= size;
          }
          writabilityChanged();
        });
  }

  private void write(Object a, Object b, CompletableFuture<Void> done) {
    peer.wrote();
    ChannelFuture f;
    if (b == null) {
      f = channel.writeAndFlush(a);
    } else {
      channel.write(a).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      f = channel.writeAndFlush(b);
    }
    f.addListener(
        x -> {
          if (x.isSuccess()) {
            if (done != null) {
              done.complete(null);
            }
          } else {
            if (done != null) {
              done.completeExceptionally(x.cause());
            }
            if (channel.isActive()) {
              // The encoder refused a write (a body holding its own end-line): framing is lost.
              channel.close();
            }
          }
        });
    ChannelOutboundBuffer buf = channel.unsafe().outboundBuffer();
    if (buf != null) {
      metrics.pendingWrite(buf.totalPendingWriteBytes());
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
    List<Peer> wake;
    List<Whole> wholes = new ArrayList<>();
    synchronized (this) {
      closed = true;
      if (owner != null) {
        failed.add(owner);
        owner = null;
      }
      for (Object w : waiting) {
        if (w instanceof Forward) {
          ((Forward) w).queued = false;
          failed.add((Forward) w);
        } else {
          wholes.add((Whole) w);
        }
      }
      waiting.clear();
      wake = new ArrayList<>(blocked);
      blocked.clear();
    }
    for (Whole w : wholes) {
      w.done().completeExceptionally(new java.nio.channels.ClosedChannelException());
    }
    for (Forward f : failed) {
      f.fail(408, "Connection Lost");
      f.wakeUpstream();
    }
    for (Pending p : pending.values()) {
      if (pending.remove(p.transactionId, p)) {
        p.cancel();
        if (p.forward.send) {
          p.forward.report(408, "Connection Lost");
        }
      }
    }
    for (Peer u : wake) {
      u.wakeFromDownstream();
    }
  }

  /** Whether a frame is being written or waits (for tests and shutdown). */
  synchronized boolean busy() {
    return owner != null || !waiting.isEmpty();
  }
}
