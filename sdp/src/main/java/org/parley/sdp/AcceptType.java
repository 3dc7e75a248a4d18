package org.parley.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of {@code a=accept-types} or {@code a=accept-wrapped-types} (RFC 4975 §8.6, §9).
 *
 * <pre>
 * format-list  = format-entry *( SP format-entry)
 * format-entry = "*" / (type "/" subtype) / (type "/" "*")
 * </pre>
 *
 * <p>Types compare without case. Immutable.
 */
public final class AcceptType {
  /** The entry {@code *}: any type. */
  public static final AcceptType ANY = new AcceptType("*", "*", "*");

  private final String type;
  private final String subtype;
  private final String text;

  private AcceptType(String type, String subtype, String text) {
    this.type = type;
    this.subtype = subtype;
    this.text = text;
  }

  /**
   * Parses one format-entry.
   *
   * @throws SdpParseException when it is not {@code *}, {@code type/*} or {@code type/subtype}
   */
  public static AcceptType parse(String entry) {
    return parse(entry, 0, SdpRule.ACCEPT_TYPES);
  }

  static AcceptType parse(String entry, int line, SdpRule rule) {
    if (entry.equals("*")) {
      return ANY;
    }
    int slash = entry.indexOf('/');
    if (slash <= 0 || slash == entry.length() - 1) {
      throw new SdpParseException(
          line, rule, "format-entry must be *, type/* or type/subtype: " + SdpFields.quote(entry));
    }
    String t = entry.substring(0, slash);
    String st = entry.substring(slash + 1);
    if (!SdpChars.token(t) || t.equals("*") || !(st.equals("*") || SdpChars.token(st))) {
      throw new SdpParseException(
          line, rule, "type and subtype must be tokens: " + SdpFields.quote(entry));
    }
    return new AcceptType(t.toLowerCase(Locale.ROOT), st.toLowerCase(Locale.ROOT), entry);
  }

  /** Parses a space-separated format-list; at least one entry. */
  static List<AcceptType> parseList(String value, int line, SdpRule rule) {
    List<String> words = SdpChars.words(value);
    if (words.isEmpty()) {
      throw new SdpParseException(line, rule, "the format-list is empty");
    }
    List<AcceptType> out = new ArrayList<>(words.size());
    for (String w : words) {
      out.add(parse(w, line, rule));
    }
    return List.copyOf(out);
  }

  /** Writes a format-list. */
  public static String format(List<AcceptType> types) {
    StringBuilder sb = new StringBuilder();
    for (AcceptType t : types) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(t);
    }
    return sb.toString();
  }

  /** The type in lower case, or {@code *}. */
  public String type() {
    return type;
  }

  /** The subtype in lower case, or {@code *}. */
  public String subtype() {
    return subtype;
  }

  /** {@code true} for {@code *} and {@code type/*}. */
  public boolean wildcard() {
    return subtype.equals("*");
  }

  /** {@code true} when a body of the given content type ({@code type/subtype[;params]}) fits. */
  public boolean matches(String contentType) {
    int semi = contentType.indexOf(';');
    String ct = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    int slash = ct.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    String t = ct.substring(0, slash);
    String st = ct.substring(slash + 1);
    return (type.equals("*") || type.equalsIgnoreCase(t))
        && (subtype.equals("*") || subtype.equalsIgnoreCase(st));
  }

  /**
   * The most specific entry accepted by both this and {@code other}, or {@code null}: {@code text/*
   * ∧ text/plain = text/plain}, {@code * ∧ image/* = image/*}, {@code text/plain ∧ text/html =
   * null}.
   */
  public AcceptType meet(AcceptType other) {
    if (this.equals(other)) {
      return this;
    }
    if (type.equals("*")) {
      return other;
    }
    if (other.type.equals("*")) {
      return this;
    }
    if (!type.equals(other.type)) {
      return null;
    }
    if (subtype.equals("*")) {
      return other;
    }
    if (other.subtype.equals("*")) {
      return this;
    }
    return null;
  }

  /** The entry as written. */
  @Override
  public String toString() {
    return text;
  }

  /** Equal when type and subtype are, without case. */
  @Override
  public boolean equals(Object o) {
    return o instanceof AcceptType
        && ((AcceptType) o).type.equals(type)
        && ((AcceptType) o).subtype.equals(subtype);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + subtype.hashCode();
  }
}
