package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ByteRanges;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpRule;

/**
 * Joins the chunks of SEND messages (RFC 4975 §5.1) into {@link MsrpMessage}s, by Message-ID and
 * Byte-Range: chunks may come out of order or more than once; the message is complete when its last
 * chunk ({@code $}) has come and every byte up to its end is there. Placed after an {@link
 * MsrpChunkAggregator}; everything that is not a SEND frame with a Message-ID passes through.
 *
 * <p>Memory is bounded: at most {@code maxMessageSize} bytes per message and {@code maxOpen}
 * messages at once (the oldest unfinished one is dropped to make room). A chunk that would take a
 * message past the maximum yields an {@link MsrpDecodeError} with rule {@link
 * MsrpRule#CONTENT_TOO_LARGE} and action {@link MsrpDecodeError.Action#RESPOND_413}, and later
 * chunks of that message are refused the same way. An aborted message ({@code #}) is delivered with
 * {@link ContinuationFlag#ABORT} and the bytes received in order from the start.
 */
public final class MsrpMessageAggregator extends MessageToMessageDecoder<Object> {
  private static final int MAX_REFUSED_REMEMBERED = 64;

  private final long maxMessageSize;
  private final int maxOpen;
  private final Map<String, Partial> open = new LinkedHashMap<>();
  private final Set<String> refused = new LinkedHashSet<>();

  public MsrpMessageAggregator(int maxMessageSize, int maxOpen) {
    super(Object.class);
    if (maxMessageSize < 0 || maxOpen < 1) {
      throw new IllegalArgumentException("maxMessageSize >= 0 and maxOpen >= 1 are required");
    }
    this.maxMessageSize = maxMessageSize;
    this.maxOpen = maxOpen;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
    if (!(msg instanceof MsrpFrame)
        || !(((MsrpFrame) msg).head() instanceof MsrpRequest)
        || !((MsrpRequest) ((MsrpFrame) msg).head()).method().equals(MsrpMethod.SEND)
        || ((MsrpRequest) ((MsrpFrame) msg).head()).messageId() == null) {
      out.add(ReferenceCountUtil.retain(msg));
      return;
    }
    MsrpFrame frame = (MsrpFrame) msg;
    MsrpRequest head = (MsrpRequest) frame.head();
    String id = java.util.Objects.requireNonNull(head.messageId()); // checked above
    if (refused.contains(id)) {
      out.add(tooLarge(head));
      return;
    }
    ByteBuf data = frame.content();
    ByteRange range = head.byteRange();
    long start = range == null ? 1 : range.start();
    long total = range == null ? data.readableBytes() : range.total();
    long endAt = start - 1 + data.readableBytes(); // exclusive end, from 0
    if (endAt > maxMessageSize || (total != ByteRange.UNKNOWN && total > maxMessageSize)) {
      drop(id);
      refuse(id);
      out.add(tooLarge(head));
      return;
    }
    Partial p = open.get(id);
    if (p == null) {
      if (open.size() == maxOpen) {
        Iterator<Partial> oldest = open.values().iterator();
        oldest.next().release();
        oldest.remove();
      }
      p = new Partial(head, ctx.alloc().heapBuffer((int) Math.min(Math.max(endAt, 256), 1 << 16)));
      open.put(id, p);
    }
    p.put(start - 1, data);
    if (total != ByteRange.UNKNOWN) {
      p.size = total;
    }
    if (frame.flag() == ContinuationFlag.END) {
      p.size = p.size == ByteRange.UNKNOWN ? endAt : p.size;
    }
    if (frame.flag() == ContinuationFlag.ABORT) {
      open.remove(id);
      out.add(p.deliver(p.contiguous(), ContinuationFlag.ABORT));
      return;
    }
    if (p.size != ByteRange.UNKNOWN && p.contiguous() >= p.size) {
      open.remove(id);
      out.add(p.deliver(p.size, ContinuationFlag.END));
    }
  }

  private MsrpDecodeError tooLarge(MsrpRequest head) {
    return new MsrpDecodeError(
        MsrpRule.CONTENT_TOO_LARGE,
        -1,
        "message " + head.messageId() + " is larger than " + maxMessageSize + " bytes",
        MsrpDecodeError.Action.RESPOND_413,
        head.transactionId(),
        head.toPath(),
        head.fromPath());
  }

  private void refuse(String id) {
    if (refused.size() == MAX_REFUSED_REMEMBERED) {
      Iterator<String> it = refused.iterator();
      it.next();
      it.remove();
    }
    refused.add(id);
  }

  private void drop(String id) {
    Partial p = open.remove(id);
    if (p != null) {
      p.release();
    }
  }

  private void releaseAll() {
    for (Partial p : open.values()) {
      p.release();
    }
    open.clear();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    releaseAll();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
    releaseAll();
    super.handlerRemoved(ctx);
  }

  /** A message being put together: its bytes at their places and which ranges have come. */
  private static final class Partial {
    final MsrpRequest head;
    final ByteBuf bytes;

    final ByteRanges ranges = new ByteRanges();

    long size = ByteRange.UNKNOWN;

    Partial(MsrpRequest head, ByteBuf bytes) {
      this.head = head;
      this.bytes = bytes;
    }

    void put(long at, ByteBuf data) {
      int n = data.readableBytes();
      if (n == 0) {
        return;
      }
      int end = (int) (at + n);
      if (bytes.capacity() < end) {
        bytes.capacity(
            Math.max(end, (int) Math.min((long) bytes.capacity() * 2, Integer.MAX_VALUE)));
      }
      bytes.setBytes((int) at, data, data.readerIndex(), n);
      ranges.add(at, end, (f, t) -> {});
    }

    /** Bytes present without a gap from the start. */
    long contiguous() {
      return ranges.contiguous();
    }

    MsrpMessage deliver(long length, ContinuationFlag end) {
      bytes.setIndex(0, (int) length);
      return new MsrpMessage(head, bytes, end);
    }

    void release() {
      bytes.release();
    }
  }
}
