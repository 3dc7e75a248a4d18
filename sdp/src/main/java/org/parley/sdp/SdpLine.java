package org.parley.sdp;

import java.util.Objects;

/**
 * One line of a session description: a type letter, its value exactly as written (trailing spaces
 * included) and the line end it had ({@code "\r\n"}, {@code "\n"}, or {@code ""} for a last line
 * without one). Lines built by Parley end with CRLF. Immutable.
 */
public final class SdpLine {
  static final String CRLF = "\r\n";

  private final char type;
  private final String value;
  private final String end;
  private final int lineNumber;

  SdpLine(char type, String value, String end, int lineNumber) {
    this.type = type;
    this.value = value;
    this.end = end;
    this.lineNumber = lineNumber;
  }

  /**
   * A new line ending with CRLF.
   *
   * @throws IllegalArgumentException when the value holds CR or LF or the type is not a-z
   */
  public static SdpLine of(char type, String value) {
    if (type < 'a' || type > 'z') {
      throw new IllegalArgumentException("type must be a lower-case letter: " + type);
    }
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("a value cannot hold CR, LF or NUL: " + value);
      }
    }
    return new SdpLine(type, value, CRLF, 0);
  }

  /** The type letter ({@code 'v'}, {@code 'o'}, {@code 'a'}, ...). */
  public char type() {
    return type;
  }

  /** The value as written, after the {@code '='}, trailing spaces included. */
  public String value() {
    return value;
  }

  /** The value without trailing spaces and tabs, as the typed accessors read it. */
  public String trimmedValue() {
    return SdpChars.trimTrailing(value);
  }

  /** The line end as written: CRLF, LF, or empty for a last line without one. */
  public String lineEnd() {
    return end;
  }

  /** The 1-based line number in the parsed text, or {@code 0} for a line built in code. */
  public int lineNumber() {
    return lineNumber;
  }

  /** For an {@code a=} line, the attribute name (before the first colon); otherwise null. */
  public String attributeName() {
    if (type != 'a') {
      return null;
    }
    int colon = value.indexOf(':');
    return colon < 0 ? SdpChars.trimTrailing(value) : value.substring(0, colon);
  }

  /**
   * For an {@code a=} line with a value, the trimmed value after the first colon; otherwise null.
   */
  public String attributeValue() {
    if (type != 'a') {
      return null;
    }
    int colon = value.indexOf(':');
    return colon < 0 ? null : SdpChars.trimTrailing(value.substring(colon + 1));
  }

  /** The line as written, line end included. */
  @Override
  public String toString() {
    return type + "=" + value + end;
  }

  /** Lines are equal when type, value and line end are (line numbers are not compared). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SdpLine
        && ((SdpLine) o).type == type
        && ((SdpLine) o).value.equals(value)
        && ((SdpLine) o).end.equals(end);
  }

  @Override
  public int hashCode() {
    return (type * 31 + value.hashCode()) * 31 + end.hashCode();
  }
}
