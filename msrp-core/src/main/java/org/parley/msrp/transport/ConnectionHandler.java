package org.parley.msrp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.codec.MsrpDecodeError;

/**
 * The last inbound handler of a connection: hands the decoder's output to a {@link FrameHandler}.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private final MsrpConnection connection;
  private final FrameHandler handler;
  private final @Nullable Runnable whenActive;
  private final long maxPendingOutbound;

  /**
   * @param whenActive run once the connection is up (plain TCP), or null (TLS: after the handshake)
   */
  ConnectionHandler(
      MsrpConnection connection,
      FrameHandler handler,
      @Nullable Runnable whenActive,
      long maxPendingOutbound) {
    this.connection = connection;
    this.handler = handler;
    this.whenActive = whenActive;
    this.maxPendingOutbound = maxPendingOutbound;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (whenActive != null) {
      whenActive.run();
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    connection.read();
    if (msg instanceof MsrpHead) {
      if (peerDoesNotRead(ctx)) {
        return;
      }
      handler.head(connection, (MsrpHead) msg);
    } else if (msg instanceof ByteBuf) {
      ByteBuf slice = (ByteBuf) msg;
      try {
        handler.content(connection, slice);
      } finally {
        slice.release();
      }
    } else if (msg instanceof ContinuationFlag) {
      handler.end(connection, (ContinuationFlag) msg);
    } else if (msg instanceof MsrpDecodeError) {
      MsrpDecodeError e = (MsrpDecodeError) msg;
      handler.error(connection, e);
      if (e.action() == MsrpDecodeError.Action.CLOSE) {
        ctx.close();
      }
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  /**
   * A peer that keeps sending requests but does not read what we answer would make the answers pile
   * up without bound: past the limit its connection is closed, with the reason kept as {@link
   * MsrpConnection#closeCause}. Our own messages never get near the limit, as senders stop at the
   * high-water mark.
   */
  private boolean peerDoesNotRead(ChannelHandlerContext ctx) {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    long pending = out == null ? 0 : out.totalPendingWriteBytes();
    if (pending <= maxPendingOutbound || !ctx.channel().isActive()) {
      return false;
    }
    connection.closeCause(
        new IOException(
            "the peer does not read: "
                + pending
                + " bytes wait to be sent to it (limit "
                + maxPendingOutbound
                + ")"));
    ctx.close();
    return true;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    handler.writabilityChanged(connection);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    handler.closed(connection);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A broken socket or a TLS failure: nothing more can be read from this peer.
    connection.closeCause(cause);
    ctx.close();
  }
}
