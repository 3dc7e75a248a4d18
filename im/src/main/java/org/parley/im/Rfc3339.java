package org.parley.im;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@code date-time} of RFC 3339 §5.6, read by hand so that an error can say where it is. Used by
 * CPIM's DateTime header, IMDN's {@code <datetime>} and is-composing's {@code <lastactive>}.
 *
 * <pre>
 * date-time    = full-date "T" full-time          ; "t" and "z" accepted too (§5.6 NOTE)
 * full-date    = date-fullyear "-" date-month "-" date-mday
 * full-time    = partial-time time-offset
 * partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]
 * time-secfrac = "." 1*DIGIT
 * time-offset  = "Z" / ("+" / "-") time-hour ":" time-minute
 * </pre>
 *
 * <p>A leap second ({@code :60}) is read as the last nanosecond of second 59; fractions beyond
 * nanoseconds are cut. Public for the cpim, imdn and iscomposing packages; not meant as API.
 */
public final class Rfc3339 {
  private Rfc3339() {}

  /** Where {@link #parse} failed: the character index and what is wrong. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int index;

    Failure(int index, String message) {
      super(message, null, false, false);
      this.index = index;
    }

    /** The index of the character where parsing failed. */
    public int index() {
      return index;
    }
  }

  public static OffsetDateTime parse(CharSequence s) throws Failure {
    int[] p = {0};
    int year = digits(s, p, 4, "date-fullyear");
    expect(s, p, '-');
    int month = digits(s, p, 2, "date-month");
    expect(s, p, '-');
    int day = digits(s, p, 2, "date-mday");
    if (p[0] >= s.length() || (s.charAt(p[0]) != 'T' && s.charAt(p[0]) != 't')) {
      throw new Failure(p[0], "expected 'T' between full-date and full-time");
    }
    p[0]++;
    int hour = digits(s, p, 2, "time-hour");
    expect(s, p, ':');
    int minute = digits(s, p, 2, "time-minute");
    expect(s, p, ':');
    int second = digits(s, p, 2, "time-second");
    int nanos = 0;
    if (p[0] < s.length() && s.charAt(p[0]) == '.') {
      p[0]++;
      int n = 0;
      while (p[0] < s.length() && digit(s.charAt(p[0]))) {
        if (n < 9) {
          nanos = nanos * 10 + (s.charAt(p[0]) - '0');
        }
        n++;
        p[0]++;
      }
      if (n == 0) {
        throw new Failure(p[0], "time-secfrac needs a digit after '.'");
      }
      for (; n < 9; n++) {
        nanos *= 10;
      }
    }
    if (p[0] >= s.length()) {
      throw new Failure(p[0], "expected time-offset (Z or +hh:mm)");
    }
    int offsetAt = p[0];
    char o = s.charAt(p[0]);
    ZoneOffset offset;
    if (o == 'Z' || o == 'z') {
      p[0]++;
      offset = ZoneOffset.UTC;
    } else if (o == '+' || o == '-') {
      p[0]++;
      int oh = digits(s, p, 2, "time-hour of time-offset");
      expect(s, p, ':');
      int om = digits(s, p, 2, "time-minute of time-offset");
      if (oh > 23 || om > 59) {
        throw new Failure(offsetAt, "time-offset out of range");
      }
      int total = oh * 3600 + om * 60;
      if (total > 18 * 3600) {
        // The grammar allows hours to 23; no zone is that far out, and java.time stops at 18.
        throw new Failure(offsetAt, "time-offset beyond +/-18:00");
      }
      offset = ZoneOffset.ofTotalSeconds(o == '-' ? -total : total);
    } else {
      throw new Failure(p[0], "expected time-offset (Z or +hh:mm)");
    }
    if (p[0] != s.length()) {
      throw new Failure(p[0], "unexpected text after date-time");
    }
    if (second == 60) {
      second = 59;
      nanos = 999_999_999;
    }
    try {
      LocalDate date = LocalDate.of(year, month, day);
      LocalTime time = LocalTime.of(hour, minute, second, nanos);
      return OffsetDateTime.of(date, time, offset);
    } catch (DateTimeException e) {
      throw new Failure(0, "not a valid date and time: " + e.getMessage());
    }
  }

  private static int digits(CharSequence s, int[] p, int n, String what) throws Failure {
    int v = 0;
    for (int k = 0; k < n; k++) {
      int i = p[0] + k;
      if (i >= s.length() || !digit(s.charAt(i))) {
        throw new Failure(Math.min(i, s.length()), what + " needs " + n + " digits");
      }
      v = v * 10 + (s.charAt(i) - '0');
    }
    p[0] += n;
    return v;
  }

  private static void expect(CharSequence s, int[] p, char c) throws Failure {
    if (p[0] >= s.length() || s.charAt(p[0]) != c) {
      throw new Failure(p[0], "expected '" + c + "'");
    }
    p[0]++;
  }

  /**
   * Writes {@code t} as {@code date-time}: seconds always, a fraction only when there is one
   * (trailing zeros dropped), {@code Z} for UTC.
   *
   * @throws IllegalArgumentException for a year outside 0000 to 9999 or an offset with seconds
   */
  public static String format(OffsetDateTime t) {
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("date-fullyear has 4 digits; not " + year);
    }
    StringBuilder sb = new StringBuilder(32);
    pad(sb, year, 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      int digits = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      sb.append('.');
      pad(sb, nanos, digits);
    }
    int total = t.getOffset().getTotalSeconds();
    if (total % 60 != 0) {
      throw new IllegalArgumentException("time-offset has no seconds; not " + t.getOffset());
    }
    if (total == 0) {
      sb.append('Z');
    } else {
      sb.append(total < 0 ? '-' : '+');
      int abs = Math.abs(total);
      pad(sb, abs / 3600, 2).append(':');
      pad(sb, abs / 60 % 60, 2);
    }
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
