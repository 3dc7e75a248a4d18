package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The decoder's head window: bytes of a head read ahead from the input, up to {@link #READ_AHEAD}
 * at a time, and handled there a line at a time. When the head ends the bytes read ahead are handed
 * back to the input, so body bytes are never copied. Bounded by the larger of the start-line and
 * header-block limits plus one read-ahead.
 */
final class HeadWindow {
  /** Bytes taken from the input at a time. */
  static final int READ_AHEAD = 256;

  private final int cap;
  private byte[] bytes = new byte[256];

  /** Bytes in the window; those before {@link #next} are handled. */
  private int length;

  private int next;

  /** Where the search for the next LF goes on. */
  private int scanned;

  /** Stream offset of {@code bytes[0]}. */
  private long base;

  /** The current line: {@code bytes[lineStart, lineStart + lineLength)}, LF included. */
  private int lineStart;

  private int lineLength;

  HeadWindow(MsrpDecoderConfig config) {
    cap = Math.max(config.maxStartLineLength(), config.maxHeaderBlockSize()) + READ_AHEAD;
  }

  byte[] bytes() {
    return bytes;
  }

  /** Where the unhandled bytes start. */
  int next() {
    return next;
  }

  /** Whether every byte read was handled. */
  boolean isEmpty() {
    return length == next;
  }

  /** Bytes not handled yet. */
  int unhandled() {
    return length - next;
  }

  /** The end of what the next line may span, {@code limit} bytes at most. */
  int end(int limit) {
    return Math.min(length, next + Math.max(limit, 0));
  }

  /**
   * Makes the next line current when it ends before {@code end}: it is {@code repeat} bytes long
   * when that is positive (a repeated line, known without a search), else it ends at the next LF.
   *
   * @return false when no line end is in the window yet
   */
  boolean takeLine(int repeat, int end) {
    int lf = repeat > 0 ? next + repeat - 1 : Swar.indexOfLf(bytes, scanned, end);
    if (lf < 0) {
      scanned = end;
      return false;
    }
    lineStart = next;
    lineLength = lf + 1 - next;
    next = lf + 1;
    scanned = next;
    return true;
  }

  int lineStart() {
    return lineStart;
  }

  int lineLength() {
    return lineLength;
  }

  /** Stream offset of the current line. */
  long lineOffset() {
    return base + lineStart;
  }

  /** Stream offset of the first unhandled byte. */
  long nextOffset() {
    return base + next;
  }

  /** Reads up to {@link #READ_AHEAD} bytes of {@code in}, {@code position} being the first's. */
  int fill(ByteBuf in, long position) {
    int n = Math.min(in.readableBytes(), READ_AHEAD);
    if (length + n > bytes.length) {
      compact();
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(length + n, Math.min(cap, bytes.length * 2)));
      }
    }
    if (length == 0) {
      base = position;
    }
    in.readBytes(bytes, length, n);
    length += n;
    return n;
  }

  /** Moves the unhandled part of the window to its start. */
  void compact() {
    if (next > 0) {
      System.arraycopy(bytes, next, bytes, 0, length - next);
      length -= next;
      scanned -= next;
      base += next;
      next = 0;
    }
  }

  /**
   * Hands the unhandled bytes back to {@code in} (at most {@code readThisCall}, those read from it
   * now) and empties the window; returns how many.
   */
  int giveBack(ByteBuf in, int readThisCall) {
    int k = Math.min(length - next, readThisCall);
    in.readerIndex(in.readerIndex() - k);
    length = 0;
    next = 0;
    scanned = 0;
    return k;
  }

  /** Bytes of memory held. */
  int bufferedBytes() {
    return bytes.length;
  }
}
