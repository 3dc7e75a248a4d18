package org.parley.msrp.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The search for a line end eight bytes at a time ("SIMD within a register") over a byte array. */
final class Swar {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LF_PATTERN = 0x0A0A0A0A0A0A0A0AL;

  private Swar() {}

  /** Index of the first LF in {@code b[from, to)}, or -1. */
  static int indexOfLf(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(b, i) ^ LF_PATTERN;
      long found = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
