package org.parley.cli;

import java.util.Arrays;

/** Latencies in nanoseconds, recorded from any thread up to a fixed count, read as percentiles. */
final class Latencies {
  private final long[] values;
  private int count;

  Latencies(int capacity) {
    values = new long[capacity];
  }

  synchronized void add(long nanos) {
    if (count < values.length) {
      values[count++] = nanos;
    }
  }

  synchronized int count() {
    return count;
  }

  /** The {@code p}-th percentile (0 to 100) in milliseconds, or -1 when nothing was recorded. */
  synchronized double percentileMillis(double p) {
    if (count == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int i = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100 * count) - 1));
    return sorted[i] / 1e6;
  }
}
