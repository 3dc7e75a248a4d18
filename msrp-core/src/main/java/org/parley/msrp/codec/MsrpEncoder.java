package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpHeader;
import org.parley.msrp.MsrpHeaders;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpSyntaxException;

/**
 * Writes MSRP frames byte-exact: the mirror of the {@link MsrpDecoder}. It takes, per frame, a head
 * ({@link MsrpRequest} or {@link MsrpResponse}), zero or more body {@link ByteBuf}s (passed through
 * without copying) and the {@link ContinuationFlag} that ends the frame; or a whole {@link
 * MsrpFrame}.
 *
 * <p>RFC 4975 §7.1 makes the sender responsible for a body never containing its own end-line. The
 * encoder checks every body byte for {@code CRLF "-------" transact-id continuation-flag} (also
 * across buffers, and counting the CRLF before the body). A body buffer that would complete it is
 * refused whole with an {@link MsrpSyntaxException} of rule {@link MsrpRule#CONTENT_HAS_END_LINE},
 * and nothing of it is written: the frame stays open, so the sender can end this chunk with {@link
 * ContinuationFlag#MORE} and send the rest in a new chunk under a new transaction id. A whole
 * {@link MsrpFrame} with such a body is refused before anything is written.
 *
 * <p>Not sharable: one instance per connection.
 */
public final class MsrpEncoder extends MessageToMessageEncoder<Object> {
  private static final byte[] CRLF = {'\r', '\n'};

  /** Direct, as the socket wants it: a heap buffer would be copied into a direct one per write. */
  private static final ByteBuf BLANK_LINE =
      Unpooled.unreleasableBuffer(Unpooled.directBuffer(2).writeBytes(CRLF).asReadOnly());

  private static final byte[] MSRP_SP = {'M', 'S', 'R', 'P', ' '};

  /** The header lines of a head up to this size go through an array of the thread's. */
  private static final int SCRATCH_SIZE = 4096;

