package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link MsrpEncoder} that gathers: what is written on a connection within one turn of its event
 * loop is encoded into one buffer, handed on with one write and one flush when the loop runs its
 * tasks. A flush only marks that one is due. So a relay that forwards a SEND (head, body, end-line)
 * and answers its sender makes one write on each connection per turn, not one per piece.
 *
 * <p>Bodies larger than {@link #COPY_MAX} bytes are not copied: they go on as they are, after what
 * was gathered before them. At most {@link #HAND_ON_AT} bytes wait here, outside the channel's
 * outbound buffer and its water marks: past them the gathered buffer goes on at once, unflushed. A
 * close hands on what was gathered, flushed, before the connection closes.
 *
 * <p>What the encoder refuses (a body holding its own end-line, a body without a head) fails its
 * write's promise with an {@link EncoderException} and nothing of it is written, as {@link
 * MsrpEncoder} in a pipeline does. A write's promise completes when the buffer it was gathered into
 * was written. Not sharable: one instance per connection.
 */
public final class MsrpGatheringEncoder extends ChannelOutboundHandlerAdapter {
  /** Body buffers up to this size are copied into the gathered buffer; larger ones go on whole. */
  public static final int COPY_MAX = 4096;

  /** Gathered bytes that go on at once, unflushed. */
  public static final int HAND_ON_AT = 16 * 1024;

  private final MsrpEncoder encoder = new MsrpEncoder();
  private final Runnable flushTask = this::flushNow;

  private @Nullable ChannelHandlerContext ctx;
  private @Nullable ByteBuf gathered;

  /** The promises of the gathered writes that are not void. */
  private final List<ChannelPromise> promises = new ArrayList<>(); // no array until a first promise

  /**
   * Whether a write with a void promise was gathered: when the gathered buffer's write fails, the
   * failure then reaches the pipeline's exception handler, as that write's own would have.
   */
  private boolean voidGathered;

  private boolean flushQueued;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    ByteBuf g = gathered;
    gathered = null;
    voidGathered = false;
    if (g != null) {
      g.release();
    }
    failPromises(new ClosedChannelException());
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!encoder.acceptOutboundMessage(msg)) {
      handOn(ctx); // what was gathered before it goes first
      ctx.write(msg, promise);
      return;
    }
    try {
      if (large(msg)) {
        writeLarge(ctx, msg, promise);
      } else {
        gather(ctx, msg, promise);
      }
    } catch (RuntimeException e) {
      promise.tryFailure(e instanceof EncoderException ? e : new EncoderException(e));
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private static boolean large(Object msg) {
    if (msg instanceof ByteBuf) {
      return ((ByteBuf) msg).readableBytes() > COPY_MAX;
    }
    return msg instanceof MsrpFrame && ((MsrpFrame) msg).content().readableBytes() > COPY_MAX;
  }

  /** A large body (or a frame with one) goes on uncopied, after what was gathered before it. */
  private void writeLarge(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    List<Object> parts = new ArrayList<>(3);
    try {
      encoder.encode(ctx.alloc(), msg, parts); // refuses it, if so, before anything is made
    } catch (RuntimeException e) {
      parts.forEach(ReferenceCountUtil::release);
      throw e;
    }
    handOn(ctx);
    int n = parts.size();
    int written = 0;
    try {
      for (; written < n; written++) {
        ctx.write(parts.get(written), written == n - 1 ? promise : ctx.voidPromise());
      }
    } finally {
      for (int i = written + 1; i < n; i++) {
        ReferenceCountUtil.release(parts.get(i)); // never handed on (the write that threw owns its)
      }
    }
  }

  private void gather(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ByteBuf g = gathered;
    if (g == null) {
      g = ctx.alloc().directBuffer(2048);
      gathered = g;
    }
    int mark = g.writerIndex();
    try {
      encoder.encodeTo(msg, g);
    } catch (Throwable t) {
      g.writerIndex(mark); // nothing of a refused or failed message goes out
      if (!g.isReadable()) {
        gathered = null;
        g.release();
      }
      throw t;
    }
    if (promise.isVoid()) {
      voidGathered = true;
    } else {
      promises.add(promise);
    }
    if (g.readableBytes() >= HAND_ON_AT) {
      handOn(ctx);
    }
  }

  /** What was gathered goes on, unflushed. */
  private void handOn(ChannelHandlerContext ctx) {
    ByteBuf g = gathered;
    if (g == null) {
      return;
    }
    gathered = null;
    boolean fire = voidGathered;
    voidGathered = false;
    if (promises.isEmpty()) {
      ctx.write(g, ctx.voidPromise());
      return;
    }
    ChannelPromise all = ctx.newPromise();
    List<ChannelPromise> waiting = List.copyOf(promises);
    promises.clear();
    all.addListener(
        f -> {
          for (ChannelPromise p : waiting) {
            if (f.isSuccess()) {
              p.trySuccess();
            } else {
              p.tryFailure(f.cause());
            }
          }
          if (fire && !f.isSuccess()) {
            ctx.fireExceptionCaught(f.cause());
          }
        });
    ctx.write(g, all);
  }

  private void failPromises(Throwable cause) {
    for (ChannelPromise p : promises) {
      p.tryFailure(cause);
    }
    promises.clear();
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (flushQueued) {
      return;
    }
    flushQueued = true;
    try {
      ctx.executor().execute(flushTask);
    } catch (RejectedExecutionException e) {
      flushNow(); // the loop is shutting down: no later turn
    }
  }

  /** The loop runs its tasks: what this turn wrote goes on, flushed. */
  private void flushNow() {
    flushQueued = false;
    ChannelHandlerContext c = ctx;
    if (c != null) {
      handOn(c);
      c.flush();
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    handOn(ctx);
    ctx.flush();
    ctx.close(promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    handOn(ctx);
    ctx.flush();
    ctx.disconnect(promise);
  }
}
