package org.parley.sdp;

/**
 * {@code a=file-range} (RFC 5547 §8): the octets of the file to transfer, 1-based and inclusive.
 *
 * <pre>
 * file-range-attr = "file-range:" start-offset "-" stop-offset
 * start-offset    = INTEGER             ; from 1
 * stop-offset     = INTEGER / "*"       ; "*" is the end of the file
 * </pre>
 */
public final class FileRange {
  private final long start;
  private final long stop;

  private FileRange(long start, long stop) {
    this.start = start;
    this.stop = stop;
  }

  /**
   * A range to write: octets {@code start} to {@code stop} inclusive, from 1; {@code stop} -1 for
   * {@code *}.
   *
   * @throws IllegalArgumentException when {@code start < 1} or {@code stop} is before it
   */
  public static FileRange of(long start, long stop) {
    if (start < 1 || (stop != -1 && stop < start)) {
      throw new IllegalArgumentException(
          "file-range-attr: start-offset from 1, stop-offset -1 or from start: "
              + start
              + "-"
              + stop);
    }
    return new FileRange(start, stop);
  }

  static FileRange parse(String v, int line) {
    int dash = v.indexOf('-');
    if (dash < 0) {
      throw new SdpParseException(
          line,
          SdpRule.FILE_RANGE,
          "expected start-offset \"-\" stop-offset: " + SdpFields.quote(v));
    }
    String a = v.substring(0, dash);
    String b = v.substring(dash + 1);
    if (!SdpChars.digits(a) || a.length() > 18 || Long.parseLong(a) < 1) {
      throw new SdpParseException(
          line, SdpRule.FILE_RANGE, "start-offset must be a number from 1: " + SdpFields.quote(a));
    }
    long start = Long.parseLong(a);
    long stop;
    if (b.equals("*")) {
      stop = -1;
    } else if (SdpChars.digits(b) && b.length() <= 18) {
      stop = Long.parseLong(b);
      if (stop < start) {
        throw new SdpParseException(
            line, SdpRule.FILE_RANGE, "stop-offset " + stop + " is before start-offset " + start);
      }
    } else {
      throw new SdpParseException(
          line, SdpRule.FILE_RANGE, "stop-offset must be a number or *: " + SdpFields.quote(b));
    }
    return new FileRange(start, stop);
  }

  /** The first octet, from 1. */
  public long start() {
    return start;
  }

  /** The last octet, or {@code -1} for {@code *} (the end of the file). */
  public long stop() {
    return stop;
  }

  /** The attribute value. */
  @Override
  public String toString() {
    return start + "-" + (stop < 0 ? "*" : Long.toString(stop));
  }
}
