package org.parley.im.cpim;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.parley.im.Rfc3339;

/**
 * The message headers of one CPIM message while they are read or built: the namespace prefixes
 * declared so far (RFC 3862 §3.4) and the typed values of the headers of §4, each checked as its
 * header is added. Offsets in errors are counted from the message's (or built line's) first byte.
 */
final class CpimHeaders {
  final List<CpimHeader> all = new ArrayList<>();
  final List<CpimAddress> to = new ArrayList<>();
  final List<CpimAddress> cc = new ArrayList<>();
  final List<CpimSubject> subjects = new ArrayList<>();
  final List<CpimNamespace> namespaces = new ArrayList<>();
  final List<CpimName> required = new ArrayList<>();
  CpimAddress from;
  OffsetDateTime dateTime;

  private final Map<String, String> prefixes = new HashMap<>();
  private final Set<String> subjectLangs = new HashSet<>();

  /** The namespace of {@code prefix}, or an error at {@code offset} when none was declared. */
  CpimName resolve(String prefix, String localName, int offset) {
    if (prefix.isEmpty()) {
      return new CpimName("", localName, CpimName.CPIM_NAMESPACE);
    }
    String uri = prefixes.get(prefix.toLowerCase(Locale.ROOT));
    if (uri == null) {
      throw new CpimSyntaxException(
          CpimRule.NAME_PREFIX,
          offset,
          "name prefix '" + prefix + "' is not declared by an NS header before it");
    }
    return new CpimName(prefix, localName, uri);
  }

  /**
   * Adds a header whose name, parameters and characters the parser has checked, after checking the
   * value against the header's own rule.
   *
   * @param lineOffset offset of the header's first byte
   * @param paramOffsets offset of each parameter's ';'
   * @param valueOffset offset of the value's first byte
   */
  void add(
      CpimName name,
      int lineOffset,
      List<CpimParameter> params,
      int[] paramOffsets,
      String raw,
      int valueOffset) {
    String decoded = CpimValues.decode(raw, valueOffset);
    if (name.namespaceUri().equals(CpimName.CPIM_NAMESPACE)) {
      standard(name, lineOffset, params, paramOffsets, raw, decoded, valueOffset);
    }
    all.add(new CpimHeader(name, params, raw, decoded));
  }

  private void standard(
      CpimName name,
      int lineOffset,
      List<CpimParameter> params,
      int[] paramOffsets,
      String raw,
      String decoded,
      int base) {
    switch (name.localName().toLowerCase(Locale.ROOT)) {
      case "from":
        noParameters(CpimRule.FROM_HEADER, name, params, paramOffsets);
        if (from != null) {
          throw new CpimSyntaxException(
              CpimRule.DUPLICATE_HEADER, lineOffset, "a message has one From header");
        }
        from = CpimAddress.parse(raw, CpimRule.FROM_HEADER, base);
        break;
      case "to":
        noParameters(CpimRule.TO_HEADER, name, params, paramOffsets);
        to.add(CpimAddress.parse(raw, CpimRule.TO_HEADER, base));
        break;
      case "cc":
        noParameters(CpimRule.CC_HEADER, name, params, paramOffsets);
        cc.add(CpimAddress.parse(raw, CpimRule.CC_HEADER, base));
        break;
      case "datetime":
        noParameters(CpimRule.DATETIME_HEADER, name, params, paramOffsets);
        if (dateTime != null) {
          throw new CpimSyntaxException(
              CpimRule.DUPLICATE_HEADER, lineOffset, "a message has one DateTime header");
        }
        try {
          dateTime = Rfc3339.parse(raw);
        } catch (Rfc3339.Failure f) {
          throw CpimValues.error(CpimRule.DATETIME_HEADER, raw, f.index(), base, f.getMessage());
        }
        break;
      case "subject":
        subject(params, paramOffsets, decoded, lineOffset);
        break;
      case "ns":
        noParameters(CpimRule.NS_HEADER, name, params, paramOffsets);
        namespace(raw, base);
        break;
      case "require":
        noParameters(CpimRule.REQUIRE_HEADER, name, params, paramOffsets);
        require(raw, base);
        break;
      default:
        break; // an extension header without prefix: kept as it is
    }
  }

