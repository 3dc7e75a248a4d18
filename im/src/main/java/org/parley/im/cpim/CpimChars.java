package org.parley.im.cpim;

/**
 * Character classes of RFC 3862 §3.1 and the byte-level checks of header lines: UTF-8
 * well-formedness (RFC 3629) and control characters. Public for {@code org.parley.im.imdn}, whose
 * headers are CPIM headers (RFC 5438 §4); not meant as API.
 *
 * <pre>
 * NAMECHAR   = %x21 / %x23-27 / %x2a-2b / %x2d / %x5e-60 / %x7c / %x7e / ALPHA / DIGIT
 * TOKENCHAR  = NAMECHAR / "."
 * HEADERCHAR = UCS-no-CTL / Escape
 * </pre>
 */
public final class CpimChars {
  private CpimChars() {}

  /** {@code NAMECHAR}. */
  static boolean nameChar(int c) {
    return c == 0x21
        || (c >= 0x23 && c <= 0x27)
        || c == 0x2a
        || c == 0x2b
        || c == 0x2d
        || (c >= 0x5e && c <= 0x60)
        || c == 0x7c
        || c == 0x7e
        || alpha(c)
        || digit(c);
  }

  /** {@code TOKENCHAR = NAMECHAR / "."}. */
  public static boolean tokenChar(int c) {
    return c == '.' || nameChar(c);
  }

  public static boolean alpha(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  public static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  static boolean hexDigit(int c) {
    return digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  }

  /** {@code Name = 1*NAMECHAR}. */
  static boolean isName(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!nameChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code Token = 1*TOKENCHAR}. */
  static boolean isToken(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!tokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks that {@code b[from, to)} is well-formed UTF-8 without control characters (U+0000 to
   * U+001F, U+007F; HTAB too unless {@code allowTab}).
   *
   * @return {@code -1}, or the index of the first offending byte
   */
  static int firstBadByte(byte[] b, int from, int to, boolean allowTab) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if ((c < 0x20 && !(allowTab && c == '\t')) || c == 0x7f) {
          return i;
        }
        i++;
        continue;
      }
      int n;
      int lo = 0x80;
      int hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        if (c == 0xe0) {
          lo = 0xa0;
        } else if (c == 0xed) {
          hi = 0x9f;
        }
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        if (c == 0xf0) {
          lo = 0x90;
        } else if (c == 0xf4) {
          hi = 0x8f;
        }
      } else {
        return i;
      }
      if (i + n >= to) {
        return i; // the sequence is cut short
      }
      int c1 = b[i + 1] & 0xff;
      if (c1 < lo || c1 > hi) {
        return i + 1;
      }
      for (int k = 2; k <= n; k++) {
        int ck = b[i + k] & 0xff;
        if (ck < 0x80 || ck > 0xbf) {
          return i + k;
        }
      }
      i += n + 1;
    }
    return -1;
  }

  /** What is wrong with the byte {@code firstBadByte} pointed at, in words. */
  static String describe(byte[] b, int i) {
    int c = b[i] & 0xff;
    if (c < 0x20 || c == 0x7f) {
      return "control character " + hex(c) + " (escape it: \\t, \\n, \\r, \\b or \\uXXXX)";
    }
    return "byte " + hex(c) + " is not well-formed UTF-8";
  }

  static String hex(int c) {
    return String.format("0x%02X", c);
  }

  /** The number of UTF-8 bytes of {@code s[from, to)}. */
  public static int utf8Length(CharSequence s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
