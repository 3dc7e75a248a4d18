package org.parley.msrp;

import org.jspecify.annotations.Nullable;

/**
 * One header line, {@code hname ":" SP hval}: the name as it was written and the value after the
 * colon and its space, verbatim.
 */
public final class MsrpHeader {
  private final String name;
  private final String value;

  /** The typed header this is, or null for any other. */
  final @Nullable KnownHeader known;

  MsrpHeader(String name, String value, @Nullable KnownHeader known) {
    this.name = name;
    this.value = value;
    this.known = known;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MsrpHeader)) {
      return false;
    }
    MsrpHeader h = (MsrpHeader) o;
    return name.equals(h.name) && value.equals(h.value);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    return name + ": " + value;
  }
}
