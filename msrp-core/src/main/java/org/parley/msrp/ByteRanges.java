package org.parley.msrp;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a message received so far, as sorted, merged ranges {@code [from, to)} counted from
 * 0: what a receiver keeps to put chunks that come out of order or more than once back together
 * (RFC 4975 §7.3.1). Ranges are kept in a tree by their start, so adding one costs O(log n) plus
 * the ranges it swallows, however scattered the chunks come; memory grows with the ranges present
 * (never with a size a peer announced). Not thread-safe.
 */
public final class ByteRanges {
  /** Receives the parts of an added range that were not there before. */
  @FunctionalInterface
  public interface NewPart {
    void accept(long from, long to);
  }

  /** Start to end (exclusive) of each range; ranges neither overlap nor touch. */
  private final TreeMap<Long, Long> ranges = new TreeMap<>();

  /**
   * Adds {@code [from, to)}; {@code newPart} hears, in order, each part not received before. It is
   * called before the ranges are updated and must not throw.
   */
  public void add(long from, long to, NewPart newPart) {
    if (from >= to) {
      return;
    }
    long start = from;
    long end = to;
    long at = from; // bytes before this are known to be present or reported
    Map.Entry<Long, Long> below = ranges.floorEntry(from);
    if (below != null && below.getValue() >= from) {
      start = below.getKey();
      end = Math.max(end, below.getValue());
      at = Math.max(at, below.getValue());
      ranges.remove(below.getKey());
    }
    Iterator<Map.Entry<Long, Long>> inside =
        ranges.subMap(from, false, to, true).entrySet().iterator();
    while (inside.hasNext()) {
      Map.Entry<Long, Long> r = inside.next();
      if (r.getKey() > at) {
        newPart.accept(at, r.getKey());
      }
      at = Math.max(at, r.getValue());
      end = Math.max(end, r.getValue());
      inside.remove();
    }
    if (at < to) {
      newPart.accept(at, to);
    }
    ranges.put(start, end);
  }

  /** Bytes present without a gap from the start. */
  public long contiguous() {
    Map.Entry<Long, Long> first = ranges.firstEntry();
    return first == null || first.getKey() != 0 ? 0 : first.getValue();
  }

  /** Bytes present in all. */
  public long covered() {
    long n = 0;
    for (Map.Entry<Long, Long> r : ranges.entrySet()) {
      n += r.getValue() - r.getKey();
    }
    return n;
  }

  /** How many separate ranges are held (1 for a message received in order). */
  public int size() {
    return ranges.size();
  }
}
