package org.parley.im.cpim;

import java.util.Objects;

/**
 * An NS header (RFC 3862 §4.6): {@code NS-header = "NS" ": " [ Name-prefix ] "<" URI ">"}. It
 * declares a name prefix for the headers that follow it.
 */
public final class CpimNamespace {
  private final String prefix;
  private final String uri;

  CpimNamespace(String prefix, String uri) {
    this.prefix = prefix;
    this.uri = uri;
  }

  /** The declared {@code Name-prefix}, or the empty string when the header has none. */
  public String prefix() {
    return prefix;
  }

  /** The namespace URI. */
  public String uri() {
    return uri;
  }

  /** The value as written by the builder: {@code prefix <uri>}. */
  @Override
  public String toString() {
    return prefix.isEmpty() ? '<' + uri + '>' : prefix + " <" + uri + '>';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CpimNamespace
        && ((CpimNamespace) o).prefix.equals(prefix)
        && ((CpimNamespace) o).uri.equals(uri);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, uri);
  }
}
