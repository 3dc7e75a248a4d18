package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpRule;

/**
 * Joins what the {@link MsrpDecoder} emits for one frame (head, body slices, flag) into one {@link
 * MsrpFrame}, for applications that want frames whole. Bodies are joined in a composite buffer of
 * the slices (no copy) up to {@code maxContentLength}; a larger request is reported as an {@link
 * MsrpDecodeError} with rule {@link MsrpRule#CONTENT_TOO_LARGE} and action {@link
 * MsrpDecodeError.Action#RESPOND_413} (a larger response: {@link MsrpDecodeError.Action#DISCARD}),
 * and the rest of its body is dropped as it arrives. Decode errors pass through.
 *
 * <p>Not sharable: one instance per connection, right after the decoder.
 */
public final class MsrpChunkAggregator extends MessageToMessageDecoder<Object> {
  private final int maxContentLength;
  private @Nullable MsrpHead head;
  private @Nullable CompositeByteBuf content;
  private boolean hasBody;
  private boolean tooLarge;

  /** An aggregator that accepts bodies of up to {@code maxContentLength} bytes. */
  public MsrpChunkAggregator(int maxContentLength) {
    super(Object.class);
    if (maxContentLength < 0) {
      throw new IllegalArgumentException("maxContentLength must not be negative");
    }
    this.maxContentLength = maxContentLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
    if (msg instanceof MsrpHead) {
      reset();
      head = (MsrpHead) msg;
      content = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    } else if (msg instanceof ByteBuf && head != null) {
      MsrpHead head = this.head;
      ByteBuf slice = (ByteBuf) msg;
      hasBody = true;
      CompositeByteBuf content = this.content;
      if (tooLarge || content == null) {
        return;
      }
      if ((long) content.readableBytes() + slice.readableBytes() > maxContentLength) {
        tooLarge = true;
        content.release();
        this.content = null;
        boolean request = head instanceof MsrpRequest;
        out.add(
            new MsrpDecodeError(
                MsrpRule.CONTENT_TOO_LARGE,
                -1,
                "the body is larger than " + maxContentLength + " bytes",
                request ? MsrpDecodeError.Action.RESPOND_413 : MsrpDecodeError.Action.DISCARD,
                head.transactionId(),
                head.toPath(),
                head.fromPath()));
        return;
      }
      if (slice.isReadable()) {
        content.addComponent(true, slice.retain());
      }
    } else if (msg instanceof ContinuationFlag && head != null) {
      CompositeByteBuf content = this.content;
      if (!tooLarge && content != null) {
        out.add(new MsrpFrame(head, content, hasBody, (ContinuationFlag) msg));
        this.content = null;
      }
      reset();
    } else {
      out.add(io.netty.util.ReferenceCountUtil.retain(msg));
    }
  }

  private void reset() {
    if (content != null) {
      content.release();
      content = null;
    }
    head = null;
    hasBody = false;
    tooLarge = false;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    reset();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
    reset();
    super.handlerRemoved(ctx);
  }
}
