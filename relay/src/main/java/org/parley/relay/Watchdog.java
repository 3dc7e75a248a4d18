package org.parley.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.codec.MsrpDecoder;

/**
 * A connection's clocks: sits ahead of the decoder to hear that bytes came, and checks its {@link
 * Peer} periodically: a frame head not complete in time (a slow drip of headers), a connection idle
 * too long or still unproven after its probation is closed; the frame slot's owner and the
 * transactions waiting for a response are timed out ({@link Outbound}). Costs one {@link
 * System#nanoTime} per read and a flag per write; no task per frame.
 *
 * <p>Runs on the connection's event loop, except {@link #wrote}, called from any loop.
 */
final class Watchdog extends ChannelInboundHandlerAdapter {
  /**
   * Reading nothing for this long, a connection is quiet: its decoder frees the previous head it
   * keeps to read the next faster (a head per idle client adds up over thousands of clients).
   */
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Peer peer;
  private final RelayLimits limits;

  private final long openedAt = System.nanoTime();
  private long lastActivity = openedAt;
  private long lastWrite = openedAt;
  private volatile boolean wrote;
  private long headStarted;
  private boolean betweenFrames = true;
  private boolean quiet;
  private ScheduledFuture<?> check;

  Watchdog(Peer peer, RelayLimits limits) {
    this.peer = peer;
    this.limits = limits;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastActivity = System.nanoTime();
    quiet = false;
    if (betweenFrames && headStarted == 0) {
      headStarted = lastActivity;
    }
    ctx.fireChannelRead(msg);
  }

  /** A frame's head was read: its time to complete is over. */
  void headRead() {
    headStarted = 0;
    betweenFrames = false;
  }

  /** The frame being read ended (or broke): the next bytes start a head. */
  void frameEnded() {
    betweenFrames = true;
  }

  /** Something was written (from any loop; the next check takes the time). */
  void wrote() {
    if (!wrote) {
      wrote = true;
    }
  }

  /** Starts the periodic check, at a quarter of the shortest time-out (20 ms at least). */
  void start() {
    RelayLimits l = limits;
    long shortest =
        Math.min(
            Math.min(
                Math.min(l.headTimeout().toMillis(), l.frameTimeout().toMillis()),
                Math.min(l.idleTimeout().toMillis(), l.probation().toMillis())),
            l.transactionTimeout().toMillis());
    long period = Math.max(20, shortest / 4);
    check =
        peer.channel()
            .eventLoop()
            .scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (check != null) {
      check.cancel(false);
    }
  }

  private void check() {
    long now = System.nanoTime();
    if (wrote) {
      wrote = false;
      lastWrite = now;
    }
    peer.out().checkOwner(now);
    peer.out().transactions().expire(now);
    if (!quiet && betweenFrames && now - lastActivity > QUIET_NANOS) {
      MsrpDecoder d = peer.channel().pipeline().get(MsrpDecoder.class);
      quiet = d == null || d.forgetPreviousHead();
    }
    if (!peer.outgoing() && !peer.hasSucceeded() && now - openedAt > limits.probation().toNanos()) {
      peer.close("no successful request in the probation time");
    } else if (headStarted != 0 && now - headStarted > limits.headTimeout().toNanos()) {
      peer.close("frame head not complete in time");
    } else if (now - Math.max(lastActivity, lastWrite) > limits.idleTimeout().toNanos()) {
      peer.close("idle");
    }
  }
}
