package org.parley.msrp;

import java.util.ArrayList;
import java.util.List;

/**
 * Parsers for the values of the typed headers of RFC 4975 §9 and RFC 4976 §6. Offsets in errors
 * count from the value's first character.
 */
final class HeaderValues {
  private HeaderValues() {}

  /** {@code MSRP-URI *( SP MSRP-URI )}. */
  static List<MsrpUri> path(String v, MsrpRule rule) {
    if (v.isEmpty()) {
      throw new MsrpSyntaxException(rule, 0, "the path is empty");
    }
    int space = v.indexOf(' ');
    if (space < 0) {
      return List.of(MsrpUriParser.parse(v, 0, v.length()));
    }
    List<MsrpUri> uris = new ArrayList<>(4);
    int i = 0;
    while (true) {
      int end = v.indexOf(' ', i);
      if (end < 0) {
        end = v.length();
      }
      if (end == i) {
        throw new MsrpSyntaxException(rule, i, "two spaces or a trailing space between URIs");
      }
      uris.add(MsrpUriParser.parse(v, i, end));
      if (end == v.length()) {
        return List.copyOf(uris);
      }
      i = end + 1;
    }
  }

  /** {@code ident = ALPHANUM 3*31ident-char}. */
  static void ident(CharSequence v, MsrpRule rule) {
    int n = v.length();
    if (n > 0 && !Chars.alphanum(v.charAt(0))) {
      throw new MsrpSyntaxException(
          rule, 0, "must start with a letter or digit, not " + Chars.printable(v.charAt(0)));
    }
    for (int i = 1, end = Math.min(n, 33); i < end; i++) {
      char c = v.charAt(i);
      if (!Chars.identChar(c)) {
        throw new MsrpSyntaxException(rule, i, "character " + Chars.printable(c) + " not allowed");
      }
    }
    if (n < 4) {
      throw new MsrpSyntaxException(rule, n, "shorter than 4 characters");
    }
    if (n > 32) {
      throw new MsrpSyntaxException(rule, 32, "longer than 32 characters");
    }
  }

  static SuccessReport successReport(String v) {
    if (v.equalsIgnoreCase("yes")) {
      return SuccessReport.YES;
    }
    if (v.equalsIgnoreCase("no")) {
      return SuccessReport.NO;
    }
    throw new MsrpSyntaxException(MsrpRule.SUCCESS_REPORT, 0, "must be yes or no");
  }

  static FailureReport failureReport(String v) {
    if (v.equalsIgnoreCase("yes")) {
      return FailureReport.YES;
    }
    if (v.equalsIgnoreCase("no")) {
      return FailureReport.NO;
    }
    if (v.equalsIgnoreCase("partial")) {
      return FailureReport.PARTIAL;
    }
    throw new MsrpSyntaxException(MsrpRule.FAILURE_REPORT, 0, "must be yes, no or partial");
  }

  /** {@code range-start "-" range-end "/" total}. */
  static ByteRange byteRange(String v) {
    int n = v.length();
    int startEnd = digits(v, 0, MsrpRule.BYTE_RANGE, "range-start");
    long start = number(v, 0, startEnd, MsrpRule.BYTE_RANGE);
    int i = startEnd;
    if (i >= n || v.charAt(i) != '-') {
      throw new MsrpSyntaxException(MsrpRule.BYTE_RANGE, i, "expected '-' after range-start");
    }
    i++;
    int endAt = i;
    long end;
    if (i < n && v.charAt(i) == '*') {
      end = ByteRange.UNKNOWN;
      i++;
    } else {
      int e = digits(v, i, MsrpRule.BYTE_RANGE, "range-end");
      end = number(v, i, e, MsrpRule.BYTE_RANGE);
      i = e;
    }
    if (i >= n || v.charAt(i) != '/') {
      throw new MsrpSyntaxException(MsrpRule.BYTE_RANGE, i, "expected '/' after range-end");
    }
    i++;
    long total;
    if (i < n && v.charAt(i) == '*') {
      total = ByteRange.UNKNOWN;
      i++;
    } else {
      int e = digits(v, i, MsrpRule.BYTE_RANGE, "total");
      total = number(v, i, e, MsrpRule.BYTE_RANGE);
      i = e;
    }
    if (i != n) {
      throw new MsrpSyntaxException(
          MsrpRule.BYTE_RANGE, i, "unexpected " + Chars.printable(v.charAt(i)) + " after total");
    }
    if (start < 1) {
      throw new MsrpSyntaxException(MsrpRule.BYTE_RANGE, 0, "range-start must be at least 1");
    }
    if (end != ByteRange.UNKNOWN && end < start - 1) {
      throw new MsrpSyntaxException(
          MsrpRule.BYTE_RANGE, startEnd + 1, "range-end is before range-start");
    }
    if (end != ByteRange.UNKNOWN && total != ByteRange.UNKNOWN && end > total) {
      throw new MsrpSyntaxException(MsrpRule.BYTE_RANGE, endAt, "range-end is past the total");
    }
    return ByteRange.of(start, end, total);
  }

