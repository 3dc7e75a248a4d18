package org.parley.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;

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
   * Hands {@code msg} to the channel, flushing, in order with every write submitted before; {@code
   * size} is what it counts against the high-water mark while queued. {@code done}, when not null,
   * hears how the write went; without it the write carries no promise of its own, and a failed one
   * reaches the pipeline's exception handler, which closes the connection.
   */
  void submit(Object msg, @Nullable ChannelFutureListener done, long size) {
    boolean now;
    synchronized (this) {
      now = loop.inEventLoop() && tasks == 0;
      if (!now) {
        tasks++;
        taskBytes += size;
      }
    }
    if (now) {
      write(msg, done);
      return;
    }
    loop.execute(
        () -> {
          write(msg, done);
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

  private void write(Object msg, @Nullable ChannelFutureListener done) {
    peer.watchdog().wrote();
    if (done == null) {
      channel.writeAndFlush(msg, channel.voidPromise());
    } else {
      // A write the encoder refused (a body holding its own end-line) leaves the framing lost.
      channel
          .writeAndFlush(msg)
          .addListener(done)
          .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
    ChannelOutboundBuffer buf = channel.unsafe().outboundBuffer();
    if (buf != null) {
      metrics.pendingWrite(buf.totalPendingWriteBytes());
    }
  }
}
