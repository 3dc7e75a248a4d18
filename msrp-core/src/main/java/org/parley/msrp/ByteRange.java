package org.parley.msrp;

/**
 * The Byte-Range header (RFC 4975 §7.1.1): {@code range-start "-" range-end "/" total}, where the
 * end and the total may be {@code *} (unknown), represented here as {@link #UNKNOWN}. Positions
 * count from 1; {@code 1-0/0} is the range of an empty body.
 */
public final class ByteRange {
  /** An end or total given as {@code *}. */
  public static final long UNKNOWN = -1;

  private final long start;
  private final long end;
  private final long total;

  private ByteRange(long start, long end, long total) {
    this.start = start;
    this.end = end;
    this.total = total;
  }

  /**
   * A range.
   *
   * @param end the last byte's position, or {@link #UNKNOWN}
   * @param total the message's size, or {@link #UNKNOWN}
   * @throws MsrpSyntaxException when start &lt; 1, end &lt; start - 1, or end &gt; total
   */
  public static ByteRange of(long start, long end, long total) {
    if (start < 1) {
      throw new MsrpSyntaxException(MsrpRule.BYTE_RANGE, 0, "range-start must be at least 1");
    }
    if (end != UNKNOWN && end < start - 1) {
      throw new MsrpSyntaxException(
          MsrpRule.BYTE_RANGE, 0, "range-end " + end + " is before range-start " + start);
    }
    if (end < UNKNOWN || total < UNKNOWN) {
      throw new MsrpSyntaxException(MsrpRule.BYTE_RANGE, 0, "negative range-end or total");
    }
    if (total != UNKNOWN && end != UNKNOWN && end > total) {
      throw new MsrpSyntaxException(
          MsrpRule.BYTE_RANGE, 0, "range-end " + end + " is past the total " + total);
    }
    return new ByteRange(start, end, total);
  }

  /** The first byte's position, from 1. */
  public long start() {
    return start;
  }

  /** The last byte's position, or {@link #UNKNOWN}. */
  public long end() {
    return end;
  }

  /** The whole message's size, or {@link #UNKNOWN}. */
  public long total() {
    return total;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ByteRange)) {
      return false;
    }
    ByteRange r = (ByteRange) o;
    return start == r.start && end == r.end && total == r.total;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(start) * 961 + Long.hashCode(end) * 31 + Long.hashCode(total);
  }

  /** The header value, e.g. {@code 1-25/25} or {@code 1-*}{@code /*}. */
  @Override
  public String toString() {
    return start
        + "-"
        + (end == UNKNOWN ? "*" : Long.toString(end))
        + "/"
        + (total == UNKNOWN ? "*" : Long.toString(total));
  }
}