  /** {@code namespace SP status-code [SP text-reason]}. */
  static MsrpStatus status(String v) {
    // Positions 0-2 and 4-6 are digits, 3 is SP, 7 (if any) is SP.
    for (int i = 0; i < 8; i++) {
      boolean ok;
      if (i == 7) {
        ok = i >= v.length() || v.charAt(i) == ' ';
      } else if (i == 3) {
        ok = i < v.length() && v.charAt(i) == ' ';
      } else {
        ok = i < v.length() && Chars.digit(v.charAt(i));
      }
      if (!ok) {
        throw new MsrpSyntaxException(
            MsrpRule.STATUS,
            i,
            "expected namespace SP status-code [SP text-reason], e.g. 000 200 OK");
      }
    }
    int ns = Integer.parseInt(v, 0, 3, 10);
    int code = Integer.parseInt(v, 4, 7, 10);
    if (code < 100) {
      throw new MsrpSyntaxException(MsrpRule.STATUS, 4, "status-code below 100");
    }
    return MsrpStatus.of(ns, code, v.length() > 8 ? v.substring(8) : null);
  }

  /** {@code 1*DIGIT} for Expires, Min-Expires and Max-Expires. */
  static long expires(String v) {
    int e = digits(v, 0, MsrpRule.EXPIRES, "delta-seconds");
    if (e != v.length()) {
      throw new MsrpSyntaxException(
          MsrpRule.EXPIRES, e, "unexpected " + Chars.printable(v.charAt(e)) + " after the number");
    }
    return number(v, 0, e, MsrpRule.EXPIRES);
  }

  /** {@code media-type = type "/" subtype *( ";" parameter )} (RFC 2045), checked loosely. */
  static void mediaType(String v) {
    int i = 0;
    int n = v.length();
    while (i < n && Chars.tokenChar(v.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new MsrpSyntaxException(MsrpRule.CONTENT_TYPE, 0, "missing type");
    }
    if (i >= n || v.charAt(i) != '/') {
      throw new MsrpSyntaxException(MsrpRule.CONTENT_TYPE, i, "expected '/' after the type");
    }
    int s = ++i;
    while (i < n && Chars.tokenChar(v.charAt(i))) {
      i++;
    }
    if (i == s) {
      throw new MsrpSyntaxException(MsrpRule.CONTENT_TYPE, s, "missing subtype");
    }
    while (i < n && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
      i++;
    }
    if (i < n && v.charAt(i) != ';') {
      throw new MsrpSyntaxException(
          MsrpRule.CONTENT_TYPE,
          i,
          "unexpected " + Chars.printable(v.charAt(i)) + " after subtype");
    }
  }

  /** The end of the run of digits starting at {@code from}; at least one digit is required. */
  private static int digits(String v, int from, MsrpRule rule, String what) {
    int i = from;
    while (i < v.length() && Chars.digit(v.charAt(i))) {
      i++;
    }
    if (i == from) {
      String got = from < v.length() ? Chars.printable(v.charAt(from)) : "the end";
      throw new MsrpSyntaxException(rule, from, what + " must be digits, found " + got);
    }
    return i;
  }

  private static long number(String v, int from, int to, MsrpRule rule) {
    if (to - from > 18) {
      // Up to 18 digits always fit; beyond that check for overflow exactly.
      long r = 0;
      for (int i = from; i < to; i++) {
        int d = v.charAt(i) - '0';
        if (r > (Long.MAX_VALUE - d) / 10) {
          throw new MsrpSyntaxException(rule, from, "number is larger than 2^63-1");
        }
        r = r * 10 + d;
      }
      return r;
    }
    long r = 0;
    for (int i = from; i < to; i++) {
      r = r * 10 + (v.charAt(i) - '0');
    }
    return r;
  }
}
