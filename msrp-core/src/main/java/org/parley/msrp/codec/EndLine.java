package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpSyntaxException;

/**
 * One frame's end-line, {@code CRLF "-------" transact-id continuation-flag} (RFC 4975 §9) with the
 * CRLF that ends it when {@linkplain #EndLine(boolean) asked}, and the search for it in body bytes:
 * the decoder looks for it to find a frame's end, the encoder to refuse a body that holds it. The
 * flag position takes any of the three flags. Written for one frame at a time ({@link #set}).
 */
final class EndLine {
  static final int DASHES = 7;
  static final int MAX_TRANSACT_ID = 32;

  /** The longest end-line, with its closing CRLF. */
  static final int MAX_LENGTH = 2 + DASHES + MAX_TRANSACT_ID + 1 + 2;

  private static final byte CR = '\r';
  private static final byte[] FLAGS = {'$', '+', '#'};

  /** Below this many bytes a plain scan for CR is as fast as sampling. */
  private static final int SAMPLED_MIN = 512;

  /**
   * Pairs are looked up by their 16-bit value with the top two bits dropped: a 16 KB table that
   * stays in the first-level cache next to the data, for four times as many false hits (about one
   * sample in eight hundred for an 8-character transaction id), each ruled out by the full check.
   */
  private static final int PAIR_MASK = 0x3fff;

  /**
   * Per event-loop thread and per kind of end-line (with or without its closing CRLF), one byte per
   * possible pair: non-zero for the pairs of the end-line last searched for on that thread. Shared
   * by the thread's decoders (or encoders) rather than held per connection; one whose frame has
   * another transaction id reloads it (a few dozen stores).
   */
  private static final FastThreadLocal<PairTable> CLOSED_PAIRS = new PairTables();

  private static final FastThreadLocal<PairTable> OPEN_PAIRS = new PairTables();

  private final byte[] bytes;
  private final FastThreadLocal<PairTable> pairs;
  private final int closing;
  private int length;
  private int flagIndex;
  private String transactionId = "";

  /** Bytes of a heap buffer compared with the end-line; made when first needed. */
  private byte @Nullable [] scratch;

  /**
   * @param closingCrlf whether the CRLF after the flag is part of what is searched for (the
   *     decoder's end-line) or not (the encoder's stricter check)
   */
  EndLine(boolean closingCrlf) {
    closing = closingCrlf ? 2 : 0;
    bytes = new byte[MAX_LENGTH - 2 + closing];
    pairs = closingCrlf ? CLOSED_PAIRS : OPEN_PAIRS;
    bytes[0] = CR;
    bytes[1] = '\n';
    Arrays.fill(bytes, 2, 2 + DASHES, (byte) '-');
  }

  /** Makes this the end-line of transaction {@code id} (an {@code ident} of at most 32 bytes). */
  void set(String id) {
    int n = id.length();
    for (int i = 0; i < n; i++) {
      bytes[2 + DASHES + i] = (byte) id.charAt(i);
    }
    flagIndex = 2 + DASHES + n;
    if (closing > 0) {
      bytes[flagIndex + 1] = CR;
      bytes[flagIndex + 2] = '\n';
    }
    length = flagIndex + 1 + closing;
    transactionId = id;
  }

  String transactionId() {
    return transactionId;
  }

  int length() {
    return length;
  }

  int flagIndex() {
    return flagIndex;
  }

  /** Whether byte {@code b} may stand at position {@code k} of the end-line. */
  boolean accepts(int k, byte b) {
    return k == flagIndex ? (b == '$' || b == '+' || b == '#') : b == bytes[k];
  }