  private static void noParameters(
      CpimRule rule, CpimName name, List<CpimParameter> params, int[] offsets) {
    if (!params.isEmpty()) {
      throw new CpimSyntaxException(rule, offsets[0], name + " takes no parameters");
    }
  }

  private void subject(List<CpimParameter> params, int[] offsets, String text, int lineOffset) {
    String lang = null;
    for (int k = 0; k < params.size(); k++) {
      CpimParameter p = params.get(k);
      if (!p.name().equalsIgnoreCase("lang") || lang != null) {
        throw new CpimSyntaxException(
            CpimRule.SUBJECT_HEADER, offsets[k], "Subject takes one parameter, lang=");
      }
      lang = p.value();
    }
    String key = lang == null ? "" : lang.toLowerCase(Locale.ROOT);
    if (!subjectLangs.add(key)) {
      throw new CpimSyntaxException(
          CpimRule.DUPLICATE_HEADER,
          lineOffset,
          lang == null ? "a second Subject without lang" : "a second Subject with lang=" + lang);
    }
    subjects.add(new CpimSubject(lang, text));
  }

  /** {@code NS-header = "NS" ": " [ Name-prefix ] "<" URI ">"} (SP before '<' accepted). */
  private void namespace(String v, int base) {
    int i = 0;
    while (i < v.length() && CpimChars.nameChar(v.charAt(i))) {
      i++;
    }
    String prefix = v.substring(0, i);
    while (i < v.length() && v.charAt(i) == ' ') {
      i++;
    }
    if (i >= v.length() || v.charAt(i) != '<') {
      throw CpimValues.error(
          CpimRule.NS_HEADER,
          v,
          i,
          base,
          i < v.length() && v.charAt(i) == '.'
              ? "a Name-prefix has no '.'"
              : "expected [ Name-prefix ] '<' URI '>'");
    }
    int close = v.indexOf('>', i);
    if (close < 0) {
      throw CpimValues.error(CpimRule.NS_HEADER, v, i, base, "'<' without '>'");
    }
    int bad = CpimValues.badUriChar(v, i + 1, close);
    if (bad >= 0) {
      throw CpimValues.error(CpimRule.NS_HEADER, v, bad, base, "not a URI between '<' and '>'");
    }
    if (close + 1 != v.length()) {
      throw CpimValues.error(CpimRule.NS_HEADER, v, close + 1, base, "unexpected text after '>'");
    }
    String uri = v.substring(i + 1, close);
    if (!prefix.isEmpty()) {
      prefixes.put(prefix.toLowerCase(Locale.ROOT), uri);
    }
    namespaces.add(new CpimNamespace(prefix, uri));
  }

  /** {@code Require-header = "Require" ": " Header-name *( "," Header-name )}, SP around ','. */
  private void require(String v, int base) {
    List<CpimName> names = new ArrayList<>();
    int i = 0;
    while (true) {
      while (i < v.length() && v.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < v.length() && CpimChars.nameChar(v.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw CpimValues.error(CpimRule.REQUIRE_HEADER, v, i, base, "expected a Header-name");
      }
      String prefix = "";
      int localStart = start;
      if (i < v.length() && v.charAt(i) == '.') {
        prefix = v.substring(start, i);
        localStart = ++i;
        while (i < v.length() && CpimChars.nameChar(v.charAt(i))) {
          i++;
        }
        if (i == localStart) {
          throw CpimValues.error(
              CpimRule.REQUIRE_HEADER, v, i, base, "expected a Name after the prefix");
        }
      }
      int at = base + CpimChars.utf8Length(v, 0, start);
      names.add(resolve(prefix, v.substring(localStart, i), at));
      while (i < v.length() && v.charAt(i) == ' ') {
        i++;
      }
      if (i == v.length()) {
        required.addAll(names);
        return;
      }
      if (v.charAt(i) != ',') {
        throw CpimValues.error(
            CpimRule.REQUIRE_HEADER, v, i, base, "Header-names are separated by ','");
      }
      i++;
    }
  }
}
