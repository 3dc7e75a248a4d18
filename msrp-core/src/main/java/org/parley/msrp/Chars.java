package org.parley.msrp;

/** Character classes of RFC 4975 §9 and RFC 3986, as table look-ups. Package-private. */
final class Chars {
  private static final int ALPHA = 1;
  private static final int DIGIT = 2;
  private static final int UNRESERVED_OTHER = 4; // - . _ ~
  private static final int TOKEN_OTHER = 8; // RFC 4975 token, less letters and digits
  private static final int IDENT_OTHER = 16; // . - + % =
  private static final int HEX = 32;

  private static final byte[] CLASS = new byte[128];

  static {
    for (int c = 'a'; c <= 'z'; c++) {
      CLASS[c] |= ALPHA;
      CLASS[c - 32] |= ALPHA;
    }
    for (int c = '0'; c <= '9'; c++) {
      CLASS[c] |= DIGIT | HEX;
    }
    for (int c = 'a'; c <= 'f'; c++) {
      CLASS[c] |= HEX;
      CLASS[c - 32] |= HEX;
    }
    for (char c : "-._~".toCharArray()) {
      CLASS[c] |= UNRESERVED_OTHER;
    }
    // token = 1*(%x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E)
    for (int c = 0x21; c <= 0x7e; c++) {
      boolean excluded = c == 0x22 || c == 0x28 || c == 0x29 || c == 0x2c || c == 0x2f;
      excluded |= c >= 0x3a && c <= 0x40;
      excluded |= c >= 0x5b && c <= 0x5d;
      if (!excluded) {
        CLASS[c] |= TOKEN_OTHER;
      }
    }
    for (char c : ".-+%=".toCharArray()) {
      CLASS[c] |= IDENT_OTHER;
    }
  }

  private Chars() {}

  private static boolean is(int c, int mask) {
    return c >= 0 && c < 128 && (CLASS[c] & mask) != 0;
  }

  static boolean alpha(int c) {
    return is(c, ALPHA);
  }

  static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  static boolean hex(int c) {
    return is(c, HEX);
  }

  static boolean alphanum(int c) {
    return is(c, ALPHA | DIGIT);
  }

  /** RFC 3986 {@code unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"}. */
  static boolean unreserved(int c) {
    return is(c, ALPHA | DIGIT | UNRESERVED_OTHER);
  }

  /**
   * RFC 4975 §9 {@code token} characters: visible ASCII except {@code " ( ) , / : ; < = > ? @ [ \
   * ]}.
   */
  static boolean tokenChar(int c) {
    return is(c, ALPHA | DIGIT | TOKEN_OTHER);
  }

  /** RFC 4975 {@code ident-char = ALPHANUM / "." / "-" / "+" / "%" / "="}. */
  static boolean identChar(int c) {
    return is(c, ALPHA | DIGIT | IDENT_OTHER);
  }

  static String printable(int c) {
    if (c >= 0x21 && c <= 0x7e) {
      return "'" + (char) c + "'";
    }
    return String.format("0x%02X", c);
  }
}
