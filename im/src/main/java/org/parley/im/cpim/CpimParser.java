package org.parley.im.cpim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.parley.im.MediaTypes;

/**
 * Reads a {@code message/cpim} body from bytes, in one pass, without regular expressions.
 *
 * <pre>
 * +--------------------------------------------+
 * | From: MR SANDERS &lt;im:piglet@100akerwood.com&gt; |  message headers (RFC 3862 §3):
 * | NS: MyFeatures &lt;mid:MessageFeatures@id.foo&gt; |  Header-name ":" *(";" Parameter) SP
 * | MyFeatures.WackyMessageOption: Use-silly-font|  Header-value CRLF; UTF-8, no folding
 * +--------------------------------------------+
 * | CRLF                                       |
 * +--------------------------------------------+
 * | Content-Type: text/xml; charset=utf-8      |  encapsulated MIME headers (RFC 5322
 * | Content-ID: &lt;1234567890@foo.com&gt;           |  fields, folding allowed)
 * +--------------------------------------------+
 * | CRLF                                       |
 * +--------------------------------------------+
 * | &lt;body&gt;...                                  |  content: every byte to the end, as is
 * +--------------------------------------------+
 * </pre>
 *
 * <p>A line may end with LF alone (robustness); the writer always writes CRLF. Offsets in errors
 * are counted from {@code origin}.
 */
final class CpimParser {
  private final byte[] b;
  private final int origin;
  private final int end;
  private final CpimLimits limits;

  CpimParser(byte[] b, int offset, int length, CpimLimits limits) {
    this.b = b;
    this.origin = offset;
    this.end = offset + length;
    this.limits = limits;
  }

  CpimMessage message() {
    CpimHeaders headers = new CpimHeaders();
    int pos = origin;
    while (true) {
      int lf = lineFeed(pos, "the message headers (no empty line after them)");
      int lineEnd = lineEnd(pos, lf);
      if (lineEnd == pos) {
        pos = lf + 1;
        break;
      }
      if (headers.all.size() == limits.maxHeaders()) {
        throw error(CpimRule.LIMIT, pos, "more than " + limits.maxHeaders() + " message headers");
      }
      header(pos, lineEnd, headers);
      pos = lf + 1;
    }
    List<MimeHeader> mime = new ArrayList<>();
    while (true) {
      int lf = lineFeed(pos, "the encapsulated MIME headers (no empty line before the content)");
      int lineEnd = lineEnd(pos, lf);
      if (lineEnd == pos) {
        pos = lf + 1;
        break;
      }
      mimeLine(pos, lineEnd, mime);
      pos = lf + 1;
    }
    if (end - pos > limits.maxBodySize()) {
      throw error(
          CpimRule.LIMIT,
          pos,
          "content of " + (end - pos) + " bytes is over " + limits.maxBodySize());
    }
    return new CpimMessage(headers, mime, Arrays.copyOfRange(b, pos, end));
  }

