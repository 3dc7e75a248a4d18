package org.parley.sdp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 3261 §25.1's SIP-URI and SIPS-URI as one left-to-right scan. Lenient in one place: an {@code
 * '@'} in a header value (Call-IDs carry one) is accepted unescaped. Columns in errors are 1-based
 * in the URI's text.
 */
final class SipUriParser {
  private static final String MARK = "-_.!~*'()";
  private static final String USER_UNRESERVED = "&=+$,;?/";
  private static final String PASSWORD_EXTRA = "&=+$,";
  private static final String PARAM_UNRESERVED = "[]/:&+$";
  private static final String HNV_UNRESERVED = "[]/?:+$";

  private SipUriParser() {}

  static SipUri parse(String s, int line) {
    int i;
    boolean secure;
    if (s.regionMatches(true, 0, "sips:", 0, 5)) {
      secure = true;
      i = 5;
    } else if (s.regionMatches(true, 0, "sip:", 0, 4)) {
      secure = false;
      i = 4;
    } else {
      throw error(line, 1, "a SIP URI starts with sip: or sips:");
    }
    // userinfo ends at the last '@' before any '?' (headers may hold '@'; a host never does).
    int question = s.indexOf('?', i);
    int hdrStart = question < 0 ? s.length() : question;
    int at = s.lastIndexOf('@', hdrStart - 1);
    String user = null;
    String password = null;
    if (at >= i) {
      int colon = s.indexOf(':', i);
      int userEnd = colon >= 0 && colon < at ? colon : at;
      user = s.substring(i, userEnd);
      if (user.isEmpty()) {
        throw error(line, i + 1, "empty user before '@'");
      }
      check(s, i, userEnd, USER_UNRESERVED, line, "user");
      if (userEnd < at) {
        password = s.substring(userEnd + 1, at);
        check(s, userEnd + 1, at, PASSWORD_EXTRA, line, "password");
      }
      i = at + 1;
    }
    // hostport ends at ';', '?' or the end.
    int hostEnd = i;
    if (hostEnd < s.length() && s.charAt(hostEnd) == '[') {
      int close = s.indexOf(']', hostEnd);
      if (close < 0) {
        throw error(line, hostEnd + 1, "IPv6 reference without ']'");
      }
      for (int k = hostEnd + 1; k < close; k++) {
        char c = s.charAt(k);
        if (!SdpChars.hex(c) && c != ':' && c != '.') {
          throw error(line, k + 1, "unexpected " + SdpChars.printable(c) + " in IPv6 reference");
        }
      }
      hostEnd = close + 1;
    } else {
      while (hostEnd < s.length() && "?;:".indexOf(s.charAt(hostEnd)) < 0) {
        char c = s.charAt(hostEnd);
        if (!alphanum(c) && c != '-' && c != '.') {
          throw error(line, hostEnd + 1, "unexpected " + SdpChars.printable(c) + " in host");
        }
        hostEnd++;
      }
    }
    String host = s.substring(i, hostEnd);
    if (host.isEmpty()) {
      throw error(line, i + 1, "the URI has no host");
    }
    i = hostEnd;
    int port = -1;
    if (i < s.length() && s.charAt(i) == ':') {
      int portEnd = i + 1;
      while (portEnd < s.length() && "?;".indexOf(s.charAt(portEnd)) < 0) {
        portEnd++;
      }
      String p = s.substring(i + 1, portEnd);
      if (!SdpChars.digits(p) || p.length() > 5 || Integer.parseInt(p) > 65535) {
        throw error(line, i + 2, "port must be 0 to 65535: " + SdpFields.quote(p));
      }
      port = Integer.parseInt(p);
      i = portEnd;
    }
    Map<String, String> params = new LinkedHashMap<>();
    while (i < s.length() && s.charAt(i) == ';') {
      int end = i + 1;
      while (end < s.length() && "?;".indexOf(s.charAt(end)) < 0) {
        end++;
      }
      int eq = s.indexOf('=', i + 1);
      int nameEnd = eq >= 0 && eq < end ? eq : end;
      if (nameEnd == i + 1) {
        throw error(line, i + 2, "empty parameter name");
      }
      check(s, i + 1, nameEnd, PARAM_UNRESERVED, line, "pname");
      String value = "";
      if (nameEnd < end) {
        if (nameEnd + 1 == end) {
          throw error(line, nameEnd + 2, "empty parameter value after '='");
        }
        check(s, nameEnd + 1, end, PARAM_UNRESERVED, line, "pvalue");
        value = s.substring(nameEnd + 1, end);
      }
      params.put(s.substring(i + 1, nameEnd), value);
      i = end;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (i < s.length() && s.charAt(i) == '?') {
      do {
        int end = i + 1;
        while (end < s.length() && s.charAt(end) != '&') {
          end++;
        }
        int eq = s.indexOf('=', i + 1);
        if (eq < 0 || eq > end || eq == i + 1) {
          throw error(line, i + 2, "a header is hname \"=\" hvalue");
        }
        check(s, i + 1, eq, HNV_UNRESERVED, line, "hname");
        check(s, eq + 1, end, HNV_UNRESERVED + "@", line, "hvalue");
        headers.put(s.substring(i + 1, eq), decode(s.substring(eq + 1, end)));
        i = end;
      } while (i < s.length());
    } else if (i < s.length()) {
      throw error(line, i + 1, "unexpected " + SdpChars.printable(s.charAt(i)));
    }
    return new SipUri(secure, user, password, host, port, params, headers, s);
  }

  private static void check(String s, int from, int to, String extra, int line, String what) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c == '%') {
        if (k + 2 >= to || !SdpChars.hex(s.charAt(k + 1)) || !SdpChars.hex(s.charAt(k + 2))) {
          throw error(line, k + 1, "bad escape in " + what);
        }
        k += 2;
        continue;
      }
      if (!alphanum(c) && MARK.indexOf(c) < 0 && extra.indexOf(c) < 0) {
        throw error(
            line, k + 1, "character " + SdpChars.printable(c) + " is not allowed in " + what);
      }
    }
  }

  private static boolean alphanum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String decode(String v) {
    if (v.indexOf('%') < 0) {
      return v;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(v.length());
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      if (c == '%') {
        out.write(Integer.parseInt(v.substring(k + 1, k + 3), 16));
        k += 2;
      } else {
        out.write((byte) c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static SdpParseException error(int line, int column, String detail) {
    return new SdpParseException(line, SdpRule.SIP_URI, detail + " (column " + column + ")");
  }
}
