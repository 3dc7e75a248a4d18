package org.parley.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * Hands what {@link Outbound} decides to write on one connection to its channel, in the order of
 * the decisions. A write decided on the connection's loop goes to the channel at once unless writes
 * decided on other threads are still queued as tasks for the loop; then it queues behind them, and
 * the bytes of queued tasks count against the channel's high-water mark like its own buffer.
 *
 * <p>{@link #submit} is called under the {@link Outbound}'s monitor (which orders the decisions);
 * the task counts are guarded by this object's monitor, a leaf lock: nothing else is taken while it
 * is held.
 */
final class LoopWriter {
  private final Channel channel;
  private final EventLoop loop;
  private final Peer peer;
  private final RelayMetrics metrics;

  /** Told when a queued write went out: the connection may have become writable. */
  private final Runnable drained;

  // Guarded by this.
  private int tasks;
  private long taskBytes;

  LoopWriter(Peer peer, RelayMetrics metrics, Runnable drained) {
    this.peer = peer;
    this.channel = peer.channel();
    this.loop = channel.eventLoop();
    this.metrics = metrics;
    this.drained = drained;
  }

  /**
   * Hands {@code a} (and {@code b} after it) to the channel, flushing, in order with every write
   * submitted before; {@code size} is what it counts against the high-water mark while queued.
   */
  void submit(Object a, Object b, CompletableFuture<Void> done, long size) {
    boolean now;
    synchronized (this) {
      now = loop.inEventLoop() && tasks == 0;
      if (!now) {
        tasks++;
        taskBytes += size;
      }
    }
    if (now) {
      write(a, b, done);
      return;
    }
    loop.execute(
        () -> {
          write(a, b, done);
          synchronized (this) {
            tasks--;
            taskBytes -= size;
          }
          drained.run();
        });
  }

  /**
   * Whether more may be written: the channel's buffer and the writes still queued as tasks for its
   * loop count together against the channel's high-water mark.
   */
  synchronized boolean writable() {
    return channel.isWritable() && taskBytes < channel.bytesBeforeUnwritable();
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
}
