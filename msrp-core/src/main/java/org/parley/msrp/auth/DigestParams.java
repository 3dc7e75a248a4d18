package org.parley.msrp.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter list shared by the three digest headers, read in one pass over the value.
 *
 * <pre>
 * WWW-Authenticate    = "Digest" SP digest-param *("," SP digest-param)
 * credentials         = "Digest" SP digest-response *("," SP digest-response)
 * Authentication-Info = ainfo *("," ainfo)
 * auth-param          = token "=" ( token / quoted-string )
 * quoted-string       = DQUOTE *(qdtext / quoted-pair) DQUOTE
 * quoted-pair         = "\" CHAR
 * </pre>
 *
 * <p>White space (SP, HTAB) is allowed around {@code ","} and {@code "="}, as RFC 2617's implied
 * LWS allows and as peers write it; a comma inside a quoted string is part of the value.
 */
final class DigestParams {
  /** One {@code name=value}; {@code quoted} tells whether the value was a quoted-string. */
  record Param(String name, String value, boolean quoted, int offset) {}

  private final String text;
  private final DigestRule listRule;
  private int at;

  private DigestParams(String text, int from, DigestRule listRule) {
    this.text = text;
    this.at = from;
    this.listRule = listRule;
  }

  /**
   * Reads {@code "Digest" 1*WSP} at the start of {@code text}.
   *
   * @return the offset of the first parameter
   */
  static int scheme(String text) {
    int n = 0;
    while (n < text.length() && isTokenChar(text.charAt(n))) {
      n++;
    }
    String scheme = text.substring(0, n);
    if (!scheme.equalsIgnoreCase("Digest")) {
      throw new DigestSyntaxException(
          DigestRule.AUTH_SCHEME,
          0,
          scheme.isEmpty() ? "expected \"Digest\"" : "scheme " + scheme + " is not Digest");
    }
    if (n == text.length() || !isWsp(text.charAt(n))) {
      throw new DigestSyntaxException(DigestRule.AUTH_SCHEME, n, "\"Digest\" and SP");
    }
    while (n < text.length() && isWsp(text.charAt(n))) {
      n++;
    }
    return n;
  }

  /** Every parameter of {@code text} from {@code from}, in order; no name twice. */
  static List<Param> parse(String text, int from, DigestRule listRule) {
    return new DigestParams(text, from, listRule).list();
  }

  private List<Param> list() {
    List<Param> params = new ArrayList<>(10);
    skipWsp();
    if (at == text.length()) {
      throw new DigestSyntaxException(listRule, at, "no parameters");
    }
    while (true) {
      Param p = param();
      for (Param q : params) {
        if (q.name().equalsIgnoreCase(p.name())) {
          throw new DigestSyntaxException(
              DigestRule.DUPLICATE_PARAM, p.offset(), p.name() + " appears twice");
        }
      }
      params.add(p);
      skipWsp();
      if (at == text.length()) {
        return params;
      }
      if (text.charAt(at) != ',') {
        throw new DigestSyntaxException(
            listRule, at, "expected ',' between parameters, not " + printable(text.charAt(at)));
      }
      at++;
      skipWsp();
      if (at == text.length()) {
        throw new DigestSyntaxException(listRule, at, "a parameter after ','");
      }
    }
  }

  /** {@code auth-param = token "=" ( token / quoted-string )}. */
  private Param param() {
    int start = at;
    String name = token(DigestRule.AUTH_PARAM);
    skipWsp();
    if (at == text.length() || text.charAt(at) != '=') {
      throw new DigestSyntaxException(DigestRule.AUTH_PARAM, at, "expected '=' after " + name);
    }
    at++;
    skipWsp();
    if (at < text.length() && text.charAt(at) == '"') {
      return new Param(name, quotedString(), true, start);
    }
    return new Param(name, token(DigestRule.TOKEN), false, start);
  }

  private String token(DigestRule rule) {
    int start = at;
    while (at < text.length() && isTokenChar(text.charAt(at))) {
      at++;
    }
    if (at == start) {
      throw new DigestSyntaxException(
          rule,
          at,
          at == text.length() ? "a token is missing" : "character " + printable(text.charAt(at)));
    }
    return text.substring(start, at);
  }

