package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The start of a possible end-line that the end of a read cut off: its bytes, to tell whether the
 * next read completes it, and the same bytes as retained slices of the reads they came in, so that
 * if they turn out to be body they are emitted without a copy. At most one end-line long.
 */
final class SplitEndLine {
  private final EndLine endLine;

  /** The bytes matched so far; made when first needed (most connections never see a split). */
  private byte @Nullable [] pending;

  /** The bytes of {@link #pending} as slices of the reads (kept only when the body is emitted). */
  private @Nullable CompositeByteBuf held;

  private int matched;
  private boolean emitted;

  SplitEndLine(EndLine endLine) {
    this.endLine = endLine;
  }

  /** How many bytes of the end-line are held; 0 when none. */
  int matched() {
    return matched;
  }

  /** Whether any held bytes were emitted as body since the last {@link #clear}. */
  boolean emitted() {
    return emitted;
  }

  /** Forgets the held bytes (the frame ended, or a new one starts). */
  void clear() {
    release();
    matched = 0;
    emitted = false;
  }

  /** The CRLF just read (not body: a head line's) may begin the end-line. */
  void afterCrlf() {
    clear();
    byte[] p = pending();
    p[0] = '\r';
    p[1] = '\n';
    matched = 2;
  }

  /** Holds {@code in[at, at + n)}, the end of a read that begins the end-line. */
  void start(ByteBuf in, int at, int n, boolean emit) {
    in.getBytes(at, pending(), 0, n);
    hold(in, at, n, emit);
    matched = n;
  }

  /**
   * Takes bytes of {@code in} while they go on matching, emitting held bytes that turn out to be
   * body (when {@code emit}).
   *
   * @return true when the end-line is complete ({@link #flag} is its flag); false when {@code in}
   *     is used up or the held bytes were all body
   */
  boolean resume(ByteBuf in, List<Object> out, boolean emit) {
    int length = endLine.length();
    while (matched > 0 && matched < length && in.isReadable()) {
      byte b = in.getByte(in.readerIndex());
      if (endLine.accepts(matched, b)) {
        pending()[matched++] = b;
        hold(in, in.readerIndex(), 1, emit);
        in.skipBytes(1);
      } else {
        mismatch(out, emit);
      }
    }
    if (matched == length) {
      release();
      return true;
    }
    return false;
  }

  /** The continuation flag of a {@linkplain #resume completed} end-line. */
  byte flag() {
    return pending()[endLine.flagIndex()];
  }

  /** The input ended: every held byte is body. */
  void flushAll(List<Object> out) {
    flush(out, matched, true);
    clear();
  }

  /**
   * The held bytes are not an end-line after all: they are body. A new match can only start at the
   * pattern's second CR (the one before the final LF).
   */
  private void mismatch(List<Object> out, boolean emit) {
    int restart = matched > endLine.length() - 2 ? endLine.length() - 2 : matched;
    flush(out, restart, emit);
    if (restart < matched) {
      byte[] p = pending();
      p[0] = p[restart];
      matched -= restart;
    } else {
      matched = 0;
    }
  }

  private void hold(ByteBuf in, int index, int length, boolean emit) {
    if (!emit) {
      return;
    }
    CompositeByteBuf h = held;
    if (h == null) {
      h = in.alloc().compositeBuffer(endLine.length());
      held = h;
    }
    h.addComponent(true, in.retainedSlice(index, length));
  }

  /** Emits the first {@code n} held bytes as body and keeps the rest. */
  private void flush(List<Object> out, int n, boolean emit) {
    CompositeByteBuf h = held;
    if (!emit || h == null) {
      return;
    }
    if (n > 0) {
      out.add(h.retainedSlice(0, n));
      emitted = true;
    }
    CompositeByteBuf rest = null;
    if (n < h.readableBytes()) {
      rest = h.alloc().compositeBuffer(endLine.length());
      rest.addComponent(true, h.retainedSlice(n, h.readableBytes() - n));
    }
    h.release();
    held = rest;
  }

  /** Releases the held slices. */
  void release() {
    CompositeByteBuf h = held;
    if (h != null) {
      h.release();
      held = null;
    }
  }

  private byte[] pending() {
    byte[] p = pending;
    if (p == null) {
      p = new byte[EndLine.MAX_LENGTH];
      pending = p;
    }
    return p;
  }

  /** Bytes of memory held for the split end-line's bytes. */
  int bufferedBytes() {
    byte[] p = pending;
    return p == null ? 0 : p.length;
  }
}
