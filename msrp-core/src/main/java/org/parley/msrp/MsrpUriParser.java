package org.parley.msrp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The MSRP-URI grammar of RFC 4975 §9 as a single left-to-right scan. Offsets in errors are indexes
 * into the text given to {@link #parse}.
 */
final class MsrpUriParser {
  private static final String SUB_DELIMS_NO_SEMI = "!$&'()*+,=";

  private MsrpUriParser() {}

  static MsrpUri parse(String s, int from, int to) {
    int i = from;
    boolean secure;
    // msrp-scheme = "msrp" / "msrps", case-insensitive.
    if (regionIs(s, i, to, "msrp://")) {
      secure = false;
      i += 7;
    } else if (startsWithIgnoreCase(s, i, to, "msrps://")) {
      secure = true;
      i += 8;
    } else if (startsWithIgnoreCase(s, i, to, "msrp://")) {
      secure = false;
      i += 7;
    } else {
      throw new MsrpSyntaxException(
          MsrpRule.MSRP_SCHEME, from, "an MSRP URI starts with msrp:// or msrps://");
    }
    // authority = [ userinfo "@" ] host [ ":" port ]; it ends at "/" or ";".
    int authorityEnd = i;
    while (authorityEnd < to && s.charAt(authorityEnd) != '/' && s.charAt(authorityEnd) != ';') {
      authorityEnd++;
    }
    String userinfo = null;
    int at = indexOf(s, '@', i, authorityEnd);
    if (at >= 0) {
      if (at == i) {
        throw new MsrpSyntaxException(MsrpRule.USERINFO, i, "empty userinfo before '@'");
      }
      for (int k = i; k < at; k++) {
        char c = s.charAt(k);
        if (c == '%') {
          if (k + 2 >= at || !Chars.hex(s.charAt(k + 1)) || !Chars.hex(s.charAt(k + 2))) {
            throw new MsrpSyntaxException(MsrpRule.USERINFO, k, "bad percent-encoding in userinfo");
          }
          k += 2;
          continue;
        }
        if (!Chars.unreserved(c)) {
          throw new MsrpSyntaxException(
              MsrpRule.USERINFO,
              k,
              "character " + Chars.printable(c) + " is not allowed in userinfo (unreserved only)");
        }
      }
      userinfo = s.subSequence(i, at).toString();
      i = at + 1;
    }
    int hostEnd;
    if (i < authorityEnd && s.charAt(i) == '[') {
      int close = indexOf(s, ']', i, authorityEnd);
      if (close < 0) {
        throw new MsrpSyntaxException(MsrpRule.HOST, i, "IPv6 reference without closing ']'");
      }
      if (ipv6(s, i + 1, close) == null) {
        throw new MsrpSyntaxException(MsrpRule.HOST, i + 1, "malformed IPv6 address");
      }
      hostEnd = close + 1;
      if (hostEnd < authorityEnd && s.charAt(hostEnd) != ':') {
        throw new MsrpSyntaxException(
            MsrpRule.HOST,
            hostEnd,
            "unexpected " + Chars.printable(s.charAt(hostEnd)) + " after ']'");
      }
    } else {
      hostEnd = i;
      while (hostEnd < authorityEnd && s.charAt(hostEnd) != ':') {
        char c = s.charAt(hostEnd);
        if (c == '%') {
          if (hostEnd + 2 >= authorityEnd
              || !Chars.hex(s.charAt(hostEnd + 1))
              || !Chars.hex(s.charAt(hostEnd + 2))) {
            throw new MsrpSyntaxException(MsrpRule.HOST, hostEnd, "bad percent-encoding in host");
          }
          hostEnd += 3;
          continue;
        }
        if (!Chars.unreserved(c) && SUB_DELIMS_NO_SEMI.indexOf(c) < 0) {
          throw new MsrpSyntaxException(
              MsrpRule.HOST,
              hostEnd,
              "character " + Chars.printable(c) + " is not allowed in host");
        }
        hostEnd++;
      }
      if (hostEnd == i) {
        throw new MsrpSyntaxException(MsrpRule.HOST, i, "the host is empty");
      }
    }
    int hostFrom = i;
    int port = -1;
    if (hostEnd < authorityEnd) { // s.charAt(hostEnd) == ':'
      int p = hostEnd + 1;
      if (p == authorityEnd) {
        throw new MsrpSyntaxException(MsrpRule.PORT, p, "':' without a port number");
      }
      port = 0;
      for (int k = p; k < authorityEnd; k++) {
        char c = s.charAt(k);
        if (!Chars.digit(c)) {
          throw new MsrpSyntaxException(
              MsrpRule.PORT, k, "character " + Chars.printable(c) + " in port");
        }
        port = port * 10 + (c - '0');
        if (port > 65535) {
          throw new MsrpSyntaxException(MsrpRule.PORT, p, "port is larger than 65535");
        }
      }
    }
    i = authorityEnd;
    int sidFrom = -1;
    int sidTo = -1;
    if (i < to && s.charAt(i) == '/') {
      int start = ++i;
      while (i < to && s.charAt(i) != ';') {
        char c = s.charAt(i);
        if (!Chars.unreserved(c) && c != '+' && c != '=' && c != '/') {
          throw new MsrpSyntaxException(
              MsrpRule.SESSION_ID,
              i,
              "character " + Chars.printable(c) + " is not allowed in a session-id");
        }
        i++;
      }
      if (i == start) {
        throw new MsrpSyntaxException(MsrpRule.SESSION_ID, start, "empty session-id after '/'");
      }
      sidFrom = start;
      sidTo = i;
    }
    if (i >= to) {
      throw new MsrpSyntaxException(MsrpRule.TRANSPORT, i, "missing ';' and transport (;tcp)");
    }
    // s.charAt(i) == ';'
    int tStart = ++i;
    while (i < to && s.charAt(i) != ';') {
      if (!Chars.alphanum(s.charAt(i))) {
        throw new MsrpSyntaxException(
            MsrpRule.TRANSPORT,
            i,
            "character " + Chars.printable(s.charAt(i)) + " in transport (1*ALPHANUM)");
      }
      i++;
    }
    if (i == tStart) {
      throw new MsrpSyntaxException(MsrpRule.TRANSPORT, tStart, "empty transport");
    }
    String transport =
        (i - tStart == 3 && regionIs(s, tStart, i, "tcp"))
            ? "tcp"
            : s.subSequence(tStart, i).toString();
    List<String> parameters = List.of();
    while (i < to) { // s.charAt(i) == ';'
      int pStart = ++i;
      boolean seenEquals = false;
      int tokenStart = i;
      while (i < to && s.charAt(i) != ';') {
        char c = s.charAt(i);
        if (c == '=' && !seenEquals) {
          if (i == tokenStart) {
            throw new MsrpSyntaxException(
                MsrpRule.URI_PARAMETER, i, "parameter name missing before '='");
          }
          seenEquals = true;
          tokenStart = i + 1;
        } else if (!Chars.tokenChar(c)) {
          throw new MsrpSyntaxException(
              MsrpRule.URI_PARAMETER,
              i,
              "character " + Chars.printable(c) + " is not a token character");
        }
        i++;
      }
      if (i == tokenStart) {
        throw new MsrpSyntaxException(
            MsrpRule.URI_PARAMETER, i, seenEquals ? "empty parameter value" : "empty parameter");
      }
      if (parameters.isEmpty()) {
        parameters = new ArrayList<>(2);
      }
      parameters.add(s.subSequence(pStart, i).toString());
    }
    if (!parameters.isEmpty()) {
      parameters = List.copyOf(parameters);
    }
    return new MsrpUri(
        secure,
        userinfo,
        null,
        hostFrom,
        hostEnd,
        port,
        null,
        sidFrom,
        sidTo,
        transport,
        parameters,
        s,
        from,
        to);
  }

  /** A canonical form of a host for comparison: lower case, percent-decoded, IPv6 by value. */
  static String hostKey(String host) {
    if (host.startsWith("[")) {
      byte[] a =
          Objects.requireNonNull(ipv6(host, 1, host.length() - 1), "a host checked at parse");
      StringBuilder sb = new StringBuilder(34).append('[');
      for (byte b : a) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return sb.append(']').toString();
    }
    if (host.indexOf('%') < 0) {
      return host.toLowerCase(Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder(host.length());
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '%') {
        int v =
            Character.digit(host.charAt(i + 1), 16) * 16 + Character.digit(host.charAt(i + 2), 16);
        if (Chars.unreserved(v)) {
          sb.append((char) v);
        } else {
          sb.append('%').append(host, i + 1, i + 3);
        }
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  /** The 16 bytes of an IPv6 address (RFC 3986 {@code IPv6address}), or null when malformed. */
  static byte @Nullable [] ipv6(CharSequence s, int from, int to) {
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int i = from;
    if (to - from >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
      gap = 0;
      i += 2;
    } else if (i < to && s.charAt(i) == ':') {
      return null;
    }
    while (i < to) {
      if (count == 8) {
        return null;
      }
      int start = i;
      int v = 0;
      while (i < to && Chars.hex(s.charAt(i)) && i - start < 5) {
        v = v * 16 + Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        // Embedded IPv4 address: the last 32 bits.
        if (count > 6 || !ipv4(s, start, to)) {
          return null;
        }
        int[] octets = Objects.requireNonNull(ipv4Octets(s, start, to));
        groups[count++] = (octets[0] << 8) | octets[1];
        groups[count++] = (octets[2] << 8) | octets[3];
        i = to;
        break;
      }
      if (i == start || i - start > 4) {
        return null;
      }
      groups[count++] = v;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
      } else if (i == to) {
        return null;
      }
    }
    if ((gap < 0 && count != 8) || (gap >= 0 && count == 8)) {
      return null;
    }
    byte[] out = new byte[16];
    int fill = 8 - count;
    int g = 0;
    for (int k = 0; k < count; k++) {
      if (k == gap) {
        g += fill;
      }
      out[2 * g] = (byte) (groups[k] >> 8);
      out[2 * g + 1] = (byte) groups[k];
      g++;
    }
    return out;
  }

  private static boolean ipv4(CharSequence s, int from, int to) {
    return ipv4Octets(s, from, to) != null;
  }

  private static int @Nullable [] ipv4Octets(CharSequence s, int from, int to) {
    int[] o = new int[4];
    int n = 0;
    int i = from;
    while (n < 4) {
      int start = i;
      int v = 0;
      while (i < to && Chars.digit(s.charAt(i)) && i - start < 3) {
        v = v * 10 + s.charAt(i) - '0';
        i++;
      }
      if (i == start || v > 255 || (i - start > 1 && s.charAt(start) == '0')) {
        return null;
      }
      o[n++] = v;
      if (n < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == to ? o : null;
  }

  private static int indexOf(CharSequence s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean regionIs(CharSequence s, int at, int to, String lower) {
    if (to - at < lower.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (s.charAt(at + k) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithIgnoreCase(CharSequence s, int at, int to, String lower) {
    if (to - at < lower.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (Character.toLowerCase(s.charAt(at + k)) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
