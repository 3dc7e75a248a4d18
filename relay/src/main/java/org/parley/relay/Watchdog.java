package org.parley.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits ahead of the decoder and tells its {@link Peer} that bytes came, so that the peer's periodic
 * check can close a connection whose frame head does not complete in time (a slow drip of headers)
 * or that stays idle. Costs one {@link System#nanoTime} per read; no task per frame.
 */
final class Watchdog extends ChannelInboundHandlerAdapter {
  private final Peer peer;

  Watchdog(Peer peer) {
    this.peer = peer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    peer.read();
    ctx.fireChannelRead(msg);
  }
}
