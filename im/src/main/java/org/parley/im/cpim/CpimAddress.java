package org.parley.im.cpim;

import java.util.Objects;
import java.util.Optional;

/**
 * An address of the From, To and cc headers (RFC 3862 §4.1 to §4.3), also used by IMDN's
 * Original-To, IMDN-Record-Route and IMDN-Route (RFC 5438).
 *
 * <pre>
 * From-header = "From" ": " [ Formal-name ] "&lt;" URI "&gt;"
 * Formal-name = 1*( Token SP ) / String
 * </pre>
 *
 * <p>Read leniently: white space between a String and {@code <} and more than one SP between tokens
 * are accepted. Written strictly: the display name as tokens when it is words of {@code TOKENCHAR}
 * separated by single spaces, as a String otherwise.
 */
public final class CpimAddress {
  private final String displayName;
  private final String uri;
  private final String text;

  private CpimAddress(String displayName, String uri, String text) {
    this.displayName = displayName;
    this.uri = uri;
    this.text = text;
  }

  /** {@code <uri>}. */
  public static CpimAddress of(String uri) {
    return of(null, uri);
  }

  /**
   * {@code displayName <uri>}; a null or empty display name gives {@code <uri>}.
   *
   * @throws CpimSyntaxException (ADDRESS) when {@code uri} is not a URI
   */
  public static CpimAddress of(String displayName, String uri) {
    Objects.requireNonNull(uri, "uri");
    int bad = CpimValues.badUriChar(uri, 0, uri.length());
    if (bad >= 0) {
      throw CpimValues.error(CpimRule.ADDRESS, uri, bad, 0, "not a URI: " + uri);
    }
    String name = displayName == null || displayName.isEmpty() ? null : displayName;
    String text;
    if (name == null) {
      text = '<' + uri + '>';
    } else if (tokenWords(name)) {
      text = name + " <" + uri + '>';
    } else {
      text = CpimValues.quote(name) + " <" + uri + '>';
    }
    return new CpimAddress(name, uri, text);
  }

  private static boolean tokenWords(String s) {
    for (String w : s.split(" ", -1)) {
      if (!CpimChars.isToken(w)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads {@code [ Formal-name ] "<" URI ">"}.
   *
   * @throws CpimSyntaxException (ADDRESS) naming the offending character
   */
  public static CpimAddress parse(String value) {
    return parse(value, CpimRule.ADDRESS, 0);
  }

  static CpimAddress parse(String v, CpimRule rule, int base) {
    String name = null;
    int i = 0;
    if (i < v.length() && v.charAt(i) == '"') {
      CpimValues.Quoted q = CpimValues.readString(v, i, base);
      name = q.text;
      i = q.end;
      while (i < v.length() && v.charAt(i) == ' ') {
        i++;
      }
    } else if (i < v.length() && v.charAt(i) != '<') {
      StringBuilder words = new StringBuilder();
      while (i < v.length() && v.charAt(i) != '<') {
        int start = i;
        while (i < v.length() && CpimChars.tokenChar(v.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw CpimValues.error(
              rule,
              v,
              i,
              base,
              "Formal-name is Tokens followed by SP, or a String; found '" + v.charAt(i) + "'");
        }
        if (words.length() > 0) {
          words.append(' ');
        }
        words.append(v, start, i);
        while (i < v.length() && v.charAt(i) == ' ') {
          i++;
        }
      }
      name = words.toString();
    }
    if (i >= v.length() || v.charAt(i) != '<') {
      throw CpimValues.error(rule, v, i, base, "expected '<' URI '>'");
    }
    int close = v.indexOf('>', i + 1);
    if (close < 0) {
      throw CpimValues.error(rule, v, i, base, "'<' without '>'");
    }
    int bad = CpimValues.badUriChar(v, i + 1, close);
    if (bad >= 0) {
      throw CpimValues.error(rule, v, bad, base, "not a URI between '<' and '>'");
    }
    if (close + 1 != v.length()) {
      throw CpimValues.error(rule, v, close + 1, base, "unexpected text after '>'");
    }
    return new CpimAddress(name, v.substring(i + 1, close), v);
  }

  /** The display name (a String's text, or the Tokens joined by single spaces), if any. */
  public Optional<String> displayName() {
    return Optional.ofNullable(displayName);
  }

  /** The URI between the angle brackets. */
  public String uri() {
    return uri;
  }

  /** The value as written (or as it will be written). */
  @Override
  public String toString() {
    return text;
  }

  /** Same display name and URI, however written. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CpimAddress
        && Objects.equals(((CpimAddress) o).displayName, displayName)
        && ((CpimAddress) o).uri.equals(uri);
  }

  @Override
  public int hashCode() {
    return Objects.hash(displayName, uri);
  }
}