  /**
   * Reads a line of a head that starts with '-', {@code b[from, from + n)} without its CRLF: the
   * end-line of a frame without body.
   *
   * @return its continuation flag
   * @throws MsrpSyntaxException when it is not this frame's end-line (framing is lost), the offset
   *     counted from {@code from}
   */
  ContinuationFlag inHead(byte[] b, int from, int n) {
    int dashes = 0;
    while (dashes < n && dashes < DASHES && b[from + dashes] == '-') {
      dashes++;
    }
    if (dashes < DASHES) {
      throw new MsrpSyntaxException(MsrpRule.END_LINE, dashes, "an end-line starts with seven '-'");
    }
    int idLen = n - DASHES;
    if (idLen == flagIndex - 2 - DASHES && transactIdMismatch(b, from + DASHES, from + n) < 0) {
      throw new MsrpSyntaxException(
          MsrpRule.CONTINUATION_FLAG, n, "the end-line has no continuation flag");
    }
    if (idLen < 1) {
      throw new MsrpSyntaxException(MsrpRule.END_LINE, n, "the end-line has no transaction id");
    }
    int differ = transactIdMismatch(b, from + DASHES, from + n - 1);
    if (differ >= 0) {
      throw new MsrpSyntaxException(
          MsrpRule.END_LINE,
          DASHES + differ,
          "the end-line's transaction id is not " + transactionId);
    }
    ContinuationFlag flag = ContinuationFlag.of(b[from + n - 1]);
    if (flag == null) {
      int c = b[from + n - 1] & 0xff;
      throw new MsrpSyntaxException(
          MsrpRule.CONTINUATION_FLAG,
          n - 1,
          "continuation flag "
              + (c >= 0x21 && c <= 0x7e ? "'" + (char) c + "'" : String.format("0x%02X", c))
              + " is not +, $ or #");
    }
    return flag;
  }

  /** Where {@code b[from, to)} first differs from the transaction id; -1 when it is the same. */
  private int transactIdMismatch(byte[] b, int from, int to) {
    return Arrays.mismatch(b, from, to, bytes, 2 + DASHES, flagIndex);
  }

  /**
   * Searches {@code in[r, w)} for the end-line.
   *
   * @return the index of the first whole end-line; else {@code -(p + 1)}, where {@code in[p, w)} is
   *     the longest end of the range that begins an end-line ({@code p == w} when none does)
   */
  int search(ByteBuf in, int r, int w) {
    int from = r;
    if (w - r >= SAMPLED_MIN) {
      int at = sampledSearch(in, r, w);
      if (at >= 0) {
        return at;
      }
      // Starts past the last sample, and starts whose end-line would run past the buffer, are
      // left to the scan below, which also finds a partial end-line at the end.
      from = r + Math.max(0, Math.min(-at - 1, w - r - length + 1));
    }
    while (true) {
      int cr = in.indexOf(from, w, CR);
      if (cr < 0) {
        return -w - 1;
      }
      int avail = w - cr;
      int k = matchLength(in, cr, Math.min(avail, length));
      if (k == length) {
        return cr;
      }
      if (k == avail) {
        return -cr - 1;
      }
      from = cr + 1;
    }
  }

  /**
   * Sampling search for a whole end-line in {@code in[r, w)}. An end-line of length L that fits
   * holds a pair of adjacent bytes starting at exactly one position r + k(L-1) + L-2; only where
   * that pair occurs in the end-line can a match start, so all other windows are passed over whole.
   * A table of the end-line's byte pairs (16K entries) makes a random pair a hit about once in
   * eight hundred. The loads are at a fixed stride, so the processor overlaps them; direct buffers
   * are read by address, without the per-call checks of {@code ByteBuf.getByte}.
   *
   * @return the match's index, or {@code -(s + 1)} where s (relative to r) is the first start the
   *     samples did not rule out
   */
  private int sampledSearch(ByteBuf in, int r, int w) {
    int n = w - r;
    int stride = length - 1;
    byte[] bits = pairTable();
    int p = stride - 1;
    if (in.hasMemoryAddress()) {
      long base = in.memoryAddress() + r;
      long a = base + p;
      long end = base + n - 1 - 7L * stride;
      while ((a = sampleTurns(bits, a, end, stride)) < end) {
        int at = hits(base, n, bits, (int) (a - base), stride);
        if (at >= 0) {
          return r + at;
        }
        a += 8L * stride;
      }
      p = (int) (a - base);
    } else if (in.nioBufferCount() == 1) {
      // Without Unsafe (io.netty.noUnsafe, heap buffers): the same samples through a ByteBuffer
      // view of the bytes, whose absolute 16-bit reads the JIT compiles to a checked load.
      // nioBuffer, not internalNioBuffer: the latter is shared with the slices of the same
      // buffer, which other threads may be reading (a file sink, say).
      ByteBuffer view = in.nioBuffer(r, n).order(ByteOrder.nativeOrder());
      int end = n - 1 - 7 * stride;
      while ((p = sampleTurns(view, bits, p, end, stride)) < end) {
        for (int k = 0; k < 8; k++, p += stride) {
          if (bits[view.getShort(p) & PAIR_MASK] != 0) {
            int at = candidates(in, r, n, p);
            if (at >= 0) {
              return at;
            }
          }
        }
      }
    }
    for (; p + 1 < n; p += stride) {
      int i = pairIndex(in.getByte(r + p), in.getByte(r + p + 1));
      if (bits[i] != 0) {
        int at = candidates(in, r, n, p);
        if (at >= 0) {
          return at;
        }
      }
    }
    return -(p - stride + 1) - 1;
  }

