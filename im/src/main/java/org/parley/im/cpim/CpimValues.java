package org.parley.im.cpim;

/**
 * The value-level rules of RFC 3862: the character escape mechanism (§2.3), {@code String}, {@code
 * Language-tag} and the {@code URI} inside angle brackets. Errors carry byte offsets: {@code base}
 * is the offset of the first byte of the text being read.
 *
 * <pre>
 * Escape   = "\" ( "u" 4(HEXDIG) / "b" / "t" / "n" / "r" / DQUOTE / "'" / "\" )
 * String   = DQUOTE *( Str-char / Escape ) DQUOTE
 * Str-char = %x20-21 / %x23-5B / %x5D-7E / UCS-high
 * </pre>
 */
final class CpimValues {
  private CpimValues() {}

  /** A String's decoded text and the index just after its closing quote. */
  static final class Quoted {
    final String text;
    final int end;

    Quoted(String text, int end) {
      this.text = text;
      this.end = end;
    }
  }

  static CpimSyntaxException error(CpimRule rule, CharSequence s, int index, int base, String d) {
    return new CpimSyntaxException(rule, base + CpimChars.utf8Length(s, 0, index), d);
  }

  /**
   * Resolves the escapes of a {@code Header-value}.
   *
   * @throws CpimSyntaxException (ESCAPE) for a backslash that starts no escape, or an unpaired
   *     surrogate made of {@code \\u} escapes
   */
  static String decode(String raw, int base) {
    int bs = raw.indexOf('\\');
    if (bs < 0) {
      return raw;
    }
    StringBuilder sb = new StringBuilder(raw.length());
    sb.append(raw, 0, bs);
    int i = bs;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c != '\\') {
        sb.append(c);
        i++;
        continue;
      }
      i = unescape(raw, i, base, sb);
    }
    checkSurrogates(sb, base);
    return sb.toString();
  }

  /** Appends the character of the escape at {@code s[i]} ('\') and returns the index after it. */
  private static int unescape(CharSequence s, int i, int base, StringBuilder out) {
    if (i + 1 >= s.length()) {
      throw error(
          CpimRule.ESCAPE, s, i, base, "a backslash at the end of the value escapes nothing");
    }
    char e = s.charAt(i + 1);
    switch (e) {
      case 'b':
        out.append('\b');
        return i + 2;
      case 't':
        out.append('\t');
        return i + 2;
      case 'n':
        out.append('\n');
        return i + 2;
      case 'r':
        out.append('\r');
        return i + 2;
      case '"':
      case '\'':
      case '\\':
        out.append(e);
        return i + 2;
      case 'u':
        int v = 0;
        for (int k = 0; k < 4; k++) {
          int p = i + 2 + k;
          if (p >= s.length() || !CpimChars.hexDigit(s.charAt(p))) {
            throw error(
                CpimRule.ESCAPE, s, Math.min(p, s.length()), base, "\\u needs 4 hex digits");
          }
          v = v * 16 + Character.digit(s.charAt(p), 16);
        }
        out.append((char) v);
        return i + 6;
      default:
        throw error(
            CpimRule.ESCAPE,
            s,
            i,
            base,
            "'\\" + e + "' is not an escape (write a backslash as \\\\)");
    }
  }

  private static void checkSurrogates(CharSequence decoded, int base) {
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < decoded.length()
          && Character.isLowSurrogate(decoded.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new CpimSyntaxException(
            CpimRule.ESCAPE, base, "\\u escapes make an unpaired surrogate U+" + hex4(c));
      }
    }
  }

  /**
   * Encodes text as a {@code Header-value}: a backslash and the control characters are escaped;
   * with {@code quote} (inside a String) DQUOTE is escaped too.
   *
   * @throws CpimSyntaxException (HEADER_VALUE) for an unpaired surrogate, which UTF-8 cannot carry
   */
  static String encode(String text, boolean quote) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String esc = null;
      if (c == '\\') {
        esc = "\\\\";
      } else if (quote && c == '"') {
        esc = "\\\"";
      } else if (c == '\b') {
        esc = "\\b";
      } else if (c == '\t') {
        esc = "\\t";
      } else if (c == '\n') {
        esc = "\\n";
      } else if (c == '\r') {
        esc = "\\r";
      } else if (c < 0x20 || c == 0x7f) {
        esc = "\\u" + hex4(c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        if (sb != null) {
          sb.append(c);
        }
        c = text.charAt(++i);
      } else if (Character.isSurrogate(c)) {
        throw error(
            CpimRule.HEADER_VALUE, text, i, 0, "unpaired surrogate U+" + hex4(c) + " in text");
      }
      if (esc != null && sb == null) {
        sb = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (sb != null) {
        if (esc != null) {
          sb.append(esc);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? text : sb.toString();
  }

  /** Writes text as a {@code String}: DQUOTE, escaped text, DQUOTE. */
  static String quote(String text) {
    return '"' + encode(text, true) + '"';
  }

  private static String hex4(char c) {
    return String.format("%04X", (int) c);
  }

  /**
   * Reads the {@code String} starting with the DQUOTE at {@code s[start]}.
   *
   * @throws CpimSyntaxException (STRING) when the closing quote is missing or a character is not a
   *     {@code Str-char}; (ESCAPE) for a bad escape
   */
  static Quoted readString(String s, int start, int base) {
    StringBuilder sb = new StringBuilder();
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        checkSurrogates(sb, base);
        return new Quoted(sb.toString(), i + 1);
      }
      if (c == '\\') {
        i = unescape(s, i, base, sb);
        continue;
      }
      if (c < 0x20 || c == 0x7f) {
        throw error(CpimRule.STRING, s, i, base, "control character in a String");
      }
      sb.append(c);
      i++;
    }
    throw error(CpimRule.STRING, s, start, base, "String without a closing quote");
  }

  /** {@code Language-tag} of RFC 3066: {@code 1*8ALPHA *("-" 1*8(ALPHA / DIGIT))}. */
  static boolean isLanguageTag(CharSequence s) {
    int i = 0;
    int n = 0;
    while (i < s.length() && CpimChars.alpha(s.charAt(i))) {
      i++;
      n++;
    }
    if (n < 1 || n > 8) {
      return false;
    }
    while (i < s.length()) {
      if (s.charAt(i) != '-') {
        return false;
      }
      i++;
      n = 0;
      while (i < s.length() && (CpimChars.alpha(s.charAt(i)) || CpimChars.digit(s.charAt(i)))) {
        i++;
        n++;
      }
      if (n < 1 || n > 8) {
        return false;
      }
    }
    return true;
  }

  /**
   * The index of the first character of {@code s[from, to)} that keeps it from being a URI (RFC
   * 3986: {@code scheme ":" ...} with only URI characters and well-formed percent-encoding), or
   * {@code -1}.
   */
  static int badUriChar(CharSequence s, int from, int to) {
    if (from >= to || !CpimChars.alpha(s.charAt(from))) {
      return from;
    }
    int i = from + 1;
    while (i < to && s.charAt(i) != ':') {
      char c = s.charAt(i);
      if (!(CpimChars.alpha(c) || CpimChars.digit(c) || c == '+' || c == '-' || c == '.')) {
        return i;
      }
      i++;
    }
    if (i >= to) {
      return to; // no scheme
    }
    for (i++; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= to
            || !CpimChars.hexDigit(s.charAt(i + 1))
            || !CpimChars.hexDigit(s.charAt(i + 2))) {
          return i;
        }
        i += 2;
      } else if (!uriChar(c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean uriChar(char c) {
    return CpimChars.alpha(c) || CpimChars.digit(c) || "-._~:/?#[]@!$&'()*+,;=".indexOf(c) >= 0;
  }
}
