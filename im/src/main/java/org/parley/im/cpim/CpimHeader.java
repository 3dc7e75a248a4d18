package org.parley.im.cpim;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message header of a CPIM message (RFC 3862 §3.1), as written:
 *
 * <pre>
 * Header       = Header-name ":" *( ";" Parameter ) SP Header-value CRLF
 * Header-value = *HEADERCHAR              ; UTF-8 without CTL, "\" starts an Escape
 * </pre>
 *
 * <p>{@link #rawValue()} is the value as on the wire (escapes intact), {@link #value()} the same
 * with escapes resolved. Headers are made by {@link CpimMessage.Builder} or the parser, which check
 * them.
 */
public final class CpimHeader {
  private final CpimName name;
  private final List<CpimParameter> parameters;
  private final String rawValue;
  private final String value;

  CpimHeader(CpimName name, List<CpimParameter> parameters, String rawValue, String value) {
    this.name = name;
    this.parameters = List.copyOf(parameters);
    this.rawValue = rawValue;
    this.value = value;
  }

  /** The header's name, with its resolved namespace. */
  public CpimName name() {
    return name;
  }

  /** Whether this header is {@code localName} (without case) in {@code namespaceUri}. */
  public boolean is(String namespaceUri, String localName) {
    return name.is(namespaceUri, localName);
  }

  /** The parameters between the colon and the value, in order. */
  public List<CpimParameter> parameters() {
    return parameters;
  }

  /** The value of the first parameter called {@code name} (without case), if any. */
  public Optional<String> parameter(String name) {
    for (CpimParameter p : parameters) {
      if (p.name().equalsIgnoreCase(name)) {
        return Optional.of(p.value());
      }
    }
    return Optional.empty();
  }

  /** The {@code Header-value} as written, escapes intact. */
  public String rawValue() {
    return rawValue;
  }

  /** The {@code Header-value} with its escapes resolved. */
  public String value() {
    return value;
  }

  /** The header line without CRLF. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(name).append(':');
    for (CpimParameter p : parameters) {
      sb.append(';').append(p);
    }
    return sb.append(' ').append(rawValue).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CpimHeader
        && ((CpimHeader) o).name.equals(name)
        && ((CpimHeader) o).parameters.equals(parameters)
        && ((CpimHeader) o).rawValue.equals(rawValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, parameters, rawValue);
  }
}
