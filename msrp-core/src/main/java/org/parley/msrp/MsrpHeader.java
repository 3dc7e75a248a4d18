package org.parley.msrp;

/**
 * One header line, {@code hname ":" SP hval}: the name as it was written and the value after the
 * colon and its space, verbatim.
 */
public final class MsrpHeader {
  private final String name;
  private final String value;

  /** The index of the name in {@link HeaderName#ALL}, or -1. */
  final byte known;

  MsrpHeader(String name, String value, int known) {
    this.name = name;
    this.value = value;
    this.known = (byte) known;
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
