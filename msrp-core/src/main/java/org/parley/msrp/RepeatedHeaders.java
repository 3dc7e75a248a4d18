package org.parley.msrp;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The header lines of the decoder's previous frame, to recognise lines that repeat. Frames of one
 * session repeat most of their head byte for byte (To-Path, From-Path, Content-Type; Message-ID
 * across the chunks of a message), so a line equal to the line at the same index of the previous
 * frame takes that frame's checked header and typed value (parsed URIs, say) instead of being
 * checked and parsed again. Only whole, successfully decoded heads are remembered; a frame that
 * fails forgets them.
 *
 * <p>Memory: the remembered lines lie end to end in one array, at most {@value #LINES} lines of at
 * most {@value #MAX_LINE} bytes, allocated as lines are seen (one array rather than one per line:
 * an idle connection keeps its last head, and thousands of connections keep thousands of heads).
 */
final class RepeatedHeaders {
  /** Lines remembered per frame: the first ones of the head. */
  static final int LINES = 12;

  /** Longer lines are not remembered. */
  static final int MAX_LINE = 256;

  /**
   * Room added beyond what a growing line needs, so that a Byte-Range gaining a digit rarely
   * copies.
   */
  static final int SLACK = 16;

  private static final byte[] NONE = new byte[0];

  /** The remembered lines, line {@code i} at {@code starts[i]}, {@code max(lengths[i], 0)} long. */
  private byte[] bytes = NONE;

  private int used;
  private final int[] starts = new int[LINES];

  /** A line's length with its CRLF; 0 when none, -1 when too long to remember. */
  private final int[] lengths = new int[LINES];

  /** The previous frame's headers, whose lines are remembered; null when there is none. */
  private @Nullable MsrpHeaders previous;

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
    int at = starts[index];
    if (n <= 0 || to - from < n || !Arrays.equals(window, from, from + n, bytes, at, at + n)) {
      return -1;
    }
    return n;
  }

  /**
   * Adds the previous frame's header {@code index} to {@code headers} (its line was {@linkplain
   * #repeatAt repeated}).
   *
   * @throws MsrpSyntaxException when the header may appear only once and is already in {@code
   *     headers}
   */
  void replay(int index, MsrpHeaders.Builder headers) {
    headers.addFrom(previous(), index);
  }

  /** The name of the previous frame's header {@code index}. */
  String name(int index) {
    return previous().get(index).name();
  }

  /** The previous frame's headers: there are some whenever a line was repeated ({@code count}). */
  private MsrpHeaders previous() {
    return java.util.Objects.requireNonNull(previous);
  }

  /**
   * Remembers line {@code index} of the frame being decoded, {@code n} bytes with its CRLF (it was
   * not a repeat).
   */
  void remember(int index, byte[] line, int off, int n) {
    if (index >= LINES) {
      return;
    }
    boolean kept = n <= MAX_LINE;
    resize(index, kept ? n : 0);
    lengths[index] = kept ? n : -1;
    if (kept) {
      System.arraycopy(line, off, bytes, starts[index], n);
    }
  }

  /** Makes room for {@code n} bytes at line {@code index}, moving the lines after it. */
  private void resize(int index, int n) {
    int old = Math.max(lengths[index], 0);
    int delta = n - old;
    if (delta == 0) {
      return;
    }
    int tail = starts[index] + old;
    if (used + delta > bytes.length) {
      bytes = Arrays.copyOf(bytes, used + delta + SLACK);
    }
    System.arraycopy(bytes, tail, bytes, tail + delta, used - tail);
    used += delta;
    for (int i = index + 1; i < LINES; i++) {
      starts[i] += delta;
    }
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

  /** Forgets the previous frame and frees what held its lines: the state of a new decoder. */
  void release() {
    forget();
    bytes = NONE;
    used = 0;
    Arrays.fill(starts, 0);
    Arrays.fill(lengths, 0);
  }

  /** Bytes held for remembered lines. */
  int bufferedBytes() {
    return bytes.length;
  }
}
