package org.parley.msrp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.codec.MsrpDecodeError;

/**
 * The last inbound handler of a connection: hands the decoder's output to a {@link FrameHandler}.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private final MsrpConnection connection;
  private final FrameHandler handler;
  private final Runnable whenActive;

  /**
   * @param whenActive run once the connection is up (plain TCP), or null (TLS: after the handshake)
   */
  ConnectionHandler(MsrpConnection connection, FrameHandler handler, Runnable whenActive) {
    this.connection = connection;
    this.handler = handler;
    this.whenActive = whenActive;
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
    if (msg instanceof MsrpHead) {
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
    ctx.close();
  }
}