  /** {@code DQUOTE *(qdtext / quoted-pair) DQUOTE}; returns the value without quotes or escapes. */
  private String quotedString() {
    int open = at++;
    StringBuilder sb = null;
    int runStart = at;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '"') {
        String value;
        if (sb == null) {
          value = text.substring(runStart, at);
        } else {
          value = sb.append(text, runStart, at).toString();
        }
        at++;
        return value;
      }
      if (c == '\\') {
        if (at + 1 == text.length()) {
          break;
        }
        char escaped = text.charAt(at + 1);
        if ((escaped < 0x20 && escaped != '\t') || escaped == 0x7f) {
          // quoted-pair allows any CHAR, but no value of a digest header holds a control
          // character, and none could be written back.
          throw new DigestSyntaxException(
              DigestRule.QUOTED_STRING,
              at + 1,
              "control character " + printable(escaped) + " in quotes");
        }
        if (sb == null) {
          sb = new StringBuilder(at - runStart + 16);
        }
        sb.append(text, runStart, at).append(escaped);
        at += 2;
        runStart = at;
        continue;
      }
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new DigestSyntaxException(
            DigestRule.QUOTED_STRING, at, "control character " + printable(c) + " in quotes");
      }
      at++;
    }
    throw new DigestSyntaxException(DigestRule.QUOTED_STRING, open, "the closing '\"' is missing");
  }

  private void skipWsp() {
    while (at < text.length() && isWsp(text.charAt(at))) {
      at++;
    }
  }

  private static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }

  /** RFC 2616 {@code token} characters: CHAR except CTLs and {@code ()<>@,;:\"/[]?={} SP HT}. */
  static boolean isTokenChar(char c) {
    if (c <= 0x20 || c >= 0x7f) {
      return false;
    }
    switch (c) {
      case '(':
      case ')':
      case '<':
      case '>':
      case '@':
      case ',':
      case ';':
      case ':':
      case '\\':
      case '"':
      case '/':
      case '[':
      case ']':
      case '?':
      case '=':
      case '{':
      case '}':
        return false;
      default:
        return true;
    }
  }

  static String printable(char c) {
    return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** Appends {@code name="value"}, escaping {@code "} and {@code \}. */
  static void quoted(StringBuilder sb, String name, String value, DigestRule rule) {
    sb.append(name).append("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new DigestSyntaxException(
            rule, i, "control character " + printable(c) + " cannot be written");
      }
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  /** Appends {@code name=value} for a value that must be a token. */
  static void token(StringBuilder sb, String name, String value, DigestRule rule) {
    checkToken(value, rule);
    sb.append(name).append('=').append(value);
  }

  static void checkToken(String value, DigestRule rule) {
    if (value.isEmpty()) {
      throw new DigestSyntaxException(rule, 0, "empty token");
    }
    for (int i = 0; i < value.length(); i++) {
      if (!isTokenChar(value.charAt(i))) {
        throw new DigestSyntaxException(
            rule, i, "character " + printable(value.charAt(i)) + " in a token");
      }
    }
  }

  /** Separator between parameters as RFC 4976 writes them. */
  static void comma(StringBuilder sb) {
    if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
      sb.append(", ");
    }
  }

  /** {@code 8LHEX}: the nonce count. */
  static long nonceCount(Param p) {
    String v = p.value();
    if (v.length() != 8) {
      throw new DigestSyntaxException(
          DigestRule.NONCE_COUNT, p.offset(), "nc must be 8 hex digits, not " + v.length());
    }
    long n = 0;
    for (int i = 0; i < 8; i++) {
      int d = Character.digit(v.charAt(i), 16);
      if (d < 0) {
        throw new DigestSyntaxException(
            DigestRule.NONCE_COUNT, p.offset(), "nc holds " + printable(v.charAt(i)));
      }
      n = n << 4 | d;
    }
    return n;
  }

  /** {@code *LHEX} (upper case accepted), returned in lower case. */
  static String hex(Param p, DigestRule rule, int length) {
    String v = p.value();
    if (length >= 0 && v.length() != length) {
      throw new DigestSyntaxException(
          rule, p.offset(), p.name() + " must be " + length + " hex digits, not " + v.length());
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.digit(v.charAt(i), 16) < 0) {
        throw new DigestSyntaxException(
            rule, p.offset(), p.name() + " holds " + printable(v.charAt(i)));
      }
    }
    return v.toLowerCase(java.util.Locale.ROOT);
  }
}