  /** The index of the LF ending the line at {@code pos}. */
  private int lineFeed(int pos, String where) {
    int limit = (int) Math.min(end, (long) pos + limits.maxLineLength() + 2);
    for (int i = pos; i < limit; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    if (limit < end) {
      throw error(
          CpimRule.LIMIT, pos, "a header line is longer than " + limits.maxLineLength() + " bytes");
    }
    throw error(CpimRule.MESSAGE, end, "the message ends inside " + where);
  }

  private int lineEnd(int pos, int lf) {
    int e = lf > pos && b[lf - 1] == '\r' ? lf - 1 : lf;
    if (e - pos > limits.maxLineLength()) {
      throw error(
          CpimRule.LIMIT, pos, "a header line is longer than " + limits.maxLineLength() + " bytes");
    }
    return e;
  }

  /**
   * One message header in {@code b[s, e)}.
   *
   * <pre>
   * Header       = Header-name ":" *( ";" Parameter ) SP Header-value CRLF
   * Header-name  = [ Name-prefix "." ] Name
   * Parameter    = Lang-param / Ext-param
   * Ext-param    = Param-name "=" Param-value
   * Param-name   = [ Name-prefix "." ] Name
   * Param-value  = Token / Number / String
   * </pre>
   */
  void header(int s, int e, CpimHeaders into) {
    int i = nameChars(s, e);
    if (i == s) {
      throw error(
          CpimRule.HEADER_NAME,
          s,
          b[s] == ' ' || b[s] == '\t'
              ? "a line starts with white space: message headers are not folded"
              : "expected a header name, found " + found(s, e));
    }
    String prefix = "";
    int localStart = s;
    if (i < e && b[i] == '.') {
      prefix = ascii(s, i);
      localStart = i + 1;
      i = nameChars(localStart, e);
      if (i == localStart) {
        throw error(CpimRule.HEADER_NAME, i, "expected a Name after the prefix's '.'");
      }
    }
    if (i >= e || b[i] != ':') {
      throw error(
          CpimRule.HEADER_NAME,
          i,
          i < e && b[i] == '.'
              ? "a header name has at most one '.'"
              : "expected ':' after the header name, found " + found(i, e));
    }
    CpimName name = into.resolve(prefix, ascii(localStart, i), s - origin);
    i++;
    int bad = CpimChars.firstBadByte(b, i, e, false);
    if (bad >= 0) {
      throw error(CpimRule.HEADER_VALUE, bad, CpimChars.describe(b, bad));
    }
    List<CpimParameter> params = new ArrayList<>();
    int[] paramOffsets = new int[4];
    while (i < e && b[i] == ';') {
      if (params.size() == limits.maxParameters()) {
        throw error(
            CpimRule.LIMIT, i, "more than " + limits.maxParameters() + " parameters in a header");
      }
      if (params.size() == paramOffsets.length) {
        paramOffsets = Arrays.copyOf(paramOffsets, params.size() * 2);
      }
      paramOffsets[params.size()] = i - origin;
      i = parameter(i + 1, e, params, into);
    }
    if (i >= e || b[i] != ' ') {
      throw error(CpimRule.HEADER, i, "expected SP before the value, found " + found(i, e));
    }
    i++;
    String raw = new String(b, i, e - i, StandardCharsets.UTF_8);
    into.add(name, s - origin, params, paramOffsets, raw, i - origin);
  }

  /** {@code Param-name "=" Param-value} from {@code b[i]}; returns the index after it. */
  private int parameter(int i, int e, List<CpimParameter> params, CpimHeaders scope) {
    int start = i;
    i = nameChars(i, e);
    if (i == start) {
      throw error(CpimRule.PARAMETER, i, "expected a parameter name after ';'");
    }
    if (i < e && b[i] == '.') {
      int localStart = i + 1;
      scope.resolve(ascii(start, i), "", start - origin);
      i = nameChars(localStart, e);
      if (i == localStart) {
        throw error(CpimRule.PARAMETER, i, "expected a Name after the prefix's '.'");
      }
    }
    String name = ascii(start, i);
    if (i >= e || b[i] != '=') {
      throw error(CpimRule.PARAMETER, i, "expected '=' after the parameter name");
    }
    int vs = ++i;
    String raw;
    String value;
    if (i < e && b[i] == '"') {
      int j = i + 1;
      while (j < e && b[j] != '"') {
        j += b[j] == '\\' ? 2 : 1;
      }
      if (j >= e) {
        throw error(CpimRule.STRING, vs, "String without a closing quote");
      }
      raw = new String(b, vs, j + 1 - vs, StandardCharsets.UTF_8);
      value = CpimValues.readString(raw, 0, vs - origin).text;
      i = j + 1;
    } else {
      while (i < e && CpimChars.tokenChar(b[i])) {
        i++;
      }
      if (i == vs) {
        throw error(CpimRule.PARAMETER, i, "Param-value is a Token, a Number or a String");
      }
      raw = ascii(vs, i);
      value = raw;
    }
    if (name.equalsIgnoreCase("lang") && !CpimValues.isLanguageTag(value)) {
      throw error(CpimRule.LANG_PARAM, vs, "not a Language-tag: " + value);
    }
    params.add(new CpimParameter(name, raw, value));
    return i;
  }

  /** One line of the encapsulated MIME headers: a field, or the continuation of the last one. */
  private void mimeLine(int s, int e, List<MimeHeader> mime) {
    if (b[s] == ' ' || b[s] == '\t') {
      if (mime.isEmpty()) {
        throw error(CpimRule.MIME_HEADER, s, "a continuation line with no field before it");
      }
      int bad = CpimChars.firstBadByte(b, s, e, true);
      if (bad >= 0) {
        throw error(CpimRule.MIME_HEADER, bad, CpimChars.describe(b, bad));
      }
      MimeHeader last = mime.remove(mime.size() - 1);
      String raw = last.rawValue() + "\r\n" + new String(b, s, e - s, StandardCharsets.UTF_8);
      if (raw.length() > limits.maxLineLength()) {
        throw error(
            CpimRule.LIMIT,
            s,
            "a folded field is longer than " + limits.maxLineLength() + " bytes");
      }
      mime.add(new MimeHeader(last.name(), raw));
      return;
    }
    int i = s;
    while (i < e && MimeHeader.fieldNameChar(b[i])) {
      i++;
    }
    if (i == s || i >= e || b[i] != ':') {
      throw error(CpimRule.MIME_HEADER, i, "expected field-name \":\", found " + found(i, e));
    }
    int bad = CpimChars.firstBadByte(b, i + 1, e, true);
    if (bad >= 0) {
      throw error(CpimRule.MIME_HEADER, bad, CpimChars.describe(b, bad));
    }
    if (mime.size() == limits.maxMimeHeaders()) {
      throw error(
          CpimRule.LIMIT, s, "more than " + limits.maxMimeHeaders() + " encapsulated MIME headers");
    }
    MimeHeader h =
        new MimeHeader(ascii(s, i), new String(b, i + 1, e - i - 1, StandardCharsets.UTF_8));
    if (h.is("Content-Type") && MediaTypes.mediaTypeOf(h.value()) == null) {
      throw error(CpimRule.MIME_HEADER, i + 1, "Content-Type must be type \"/\" subtype");
    }
    mime.add(h);
  }

  private int nameChars(int i, int e) {
    while (i < e && CpimChars.nameChar(b[i])) {
      i++;
    }
    return i;
  }

  private String ascii(int from, int to) {
    return new String(b, from, to - from, StandardCharsets.US_ASCII);
  }

  private String found(int i, int e) {
    if (i >= e) {
      return "the end of the line";
    }
    int c = b[i] & 0xff;
    return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : CpimChars.hex(c);
  }

  private CpimSyntaxException error(CpimRule rule, int index, String detail) {
    return new CpimSyntaxException(rule, index - origin, detail);
  }
}
