package org.parley.sdp;

import java.util.List;

/**
 * Checks the value of one line against its RFC 8866 §9 rule. The parser and the builders share it,
 * so a description built in code obeys the same grammar as one read from the wire.
 */
final class SdpFields {
  private SdpFields() {}

  /** Checks {@code line}'s value; the line's type is known to be one of RFC 8866's letters. */
  static void check(SdpLine line) {
    String v = line.trimmedValue();
    int n = line.lineNumber();
    switch (line.type()) {
      case 'v':
        if (!v.equals("0")) {
          throw new SdpParseException(
              n, SdpRule.VERSION_FIELD, "version must be 0, found " + quote(v));
        }
        break;
      case 'o':
        Origin.parse(v, n);
        break;
      case 'c':
        ConnectionField.parse(v, n);
        break;
      case 'm':
        MediaField.parse(v, n);
        break;
      case 'b':
        checkBandwidth(v, n);
        break;
      case 't':
        checkTime(v, n);
        break;
      case 'r':
        checkRepeat(v, n);
        break;
      case 'z':
        checkZone(v, n);
        break;
      case 'k':
        checkKey(v, n);
        break;
      case 'a':
        checkAttribute(line, n);
        break;
      default:
        // s, i, u, e, p: text; RFC 8866 asks s= to be non-empty but peers send "s=", so any
        // text is accepted.
        break;
    }
  }

  private static void checkBandwidth(String v, int n) {
    int colon = v.indexOf(':');
    if (colon <= 0
        || !SdpChars.token(v.substring(0, colon))
        || !SdpChars.digits(v.substring(colon + 1))) {
      throw new SdpParseException(
          n,
          SdpRule.BANDWIDTH_FIELD,
          "expected bwtype \":\" bandwidth (digits), found " + quote(v));
    }
  }

  private static void checkTime(String v, int n) {
    List<String> f = SdpChars.fields(v);
    if (f.size() != 2 || !SdpChars.digits(f.get(0)) || !SdpChars.digits(f.get(1))) {
      throw new SdpParseException(
          n, SdpRule.TIME_FIELD, "expected start-time SP stop-time (digits), found " + quote(v));
    }
  }

  private static void checkRepeat(String v, int n) {
    List<String> f = SdpChars.fields(v);
    if (f.size() < 3) {
      throw new SdpParseException(
          n,
          SdpRule.REPEAT_FIELD,
          "expected repeat-interval SP typed-time 1*(SP typed-time), found " + quote(v));
    }
    for (String t : f) {
      if (!typedTime(t)) {
        throw new SdpParseException(
            n, SdpRule.REPEAT_FIELD, "not a typed-time (digits and d/h/m/s): " + quote(t));
      }
    }
  }

  private static void checkZone(String v, int n) {
    List<String> f = SdpChars.fields(v);
    if (f.size() % 2 != 0) {
      throw new SdpParseException(
          n, SdpRule.ZONE_FIELD, "expected pairs of time SP [\"-\"] typed-time, found " + quote(v));
    }
    for (int i = 0; i < f.size(); i += 2) {
      String offset = f.get(i + 1);
      if (offset.startsWith("-")) {
        offset = offset.substring(1);
      }
      if (!SdpChars.digits(f.get(i)) || !typedTime(offset)) {
        throw new SdpParseException(
            n, SdpRule.ZONE_FIELD, "bad adjustment " + quote(f.get(i) + " " + f.get(i + 1)));
      }
    }
  }

  private static boolean typedTime(String t) {
    if (t.isEmpty()) {
      return false;
    }
    char last = t.charAt(t.length() - 1);
    String digits = "dhms".indexOf(last) >= 0 ? t.substring(0, t.length() - 1) : t;
    return SdpChars.digits(digits);
  }

  private static void checkKey(String v, int n) {
    int colon = v.indexOf(':');
    String method = colon < 0 ? v : v.substring(0, colon);
    if (!SdpChars.token(method)) {
      throw new SdpParseException(
          n, SdpRule.KEY_FIELD, "expected a key method (prompt, clear, base64, uri): " + quote(v));
    }
  }

  private static void checkAttribute(SdpLine line, int n) {
    String name = line.attributeName();
    if (name.isEmpty() || !SdpChars.token(name)) {
      throw new SdpParseException(
          n, SdpRule.ATTRIBUTE_FIELD, "attribute-name must be a token: " + quote(line.value()));
    }
  }

  static String quote(String s) {
    return "\"" + s + "\"";
  }
}
