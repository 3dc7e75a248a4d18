package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.parley.msrp.ContinuationFlag;

/**
 * The body of the frame the decoder is in: everything up to the frame's end-line, emitted as
 * retained slices of the reads as it arrives (or dropped, when the frame is skipped), then the
 * end-line's flag. Holds at most an end-line that a read cut ({@link SplitEndLine}).
 */
final class FrameBody {
  private final EndLine endLine = new EndLine(true);
  private final SplitEndLine split = new SplitEndLine(endLine);
  private boolean bodySeen;

  /** The end-line of the frame, set with its transaction id when the start line is read. */
  EndLine endLine() {
    return endLine;
  }

  /**
   * Starts a body.
   *
   * @param afterCrlf whether the line just read ended with a CRLF that may begin the end-line (a
   *     frame skipped after a bad header line)
   */
  void start(boolean afterCrlf) {
    bodySeen = false;
    if (afterCrlf) {
      split.afterCrlf();
    } else {
      split.clear();
    }
  }

  /**
   * Reads {@code in} up to the end-line, emitting (when {@code emit}) the body before it and then,
   * past the end-line, the flag (and an empty buffer first for a body of no bytes, so that
   * re-encoding is byte-exact). Consumes all of {@code in} unless the end-line is found.
   *
   * @return true when the end-line was read
   */
  boolean read(ByteBuf in, List<Object> out, boolean emit) {
    if (split.matched() > 0) {
      if (split.resume(in, out, emit)) {
        end(out, emit, split.flag());
        return true;
      }
      if (!in.isReadable()) {
        return false;
      }
    }
    int r = in.readerIndex();
    int w = in.writerIndex();
    int at = endLine.search(in, r, w);
    if (at >= 0) {
      content(out, in, r, at - r, emit);
      byte flag = in.getByte(at + endLine.flagIndex());
      in.readerIndex(at + endLine.length());
      end(out, emit, flag);
      return true;
    }
    int partial = -at - 1;
    content(out, in, r, partial - r, emit);
    if (partial < w) {
      split.start(in, partial, w - partial, emit);
    }
    in.readerIndex(w);
    return false;
  }

  /** The input ended inside the body: the bytes held for a possible end-line are body. */
  void inputEnded(List<Object> out) {
    split.flushAll(out);
  }

  /** Releases what is held (the channel closed). */
  void release() {
    split.release();
  }

  /** Bytes of memory held. */
  int bufferedBytes() {
    return split.bufferedBytes() + endLine.bufferedBytes();
  }

  private void content(List<Object> out, ByteBuf in, int index, int length, boolean emit) {
    if (emit && length > 0) {
      out.add(in.retainedSlice(index, length));
      bodySeen = true;
    }
  }

  private void end(List<Object> out, boolean emit, byte flag) {
    if (emit) {
      if (!bodySeen && !split.emitted()) {
        out.add(Unpooled.EMPTY_BUFFER);
      }
      out.add(ContinuationFlag.of(flag));
    }
    split.clear();
    bodySeen = false;
  }
}
