package org.parley.sdp;

import java.util.Locale;

/** The direction attributes of RFC 3264 §5.1 / RFC 8866 §6.7; {@link #SENDRECV} when absent. */
public enum Direction {
  SENDRECV,
  SENDONLY,
  RECVONLY,
  INACTIVE;

  /** The attribute name ({@code sendrecv}, ...). */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Direction fromToken(String name) {
    for (Direction d : values()) {
      if (d.token().equalsIgnoreCase(name)) {
        return d;
      }
    }
    return null;
  }

  /** {@code true} when this end sends. */
  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  /** {@code true} when this end receives. */
  public boolean receives() {
    return this == SENDRECV || this == RECVONLY;
  }

  /** The direction seen from the other end: sendonly ↔ recvonly. */
  public Direction reverse() {
    return of(receives(), sends());
  }

  /** The direction allowed by both this and {@code other} (both seen from the same end). */
  public Direction and(Direction other) {
    return of(sends() && other.sends(), receives() && other.receives());
  }

  static Direction of(boolean sends, boolean receives) {
    if (sends) {
      return receives ? SENDRECV : SENDONLY;
    }
    return receives ? RECVONLY : INACTIVE;
  }
}