  /**
   * The sampling loop: turns of eight samples {@code stride} apart from address {@code a}, each a
   * 16-bit load looked up in {@code bits}, one branch for all eight; returns the address of the
   * first turn with a hit, or a value {@code >= end}. The offsets are ints, so that each load is
   * one addressing mode off {@code a} or {@code b}.
   *
   * <p>Written out twice per loop pass so that it is more than 325 bytes of bytecode (C2's {@code
   * FreqInlineSize}) and is never inlined: compiled on its own it keeps every value of the loop in
   * a register, the same way in every run, whereas inlined into its caller it spilled some of them
   * to the stack in about one JVM in three, costing a fifth of the 64 KB throughput.
   */
  private static long sampleTurns(byte[] bits, long a, long end, int stride) {
    int s2 = 2 * stride;
    int s3 = 3 * stride;
    int s4 = 4 * stride;
    int step = 8 * stride;
    while (a < end) {
      long b = a + s4;
      if ((PlatformDependent.getByte(bits, PlatformDependent.getShort(a) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + stride) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + s2) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + s3) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + stride) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + s2) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + s3) & PAIR_MASK))
          != 0) {
        return a;
      }
      a += step;
      if (a >= end) {
        break;
      }
      b = a + s4;
      if ((PlatformDependent.getByte(bits, PlatformDependent.getShort(a) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + stride) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + s2) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + s3) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + stride) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + s2) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + s3) & PAIR_MASK))
          != 0) {
        return a;
      }
      a += step;
    }
    return a;
  }

  /**
   * The sampling loop over a {@code ByteBuffer} view, for buffers without a memory address: turns
   * of eight samples {@code stride} apart from offset {@code p}, one branch for the eight; returns
   * the offset of the first turn with a hit, or a value {@code >= end}.
   */
  private static int sampleTurns(ByteBuffer view, byte[] bits, int p, int end, int stride) {
    for (int step = 8 * stride; p < end; p += step) {
      int h =
          bits[view.getShort(p) & PAIR_MASK]
              | bits[view.getShort(p + stride) & PAIR_MASK]
              | bits[view.getShort(p + 2 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 3 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 4 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 5 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 6 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 7 * stride) & PAIR_MASK];
      if (h != 0) {
        return p;
      }
    }
    return p;
  }

  /**
   * Checks the samples of one turn that hit the table (the first at {@code p} from {@code base},
   * the address of the range's first byte, {@code n} bytes long); the match's offset from {@code
   * base} or -1. Rare: about one turn in a hundred on random bytes.
   */
  private int hits(long base, int n, byte[] bits, int p, int stride) {
    for (int k = 0; k < 8; k++, p += stride) {
      long q = base + p;
      if (PlatformDependent.getByte(bits, PlatformDependent.getShort(q) & PAIR_MASK) == 0) {
        continue;
      }
      byte b0 = PlatformDependent.getByte(q);
      byte b1 = PlatformDependent.getByte(q + 1);
      for (int j = Math.min(p, length - 2); j >= 0; j--) {
        if (p - j + length <= n && accepts(j, b0) && accepts(j + 1, b1) && matchesAt(q - j)) {
          return p - j;
        }
      }
    }
    return -1;
  }

  private boolean matchesAt(long address) {
    for (int k = 0; k < length; k++) {
      if (!accepts(k, PlatformDependent.getByte(address + k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many of the {@code max} bytes at {@code in[cr]} (a CR) follow the end-line: by address for
   * a direct buffer, else after one bulk read instead of a checked {@code getByte} per byte.
   */
  private int matchLength(ByteBuf in, int cr, int max) {
    int k = 1;
    if (in.hasMemoryAddress()) {
      long a = in.memoryAddress() + cr;
      while (k < max && accepts(k, PlatformDependent.getByte(a + k))) {
        k++;
      }
      return k;
    }
    byte[] copy = scratch;
    if (copy == null) {
      copy = new byte[bytes.length];
      scratch = copy;
    }
    in.getBytes(cr, copy, 0, max);
    while (k < max && accepts(k, copy[k])) {
      k++;
    }
    return k;
  }

  /** Bytes of memory held for heap-buffer comparisons. */
  int bufferedBytes() {
    byte[] s = scratch;
    return s == null ? 0 : s.length;
  }

  /** The table index of two adjacent bytes, as a native-order 16-bit load gives them. */
  private static int pairIndex(byte first, byte second) {
    return (PlatformDependent.BIG_ENDIAN_NATIVE_ORDER
            ? ((first & 0xff) << 8) | (second & 0xff)
            : (first & 0xff) | ((second & 0xff) << 8))
        & PAIR_MASK;
  }

  /**
   * Checks the starts that the pair at {@code p} allows, earliest first; the match's index or -1.
   */
  private int candidates(ByteBuf in, int r, int n, int p) {
    byte b0 = in.getByte(r + p);
    byte b1 = in.getByte(r + p + 1);
    for (int j = length - 2; j >= 0; j--) {
      int start = p - j;
      if (start >= 0
          && start + length <= n
          && accepts(j, b0)
          && accepts(j + 1, b1)
          && matchesAt(in, r + start)) {
        return r + start;
      }
    }
    return -1;
  }

  private boolean matchesAt(ByteBuf in, int at) {
    for (int k = 0; k < length; k++) {
      if (!accepts(k, in.getByte(at + k))) {
        return false;
      }
    }
    return true;
  }

  /** The pairs of this end-line, in this thread's table (loaded when it holds another). */
  private byte[] pairTable() {
    PairTable t = pairs.get();
    if (!transactionId.equals(t.forTid)) {
      byte[] table = t.table;
      for (int k = 0; k < t.setCount; k++) {
        table[t.set[k]] = 0;
      }
      t.setCount = 0;
      for (int j = 0; j + 1 < length; j++) {
        int na = j == flagIndex ? FLAGS.length : 1;
        int nb = j + 1 == flagIndex ? FLAGS.length : 1;
        for (int x = 0; x < na; x++) {
          byte a = j == flagIndex ? FLAGS[x] : bytes[j];
          for (int y = 0; y < nb; y++) {
            byte b = j + 1 == flagIndex ? FLAGS[y] : bytes[j + 1];
            int i = pairIndex(a, b);
            table[i] = 1;
            t.set[t.setCount++] = i;
          }
        }
      }
      t.forTid = transactionId;
    }
    return t.table;
  }

  /** The pair table of one thread and the transaction id whose end-line it holds. */
  private static final class PairTable {
    final byte[] table = new byte[PAIR_MASK + 1];
    final int[] set = new int[3 * 2 * MAX_LENGTH];
    int setCount;
    @Nullable String forTid;
  }

  private static final class PairTables extends FastThreadLocal<PairTable> {
    @Override
    protected PairTable initialValue() {
      return new PairTable();
    }
  }
}
