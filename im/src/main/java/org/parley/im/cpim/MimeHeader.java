package org.parley.im.cpim;

import java.util.Objects;

/**
 * A header of the MIME entity a CPIM message encapsulates (RFC 3862 §2, RFC 2045): {@code
 * Content-Type}, {@code Content-ID}, {@code Content-Disposition}, ... (RFC 5322 §2.2 syntax: a
 * field name of printable ASCII, a colon, an unstructured value, folding allowed).
 *
 * <p>{@link #rawValue()} keeps everything after the colon as written (leading white space, folds as
 * CRLF + WSP) so the header writes back byte for byte; {@link #value()} is unfolded and trimmed.
 */
public final class MimeHeader {
  private final String name;
  private final String rawValue;

  MimeHeader(String name, String rawValue) {
    this.name = name;
    this.rawValue = rawValue;
  }

  /**
   * {@code name: value}.
   *
   * @throws CpimSyntaxException (MIME_HEADER) for a name that is not printable ASCII without colon,
   *     or a value with a line break or another control character than HTAB
   */
  public static MimeHeader of(String name, String value) {
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new CpimSyntaxException(CpimRule.MIME_HEADER, 0, "empty field name");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!fieldNameChar(name.charAt(i))) {
        throw CpimValues.error(CpimRule.MIME_HEADER, name, i, 0, "not a field-name character");
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw CpimValues.error(
            CpimRule.MIME_HEADER, value, i, 0, "control character " + CpimChars.hex(c));
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw CpimValues.error(CpimRule.MIME_HEADER, value, i, 0, "unpaired surrogate");
      }
    }
    return new MimeHeader(name, " " + value);
  }

  /** {@code ftext = %d33-57 / %d59-126}. */
  static boolean fieldNameChar(int c) {
    return c >= 33 && c <= 126 && c != ':';
  }

  /** The field name as written. */
  public String name() {
    return name;
  }

  /** Whether the name is {@code name}, without case. */
  public boolean is(String name) {
    return this.name.equalsIgnoreCase(name);
  }

  /** Everything after the colon, as written. */
  public String rawValue() {
    return rawValue;
  }

  /** The value unfolded, without leading and trailing white space. */
  public String value() {
    String v = rawValue.replace("\r\n", "");
    int start = 0;
    int end = v.length();
    while (start < end && (v.charAt(start) == ' ' || v.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (v.charAt(end - 1) == ' ' || v.charAt(end - 1) == '\t')) {
      end--;
    }
    return v.substring(start, end);
  }

  /** The header line without CRLF. */
  @Override
  public String toString() {
    return name + ':' + rawValue;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MimeHeader
        && ((MimeHeader) o).name.equals(name)
        && ((MimeHeader) o).rawValue.equals(rawValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, rawValue);
  }
}
