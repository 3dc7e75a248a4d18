package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  /**
   * Per thread, a table of the adjacent byte pairs of the end-line last searched for: 64K bits, one
   * per pair, shared by all the encoders of an event loop rather than held per connection.
   */
  private static final FastThreadLocal<PairTable> PAIRS =
      new FastThreadLocal<>() {
        @Override
        protected PairTable initialValue() {
          return new PairTable();
        }
      };

  /** The pair table and whose end-line it holds. */
  private static final class PairTable {
    final long[] bits = new long[65536 / 64];
    final int[] set = new int[3 * 2 * 42];
    int setCount;
    byte[] forPattern;
    int forLength;

    /** Makes the table hold the pairs of {@code pattern[0, length)}, the last byte any flag. */
    void load(byte[] pattern, int length) {
      if (forPattern != null
          && forLength == length
          && Arrays.equals(forPattern, 0, length - 1, pattern, 0, length - 1)) {
        return;
      }
      for (int k = 0; k < setCount; k++) {
        bits[set[k] >>> 6] &= ~(1L << set[k]);
      }
      setCount = 0;
      int flag = length - 1;
      for (int j = 0; j + 1 < length; j++) {
        int nb = j + 1 == flag ? FLAGS.length : 1;
        for (int y = 0; y < nb; y++) {
          byte b = j + 1 == flag ? FLAGS[y] : pattern[j + 1];
          int i = pairIndex(pattern[j], b);
          bits[i >>> 6] |= 1L << i;
          set[setCount++] = i;
        }
      }
      forPattern = Arrays.copyOf(pattern, length);
      forLength = length;
    }
  }

  private static final byte[] FLAGS = {'$', '+', '#'};

  /** The table index of two adjacent bytes, as a native-order 16-bit load gives them. */
  private static int pairIndex(byte first, byte second) {
    return PlatformDependent.BIG_ENDIAN_NATIVE_ORDER
        ? ((first & 0xff) << 8) | (second & 0xff)
        : (first & 0xff) | ((second & 0xff) << 8);
  }

  /**
   * Finds a whole end-line in {@code buf[from, to)}: its index, or -1. An end-line of length L
   * holds exactly one of the pairs at positions from + L-2 + k(L-1); a pair that occurs nowhere in
   * the end-line rules out every start around it, so one 16-bit load in L-1 bytes (one in 25 for a
   * 16-letter transaction id) does for most of the body. Random bytes pass about one sample in two
   * thousand; text more often, where it shares letter pairs with the transaction id.
   */
  private int sampledSearch(ByteBuf buf, int from, int to) {
    PairTable table = PAIRS.get();
    table.load(pattern, length);
    long[] bits = table.bits;
    int stride = length - 1;
    int q = from + stride - 1;
    if (buf.hasArray()) {
      byte[] a = buf.array();
      int off = buf.arrayOffset();
      for (; q + 1 < to; q += stride) {
        int i = pairIndex(a[off + q], a[off + q + 1]);
        if (((bits[i >>> 6] >>> i) & 1) != 0) {
          int at = candidates(buf, from, to, q);
          if (at >= 0) {
            return at;
          }
        }
      }
      return -1;
    }
    if (buf.hasMemoryAddress()) {
      long base = buf.memoryAddress();
      for (; q + 1 < to; q += stride) {
        int i = PlatformDependent.getShort(base + q) & 0xffff;
        if (((bits[i >>> 6] >>> i) & 1) != 0) {
          int at = candidates(buf, from, to, q);
          if (at >= 0) {
            return at;
          }
        }
      }
      return -1;
    }
    for (; q + 1 < to; q += stride) {
      int i = pairIndex(buf.getByte(q), buf.getByte(q + 1));
      if (((bits[i >>> 6] >>> i) & 1) != 0) {
        int at = candidates(buf, from, to, q);
        if (at >= 0) {
          return at;
        }
      }
    }
    return -1;
  }

  /** The first whole end-line in {@code buf[from, to)} whose pair at {@code q} is its j-th. */
  private int candidates(ByteBuf buf, int from, int to, int q) {
    byte b0 = buf.getByte(q);
    byte b1 = buf.getByte(q + 1);
    for (int j = length - 2; j >= 0; j--) {
      int start = q - j;
      if (start >= from
          && start + length <= to
          && accepts(j, b0)
          && accepts(j + 1, b1)
          && matchesAt(buf, start)) {
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
