package org.parley.msrp;

import java.nio.charset.StandardCharsets;
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

  /** The line as written, made when first asked for (see {@link #lineLength}). */
  private volatile byte @Nullable [] line;

  /**
   * What a relay made of this To-Path with a From-Path (see {@link MsrpHeaders#relayed}), kept for
   * the next frame of the session, whose decoder hands over the same header objects.
   */
  volatile MsrpHeaders.@Nullable Relayed relayed;

  /** The paths of a response to a request with this To-Path (see {@link MsrpHeaders#answering}). */
  volatile MsrpHeaders.@Nullable Answering answering;

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

  /**
   * The length of the line as an encoder writes it: the name, a colon and a space, the value in
   * UTF-8 and CRLF.
   */
  public int lineLength() {
    return line().length;
  }

  /**
   * Copies the line ({@link #lineLength}) into {@code dst} at {@code at}; returns where it ends.
   */
  public int copyLine(byte[] dst, int at) {
    byte[] l = line();
    System.arraycopy(l, 0, dst, at, l.length);
    return at + l.length;
  }

  // Made once per header object: a relay writes the header objects its decoder hands over again for
  // every frame of a session, the repeated lines of a head being the same objects.
  private byte[] line() {
    byte[] l = line;
    if (l == null) {
      l = (name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8);
      line = l;
    }
    return l;
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
