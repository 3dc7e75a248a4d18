package org.parley.sdp;

import java.util.ArrayList;
import java.util.List;

/** Character classes of RFC 8866 §9 and RFC 4975 §9, and a printable form for error messages. */
final class SdpChars {
  private SdpChars() {}

  /** {@code token-char} of RFC 8866. */
  static boolean tokenChar(char c) {
    return c == 0x21
        || (c >= 0x23 && c <= 0x27)
        || c == 0x2A
        || c == 0x2B
        || c == 0x2D
        || c == 0x2E
        || (c >= 0x30 && c <= 0x39)
        || (c >= 0x41 && c <= 0x5A)
        || (c >= 0x5E && c <= 0x7E);
  }

  /** {@code 1*token-char} over the whole string. */
  static boolean token(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!tokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code 1*DIGIT} over the whole string. */
  static boolean digits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code 1*VCHAR}: visible characters, no space. Non-ASCII (UTF-8 text) counts as visible. */
  static boolean visible(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7F) {
        return false;
      }
    }
    return true;
  }

  static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  }

  /**
   * Checks {@code 2HEX *(":" 2HEX)}; returns -1 when it holds, else the index of the first
   * character that breaks it (the length when the text ends too early).
   */
  static int hexPairs(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (i % 3 == 2 ? c != ':' : !hex(c)) {
        return i;
      }
    }
    return s.length() % 3 == 2 ? -1 : s.length();
  }

  /** The value without trailing spaces and tabs (peers leave them; they carry no meaning). */
  static String trimTrailing(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return end == s.length() ? s : s.substring(0, end);
  }

  /** Splits at each space; an empty field (two spaces in a row, a leading space) is kept as "". */
  static List<String> fields(String s) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ') {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /**
   * Splits at runs of spaces, ignoring leading and trailing ones (for lists where SP separates).
   */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < s.length() && s.charAt(i) != ' ') {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /** A character as it should appear in an error message. */
  static String printable(char c) {
    if (c >= 0x21 && c <= 0x7E) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }
}
