package org.parley.msrp.session;

import java.util.List;
import java.util.Locale;

/**
 * Matches a Content-Type against an accept-types list (RFC 4975 §8.6): {@code *} accepts
 * everything, {@code type/*} every subtype; parameters after {@code ;} are ignored and case does
 * not matter. An empty list accepts everything.
 */
final class AcceptTypes {
  private AcceptTypes() {}

  static boolean accepts(List<String> acceptTypes, String contentType) {
    if (acceptTypes.isEmpty()) {
      return true;
    }
    String type = bare(contentType);
    for (String pattern : acceptTypes) {
      String p = bare(pattern);
      if (p.equals("*") || p.equals(type)) {
        return true;
      }
      if (p.endsWith("/*") && type.startsWith(p.substring(0, p.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  /** The media type without parameters, trimmed and in lower case. */
  private static String bare(String mediaType) {
    int semicolon = mediaType.indexOf(';');
    String t = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
    return t.trim().toLowerCase(Locale.ROOT);
  }
}
