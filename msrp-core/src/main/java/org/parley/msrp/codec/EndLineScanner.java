package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.nio.charset.StandardCharsets;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpSyntaxException;

/**
 * Watches outgoing body bytes for {@code CRLF "-------" transact-id continuation-flag}, across
 * buffers. Stricter than the decoder (which also wants the CRLF after the flag), so that no peer's
 * parser can mistake body bytes for the end-line.
 */
final class EndLineScanner {
  static final byte[] DASHES = "-------".getBytes(StandardCharsets.US_ASCII);

  private final byte[] pattern = new byte[2 + 7 + 32 + 1];
  private int length;
  private int flagIndex;
  private int matched;
  private String transactionId;

  /** Starts a frame. The body starts after a CRLF, which counts as the pattern's first bytes. */
  void reset(String transactionId) {
    this.transactionId = transactionId;
    pattern[0] = '\r';
    pattern[1] = '\n';
    System.arraycopy(DASHES, 0, pattern, 2, 7);
    int n = transactionId.length();
    for (int i = 0; i < n; i++) {
      pattern[9 + i] = (byte) transactionId.charAt(i);
    }
    flagIndex = 9 + n;
    length = flagIndex + 1;
    matched = 2;
  }

  String transactionId() {
    return transactionId;
  }

  /**
   * Checks a body buffer (without moving its indexes) and advances the state.
   *
   * @throws MsrpSyntaxException when the buffer completes the end-line; the state is unchanged
   */
  void check(ByteBuf buf) {
    int r = buf.readerIndex();
    int w = buf.writerIndex();
    int m = matched;
    int i = r;
    while (m > 0 && i < w) {
      if (accepts(m, buf.getByte(i))) {
        m++;
        i++;
        if (m == length) {
          throw collision(i - r);
        }
      } else {
        m = 0; // the pattern holds no other CR: a new match starts at a CR, looked for below
      }
    }
    if (w - i >= SAMPLED_MIN) {
      int at = sampledSearch(buf, i, w);
      if (at >= 0) {
        throw collision(at - r);
      }
      // No whole end-line inside: only a partial one at the very end is left to find.
      i = Math.max(i, w - (length - 1));
    }
    while (i < w) {
      int cr = buf.indexOf(i, w, (byte) '\r');
      if (cr < 0) {
        matched = 0;
        return;
      }
      int max = Math.min(w - cr, length);
      int k = 1;
      while (k < max && accepts(k, buf.getByte(cr + k))) {
        k++;
      }
      if (k == length) {
        throw collision(cr - r);
      }
      if (k == w - cr) {
        matched = k;
        return;
      }
      i = cr + 1;
    }
    matched = m;
  }

  /** Bodies shorter than this are searched byte by byte for a CR. */
  private static final int SAMPLED_MIN = 256;

  /** Bytes of {@code CRLF "-------"}, the end-line's fixed start. */
  private static final int FIXED = 9;

  /**
   * Finds a whole end-line in {@code buf[from, to)}: its index, or -1. Every end-line starts with
   * the nine bytes {@code CRLF "-------"}, so one byte in nine is enough to look at: a sample that
   * is not CR, LF or '-' rules out the nine starts around it. Random bytes pass one sample in 85;
   * text, whose lines end in CRLF, a few more.
   */
  private int sampledSearch(ByteBuf buf, int from, int to) {
    int q = from + FIXED - 1;
    if (buf.hasArray()) {
      byte[] a = buf.array();
      int off = buf.arrayOffset();
      for (; q < to; q += FIXED) {
        byte b = a[off + q];
        if (b == '-' || b == '\r' || b == '\n') {
          int at = candidates(buf, from, to, q, b);
          if (at >= 0) {
            return at;
          }
        }
      }
      return -1;
    }
    if (buf.hasMemoryAddress()) {
      long base = buf.memoryAddress();
      for (; q < to; q += FIXED) {
        byte b = PlatformDependent.getByte(base + q);
        if (b == '-' || b == '\r' || b == '\n') {
          int at = candidates(buf, from, to, q, b);
          if (at >= 0) {
            return at;
          }
        }
      }
      return -1;
    }
    for (; q < to; q += FIXED) {
      byte b = buf.getByte(q);
      if (b == '-' || b == '\r' || b == '\n') {
        int at = candidates(buf, from, to, q, b);
        if (at >= 0) {
          return at;
        }
      }
    }
    return -1;
  }

  /** The first whole end-line in {@code buf[from, to)} that holds byte {@code b} at {@code q}. */
  private int candidates(ByteBuf buf, int from, int to, int q, byte b) {
    for (int j = FIXED - 1; j >= 0; j--) {
      int start = q - j;
      if (pattern[j] == b && start >= from && start + length <= to && matchesAt(buf, start)) {
        return start;
      }
    }
    return -1;
  }

  private boolean matchesAt(ByteBuf buf, int at) {
    for (int k = 0; k < length; k++) {
      if (!accepts(k, buf.getByte(at + k))) {
        return false;
      }
    }
    return true;
  }

  private boolean accepts(int k, byte b) {
    return k == flagIndex ? (b == '$' || b == '+' || b == '#') : b == pattern[k];
  }

  private MsrpSyntaxException collision(int at) {
    return new MsrpSyntaxException(
        MsrpRule.CONTENT_HAS_END_LINE,
        at,
        "the body holds the end-line of transaction " + transactionId);
  }
}
