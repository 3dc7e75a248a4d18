package org.parley.sdp;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code a=file-date} (RFC 5547 §6): dates of the file, each an RFC 5322 date-time kept as text.
 *
 * <pre>
 * file-date-attr = "file-date:" date-param *(SP date-param)
 * date-param     = c-date-param / m-date-param / r-date-param
 * c-date-param   = "creation:" DQUOTE date-time DQUOTE
 * m-date-param   = "modification:" DQUOTE date-time DQUOTE
 * r-date-param   = "read:" DQUOTE date-time DQUOTE
 * </pre>
 *
 * <p>Immutable; {@link #toString()} gives the value as written. {@link #of} writes ours, in GMT,
 * and reads it back by the same rules.
 */
public final class FileDate {
  private static final DateTimeFormatter RFC_5322 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

  private final String creation;
  private final String modification;
  private final String read;
  private final String text;

  private FileDate(String creation, String modification, String read, String text) {
    this.creation = creation;
    this.modification = modification;
    this.read = read;
    this.text = text;
  }

  /**
   * The value for these dates, each null for none: {@code creation:"Mon, 15 May 2006 13:02:31 GMT"
   * ...}.
   *
   * @throws SdpParseException when every date is null
   */
  public static FileDate of(
      ZonedDateTime creation, ZonedDateTime modification, ZonedDateTime read) {
    StringBuilder sb = new StringBuilder(112);
    date(sb, "creation", creation);
    date(sb, "modification", modification);
    date(sb, "read", read);
    return parse(sb.toString(), 0);
  }

  private static void date(StringBuilder sb, String name, ZonedDateTime t) {
    if (t != null) {
      sb.append(sb.length() > 0 ? " " : "").append(name).append(":\"");
      sb.append(RFC_5322.format(t.withZoneSameInstant(ZoneOffset.UTC))).append('"');
    }
  }

  static FileDate parse(String v, int line) {
    String[] dates = new String[3];
    String[] names = {"creation", "modification", "read"};
    int i = 0;
    boolean any = false;
    while (i < v.length()) {
      if (v.charAt(i) == ' ') {
        i++;
        continue;
      }
      int colon = v.indexOf(':', i);
      int which = -1;
      for (int k = 0; k < 3 && colon > 0; k++) {
        if (names[k].equals(v.substring(i, colon))) {
          which = k;
        }
      }
      if (which < 0) {
        throw new SdpParseException(
            line,
            SdpRule.FILE_DATE,
            "expected creation:, modification: or read: at column " + (i + 1));
      }
      if (dates[which] != null) {
        throw new SdpParseException(line, SdpRule.FILE_DATE, names[which] + ": appears twice");
      }
      int open = colon + 1;
      int close = open < v.length() && v.charAt(open) == '"' ? v.indexOf('"', open + 1) : -1;
      if (close < 0 || close == open + 1) {
        throw new SdpParseException(
            line, SdpRule.FILE_DATE, names[which] + ": must be a quoted, non-empty date-time");
      }
      dates[which] = v.substring(open + 1, close);
      any = true;
      i = close + 1;
    }
    if (!any) {
      throw new SdpParseException(line, SdpRule.FILE_DATE, "no date-param");
    }
    return new FileDate(dates[0], dates[1], dates[2], v);
  }

  /** The creation date-time as written, or {@code null}. */
  public String creation() {
    return creation;
  }

  /** The modification date-time as written, or {@code null}. */
  public String modification() {
    return modification;
  }

  /** The read date-time as written, or {@code null}. */
  public String read() {
    return read;
  }

  /** The attribute value as written. */
  @Override
  public String toString() {
    return text;
  }
}
