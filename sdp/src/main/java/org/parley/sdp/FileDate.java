package org.parley.sdp;

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
 */
public final class FileDate {
  private final String creation;
  private final String modification;
  private final String read;

  private FileDate(String creation, String modification, String read) {
    this.creation = creation;
    this.modification = modification;
    this.read = read;
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
    return new FileDate(dates[0], dates[1], dates[2]);
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
}
