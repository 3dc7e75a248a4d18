package org.parley.im.cpim;

import java.util.Objects;

/**
 * A header parameter (RFC 3862 §3.1): {@code Parameter = Lang-param / Ext-param}, {@code Ext-param
 * = Param-name "=" Param-value}, {@code Param-value = Token / Number / String}.
 */
public final class CpimParameter {
  private final String name;
  private final String rawValue;
  private final String value;

  CpimParameter(String name, String rawValue, String value) {
    this.name = name;
    this.rawValue = rawValue;
    this.value = value;
  }

  /**
   * A parameter with the given value, written as a Token when it is one and as a quoted String
   * otherwise. The name is checked when the parameter is added to a header.
   */
  public static CpimParameter of(String name, String value) {
    Objects.requireNonNull(name, "name");
    String raw = CpimChars.isToken(value) ? value : CpimValues.quote(value);
    return new CpimParameter(name, raw, value);
  }

  /** {@code lang=tag}. */
  public static CpimParameter lang(String languageTag) {
    return of("lang", languageTag);
  }

  /** {@code Param-name}, with its prefix if it has one. */
  public String name() {
    return name;
  }

  /** The value as written (a Token, or a String with its quotes and escapes). */
  public String rawValue() {
    return rawValue;
  }

  /** The value: a Token as is, a String without quotes and with escapes resolved. */
  public String value() {
    return value;
  }

  /** {@code name=rawValue}. */
  @Override
  public String toString() {
    return name + '=' + rawValue;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CpimParameter
        && ((CpimParameter) o).name.equals(name)
        && ((CpimParameter) o).rawValue.equals(rawValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, rawValue);
  }
}
