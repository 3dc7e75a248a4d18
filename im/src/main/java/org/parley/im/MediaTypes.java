package org.parley.im;

import java.util.Locale;

/**
 * The media type of a Content-Type value (RFC 2045 §5.1), as CPIM's encapsulated Content-Type (RFC
 * 3862) and RFC 5547's file-selector {@code type} carry it. Public for the packages of this module;
 * not meant as API.
 */
public final class MediaTypes {
  private MediaTypes() {}

  /**
   * The {@code type/subtype} of a Content-Type value, in lower case, or {@code null} when it has
   * none (RFC 2045 §5.1: {@code type "/" subtype *(";" parameter)}, tokens).
   */
  public static String mediaTypeOf(String value) {
    int slash = value.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    int end = slash + 1;
    while (end < value.length() && mimeTokenChar(value.charAt(end))) {
      end++;
    }
    if (end == slash + 1) {
      return null;
    }
    for (int i = 0; i < slash; i++) {
      if (!mimeTokenChar(value.charAt(i))) {
        return null;
      }
    }
    for (int i = end; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ';') {
        break;
      }
      if (c != ' ' && c != '\t') {
        return null;
      }
    }
    return value.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private static boolean mimeTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
  }
}
