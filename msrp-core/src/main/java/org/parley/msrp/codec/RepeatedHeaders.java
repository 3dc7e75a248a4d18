package org.parley.msrp.codec;

import java.util.Arrays;
import org.parley.msrp.MsrpHeaders;

/**
 * The header lines of the decoder's previous frame, to recognise lines that repeat. Frames of one
 * session repeat most of their head byte for byte (To-Path, From-Path, Content-Type; Message-ID
 * across the chunks of a message), so a line equal to the line at the same index of the previous
 * frame takes that frame's checked header and typed value (parsed URIs, say) instead of being
 * checked and parsed again. Only whole, successfully decoded heads are remembered; a frame that
 * fails forgets them.
 *
 * <p>Memory: at most {@value #LINES} lines of at most {@value #MAX_LINE} bytes, allocated as lines
 * are seen.
 */
final class RepeatedHeaders {
  /** Lines remembered per frame: the first ones of the head. */
  static final int LINES = 12;

  /** Longer lines are not remembered. */
  static final int MAX_LINE = 256;

  private final byte[][] lines = new byte[LINES][];
  private final int[] lengths = new int[LINES];

  /** The previous frame's headers, whose lines are {@link #lines}; null when there is none. */
  private MsrpHeaders previous;

  private int count;

  /**
   * The length of the previous frame's line {@code index} (CRLF included) when {@code window[from,
   * to)} starts with it, else -1: a repeated line is known without looking for its LF.
   */
  int repeatAt(byte[] window, int from, int to, int index) {
    if (index >= count) {
      return -1;
    }
    int n = lengths[index];
    if (n <= 0 || to - from < n || !Arrays.equals(window, from, from + n, lines[index], 0, n)) {
      return -1;
    }
    return n;
  }

  /**
   * Adds the previous frame's header {@code index} to {@code headers} (its line was {@linkplain
   * #repeatAt repeated}).
   *
   * @throws org.parley.msrp.MsrpSyntaxException when the header may appear only once and is already
   *     in {@code headers}
   */
  void replay(int index, MsrpHeaders.Builder headers) {
    headers.addFrom(previous, index);
  }

  /** The name of the previous frame's header {@code index}. */
  String name(int index) {
    return previous.get(index).name();
  }

  /**
   * Remembers line {@code index} of the frame being decoded, {@code n} bytes with its CRLF (it was
   * not a repeat).
   */
  void remember(int index, byte[] line, int off, int n) {
    if (index >= LINES) {
      return;
    }
    if (n > MAX_LINE) {
      lengths[index] = -1;
      return;
    }
    byte[] kept = lines[index];
    if (kept == null || kept.length < n) {
      kept = new byte[Math.max(n, 64)];
      lines[index] = kept;
    }
    System.arraycopy(line, off, kept, 0, n);
    lengths[index] = n;
  }

  /** The frame's head decoded into {@code headers}, from {@code lineCount} header lines. */
  void headDone(MsrpHeaders headers, int lineCount) {
    previous = headers;
    count = Math.min(lineCount, LINES);
  }

  /** The frame failed: its lines may be half remembered, so none is used. */
  void forget() {
    previous = null;
    count = 0;
  }

  /** Bytes held for remembered lines. */
  int bufferedBytes() {
    int n = 0;
    for (byte[] l : lines) {
      n += l == null ? 0 : l.length;
    }
    return n;
  }
}
