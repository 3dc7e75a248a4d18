package org.parley.msrp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.codec.MsrpEncoder;
import org.parley.msrp.codec.MsrpFrame;

/**
 * MSRP in WebSocket messages (RFC 7977 §5): between Netty's WebSocket codec and the MSRP codec of a
 * connection.
 *
 * <p>Reading, the payload of every data frame (binary, text or continuation) goes to the MSRP
 * decoder as the next bytes of one stream: a peer that splits a chunk over several messages, or
 * puts two in one, is still understood. Writing, each MSRP chunk is one WebSocket message, sent in
 * binary frames (a body need not be UTF-8): a head starts a message, body pieces continue it as
 * they come (a large chunk streams, nothing is held whole), and the end-line finishes it. What one
 * write produces goes in one frame.
 *
 * <p>The connection opens (the {@link Runnable} given) when the WebSocket handshake completes, not
 * when TCP or TLS is up. Not sharable: one per connection, as its encoder.
 */
final class WebSocketFraming extends ChannelDuplexHandler {
  /** The largest frame written: a quarter of what a Parley peer reads by default. */
  static final int MAX_FRAME_OUT = 64 << 10;

  private final MsrpEncoder encoder = new MsrpEncoder();
  private final Runnable opened;
  private final Consumer<Throwable> failed;
  private final long handshakeTimeoutMs;
  private boolean open;
  private boolean failureTold;
  private boolean inMessage;

  /** The chunk being written, up to {@link #MAX_FRAME_OUT}, and the writes it holds. */
  private @Nullable CompositeByteBuf gathered;

  private final List<ChannelPromise> waiting = new ArrayList<>();

  /**
   * @param opened run when the handshake completes
   * @param failed told, once, why a connection ended before its handshake completed
   */
  WebSocketFraming(Runnable opened, Consumer<Throwable> failed, long handshakeTimeoutMs) {
    this.opened = opened;
    this.failed = failed;
    this.handshakeTimeoutMs = handshakeTimeoutMs;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete
        || evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      if (!failureTold) {
        open = true;
        opened.run();
      }
    } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT
        || evt == WebSocketServerProtocolHandler.ServerHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      notOpened(new IOException("no WebSocket handshake within the time allowed"));
      ctx.close();
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!open) {
      notOpened(cause);
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  /** A connection that has not completed its handshake in time is closed, silent or not. */
  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.executor()
        .schedule(
            () -> {
              if (!open) {
                notOpened(new IOException("no WebSocket handshake within the time allowed"));
                ctx.close();
              }
            },
            handshakeTimeoutMs,
            TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    notOpened(new IOException("connection closed before the WebSocket handshake completed"));
    ctx.fireChannelInactive();
  }

  private void notOpened(Throwable why) {
    if (!open && !failureTold) {
      failureTold = true;
      failed.accept(why);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof BinaryWebSocketFrame
        || msg instanceof TextWebSocketFrame
        || msg instanceof ContinuationWebSocketFrame) {
      WebSocketFrame frame = (WebSocketFrame) msg;
      ByteBuf content = frame.content().retain();
      frame.release();
      if (content.isReadable()) {
        ctx.fireChannelRead(content);
      } else {
        content.release();
      }
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!encoder.acceptOutboundMessage(msg)) {
      ctx.write(msg, promise);
      return;
    }
    List<Object> bufs = new ArrayList<>(3);
    try {
      encoder.encode(ctx.alloc(), msg, bufs);
    } catch (RuntimeException e) {
      bufs.forEach(ReferenceCountUtil::release);
      ReferenceCountUtil.release(msg);
      promise.setFailure(new EncoderException(e));
      return;
    }
    ReferenceCountUtil.release(msg);
    CompositeByteBuf g = gathered;
    if (g == null) {
      g = ctx.alloc().compositeBuffer(16);
      gathered = g;
    }
    for (Object b : bufs) {
      g.addComponent(true, (ByteBuf) b);
    }
    if (!promise.isVoid()) {
      waiting.add(promise);
    }
    boolean last = msg instanceof ContinuationFlag || msg instanceof MsrpFrame;
    if (last || g.readableBytes() >= MAX_FRAME_OUT) {
      emit(ctx, g, last);
    }
  }

  /**
   * Writes what was gathered of the chunk: all of it, ending the message when {@code last}, in
   * frames of at most {@link #MAX_FRAME_OUT}; the writes gathered complete with the last frame.
   */
  private void emit(ChannelHandlerContext ctx, CompositeByteBuf g, boolean last) {
    gathered = null;
    List<ChannelPromise> done = new ArrayList<>(waiting);
    waiting.clear();
    // A large piece goes in several frames, so that a peer bounding its frames still reads it.
    while (g.readableBytes() > MAX_FRAME_OUT) {
      ctx.write(frame(false, g.readRetainedSlice(MAX_FRAME_OUT)), ctx.voidPromise());
    }
    ChannelFuture f = ctx.write(frame(last, g));
    f.addListener(
        x -> {
          for (ChannelPromise p : done) {
            if (x.isSuccess()) {
              p.trySuccess();
            } else {
              p.tryFailure(x.cause());
            }
          }
        });
  }

  private WebSocketFrame frame(boolean last, ByteBuf payload) {
    WebSocketFrame frame =
        inMessage
            ? new ContinuationWebSocketFrame(last, 0, payload)
            : new BinaryWebSocketFrame(last, 0, payload);
    inMessage = !last;
    return frame;
  }

  /** What was gathered and not written goes, and its writes fail. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (gathered != null) {
      gathered.release();
      gathered = null;
    }
    for (ChannelPromise p : waiting) {
      p.tryFailure(new ClosedChannelException());
    }
    waiting.clear();
  }
}
