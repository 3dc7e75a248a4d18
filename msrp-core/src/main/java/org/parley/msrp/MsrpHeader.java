package org.parley.msrp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  /**
   * The parsed value of a {@linkplain #known typed} header ({@link KnownHeader#parse}), null for
   * any other: kept with the header, so that a head whose lines repeat the previous frame's takes
   * the values with the header objects.
   */
  final @Nullable Object typed;

  /**
   * The line as written, kept from its second write (see {@link #copyLine}); {@link #WRITTEN_ONCE}
   * after the first. A race only makes the line kept one write earlier or later.
   */
  private volatile byte @Nullable [] line;

  private static final byte[] WRITTEN_ONCE = new byte[0];

  /**
   * What a relay made of this header as a request's To-Path (its pass-on, its answer's paths), kept
   * for the next frame of the session, whose decoder hands over the same header objects.
   */
  volatile MsrpHeaders.@Nullable Derived derived;

  MsrpHeader(String name, String value, @Nullable KnownHeader known, @Nullable Object typed) {
    this.name = name;
    this.value = value;
    this.known = known;
    this.typed = typed;
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

  /** At least {@link #lineLength}, and found without encoding the value. */
  public int maxLineLength() {
    byte[] l = line;
    return l != null && l != WRITTEN_ONCE ? l.length : name.length() + 4 + 3 * value.length();
  }

  /**
   * Copies the line ({@link #lineLength}) into {@code dst} at {@code at}, which has room for {@link
   * #maxLineLength}; returns where it ends.
   */
  // A header written a second time (a relay writes the header objects its decoder hands over again
  // for every frame of a session, the repeated lines of a head being the same objects) keeps its
  // bytes, to be copied whole from then on; one written once (a Message-ID) is encoded in place.
  public int copyLine(byte[] dst, int at) {
    byte[] l = line;
    if (l == null) {
      line = WRITTEN_ONCE;
      return encode(dst, at);
    }
    if (l == WRITTEN_ONCE) {
      l = line();
    }
    System.arraycopy(l, 0, dst, at, l.length);
    return at + l.length;
  }

  private byte[] line() {
    byte[] l = line;
    if (l == null || l == WRITTEN_ONCE) {
      l = new byte[maxLineLength()];
      int n = encode(l, 0);
      if (n < l.length) {
        l = Arrays.copyOf(l, n);
      }
      line = l;
    }
    return l;
  }

  private int encode(byte[] dst, int at) {
    int i = ascii(name, dst, at);
    dst[i++] = ':';
    dst[i++] = ' ';
    i = ascii(value, dst, i);
    dst[i++] = '\r';
    dst[i++] = '\n';
    return i;
  }

  /** Writes {@code s} in UTF-8: byte for char while it is ASCII (header names always are). */
  private static int ascii(String s, byte[] dst, int at) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(rest, 0, dst, at, rest.length);
        return at + rest.length;
      }
      dst[at++] = (byte) c;
    }
    return at;
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
