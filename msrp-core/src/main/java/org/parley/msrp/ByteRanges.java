package org.parley.msrp;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a message received so far, as sorted, merged ranges {@code [from, to)} counted from
 * 0: what a receiver keeps to put chunks that come out of order or more than once back together
 * (RFC 4975 §7.3.1). Not thread-safe.
 */
public final class ByteRanges {
  /** Receives the parts of an added range that were not there before. */
  @FunctionalInterface
  public interface NewPart {
    void accept(long from, long to);
  }

  private final List<long[]> ranges = new ArrayList<>();

  /** Adds {@code [from, to)}; {@code newPart} hears, in order, each part not received before. */
  public void add(long from, long to, NewPart newPart) {
    if (from >= to) {
      return;
    }
    long at = from;
    for (long[] r : ranges) {
      if (r[1] <= at) {
        continue;
      }
      if (r[0] >= to) {
        break;
      }
      if (r[0] > at) {
        newPart.accept(at, r[0]);
      }
      at = Math.max(at, r[1]);
      if (at >= to) {
        break;
      }
    }
    if (at < to) {
      newPart.accept(at, to);
    }
    merge(from, to);
  }

  private void merge(long from, long to) {
    int i = 0;
    while (i < ranges.size() && ranges.get(i)[1] < from) {
      i++;
    }
    long f = from;
    long t = to;
    while (i < ranges.size() && ranges.get(i)[0] <= t) {
      f = Math.min(f, ranges.get(i)[0]);
      t = Math.max(t, ranges.get(i)[1]);
      ranges.remove(i);
    }
    ranges.add(i, new long[] {f, t});
  }

  /** Bytes present without a gap from the start. */
  public long contiguous() {
    return ranges.isEmpty() || ranges.get(0)[0] != 0 ? 0 : ranges.get(0)[1];
  }

  /** Bytes present in all. */
  public long covered() {
    long n = 0;
    for (long[] r : ranges) {
      n += r[1] - r[0];
    }
    return n;
  }
}
