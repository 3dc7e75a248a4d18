package org.parley.msrp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * {@code utf8text = *(HTAB / %x20-7E / UTF8-NONASCII)} (RFC 4975 §9) over bytes: no control
 * characters, and well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF).
 */
final class Utf8Text {
  /** The bytes are printable US-ASCII or HTAB. */
  static final int ASCII = -1;

  /** The bytes are valid and hold at least one non-ASCII character. */
  static final int NON_ASCII = -2;

  private Utf8Text() {}

  /** {@link #ASCII}, {@link #NON_ASCII}, or the index of the first byte that breaks the rule. */
  static int check(byte[] b, int from, int to) {
    int i = skipPrintableAscii(b, from, to);
    while (i < to && b[i] >= 0x20 && b[i] != 0x7f) {
      i++;
    }
    if (i == to) {
      return ASCII;
    }
    boolean nonAscii = false;
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          return i;
        }
        i++;
        continue;
      }
      nonAscii = true;
      int need;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        min = 0x10000;
      } else {
        return i;
      }
      if (i + need >= to) {
        return i; // the sequence is cut off by the end of the line
      }
      int cp = c & (0x3f >> need);
      for (int k = 1; k <= need; k++) {
        int cc = b[i + k] & 0xff;
        if ((cc & 0xc0) != 0x80) {
          return i + k;
        }
        cp = (cp << 6) | (cc & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return i;
      }
      i += need + 1;
    }
    return nonAscii ? NON_ASCII : ASCII;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Skips whole eight-byte words of printable US-ASCII ({@code %x20-7E}), eight bytes at a time
   * ("SIMD within a register"); returns where a word holding anything else (or the last few bytes)
   * begins. The caller checks from there byte by byte.
   */
  private static int skipPrintableAscii(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long high = w & 0x8080808080808080L;
      long below20 = (w - 0x2020202020202020L) & ~w & 0x8080808080808080L;
      long x = w ^ 0x7F7F7F7F7F7F7F7FL;
      long del = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if ((high | below20 | del) != 0) {
        break;
      }
    }
    return i;
  }
}