  private static final FastThreadLocal<byte[]> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[SCRATCH_SIZE];
        }
      };

  private boolean inFrame;
  private boolean bodyStarted;

  /**
   * Made when a first body is written: a connection that carries none (an idle client) has none.
   */
  private @Nullable EndLineScanner scanner;

  public MsrpEncoder() {
    super(Object.class);
  }

  @Override
  public boolean acceptOutboundMessage(Object msg) {
    return msg instanceof MsrpHead
        || msg instanceof ByteBuf
        || msg instanceof ContinuationFlag
        || msg instanceof MsrpFrame;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
    encode(ctx.alloc(), msg, out);
  }

  /**
   * Encodes one message (a head, a body buffer, a flag or a whole frame) into buffers added to
   * {@code out}: the handler's work, callable without a pipeline. Does not release {@code msg}.
   */
  public void encode(ByteBufAllocator alloc, Object msg, List<Object> out) {
    if (msg instanceof MsrpFrame) {
      frame(alloc, (MsrpFrame) msg, out);
    } else if (msg instanceof ByteBuf) {
      ByteBuf content = (ByteBuf) msg;
      body(content, null);
      if (!bodyStarted) {
        out.add(BLANK_LINE.duplicate());
        bodyStarted = true;
      }
      out.add(content.retain());
    } else {
      ByteBuf buf = alloc.buffer(msg instanceof MsrpHead ? headSizeEstimate((MsrpHead) msg) : 64);
      try {
        encodeTo(msg, buf);
      } catch (RuntimeException e) {
        buf.release();
        throw e;
      }
      out.add(buf);
    }
  }

  /**
   * Appends the bytes {@link #encode} makes of {@code msg} to {@code out}, copying a body buffer's
   * readable bytes (it is neither consumed nor released): for a writer that gathers the frames of
   * several writes into one buffer. What {@link #encode} refuses is refused here the same way, with
   * nothing appended.
   */
  public void encodeTo(Object msg, ByteBuf out) {
    if (msg instanceof MsrpFrame) {
      MsrpFrame frame = (MsrpFrame) msg;
      MsrpHead head = checkFrame(frame);
      writeHead(head, out);
      if (frame.hasBody()) {
        out.writeBytes(CRLF);
        ByteBuf content = frame.content();
        out.writeBytes(content, content.readerIndex(), content.readableBytes());
      }
      writeEnd(head.transactionId(), frame.hasBody(), frame.flag(), out);
    } else if (msg instanceof MsrpHead) {
      if (inFrame) {
        throw new IllegalStateException("the previous frame has not ended");
      }
      MsrpHead head = (MsrpHead) msg;
      writeHead(head, out);
      scanner().reset(head.transactionId());
      inFrame = true;
      bodyStarted = false;
    } else if (msg instanceof ByteBuf) {
      ByteBuf content = (ByteBuf) msg;
      body(content, out);
      out.writeBytes(content, content.readerIndex(), content.readableBytes());
    } else {
      requireFrame();
      writeEnd(scanner().transactionId(), bodyStarted, (ContinuationFlag) msg, out);
      inFrame = false;
    }
  }

  /** Checks a body buffer of the frame in progress; appends the blank line before a first one. */
  private void body(ByteBuf content, @Nullable ByteBuf out) {
    requireFrame();
    scanner().check(content);
    if (out != null && !bodyStarted) {
      out.writeBytes(CRLF);
      bodyStarted = true;
    }
  }

  /**
   * Checks that a whole frame may be written now and that its body holds no end-line of its own.
   */
  private MsrpHead checkFrame(MsrpFrame frame) {
    if (inFrame) {
      throw new IllegalStateException("the previous frame has not ended");
    }
    MsrpHead head = frame.head();
    if (frame.content().isReadable()) {
      EndLineScanner check = scanner(); // between frames: free
      check.reset(head.transactionId());
      check.check(frame.content());
    }
    return head;
  }

  private void frame(ByteBufAllocator alloc, MsrpFrame frame, List<Object> out) {
    MsrpHead head = checkFrame(frame);
    ByteBuf buf = alloc.buffer(headSizeEstimate(head) + 2);
    writeHead(head, buf);
    if (frame.hasBody()) {
      buf.writeBytes(CRLF);
      out.add(buf);
      if (frame.content().isReadable()) {
        out.add(frame.content().retain());
      }
      buf = alloc.buffer(64);
    }
    writeEnd(head.transactionId(), frame.hasBody(), frame.flag(), buf);
    out.add(buf);
  }

  private EndLineScanner scanner() {
    EndLineScanner s = scanner;
    if (s == null) {
      s = new EndLineScanner();
      scanner = s;
    }
    return s;
  }

  private void requireFrame() {
    if (!inFrame) {
      throw new IllegalStateException("body or end-line without a head");
    }
  }

  /** Writes the start line and the header lines (not the blank line before a body). */
  public static void writeHead(MsrpHead head, ByteBuf out) {
    out.writeBytes(MSRP_SP);
    ByteBufUtil.writeAscii(out, head.transactionId());
    out.writeByte(' ');
    if (head instanceof MsrpRequest) {
      ByteBufUtil.writeAscii(out, ((MsrpRequest) head).method().name());
    } else {
      MsrpResponse r = (MsrpResponse) head;
      int code = r.code();
      out.writeByte('0' + code / 100).writeByte('0' + code / 10 % 10).writeByte('0' + code % 10);
      if (r.comment() != null) {
        out.writeByte(' ');
        ByteBufUtil.writeUtf8(out, r.comment());
      }
    }
    out.writeBytes(CRLF);
    MsrpHeaders headers = head.headers();
    int n = headers.size();
    int size = 0;
    for (int i = 0; i < n; i++) {
      size += headers.get(i).maxLineLength();
    }
    // The lines are copied whole into an array of the thread's, then into the buffer in one copy
    // (which grows it only by what the lines really take).
    byte[] b = size <= SCRATCH_SIZE ? SCRATCH.get() : new byte[size];
    int at = 0;
    for (int i = 0; i < n; i++) {
      at = headers.get(i).copyLine(b, at);
    }
    out.writeBytes(b, 0, at);
  }

  /** Writes the end-line, preceded by the CRLF that ends a body when the frame has one. */
  public static void writeEnd(
      String transactionId, boolean afterBody, ContinuationFlag flag, ByteBuf out) {
    if (afterBody) {
      out.writeBytes(CRLF);
    }
    out.writeBytes(EndLineScanner.DASHES);
    out.writeCharSequence(transactionId, StandardCharsets.US_ASCII);
    out.writeByte(flag.symbol());
    out.writeBytes(CRLF);
  }

  /** A size that usually holds the head without growing the buffer. */
  public static int headSizeEstimate(MsrpHead head) {
    int size = 64;
    MsrpHeaders headers = head.headers();
    for (int i = 0, n = headers.size(); i < n; i++) {
      MsrpHeader h = headers.get(i);
      size += h.name().length() + h.value().length() + 4; // exact for ASCII values
    }
    return size;
  }
}
