package org.parley.msrp;

import org.jspecify.annotations.Nullable;

/**
 * The last character of an end-line (RFC 4975 §7.1): {@code continuation-flag = "+" / "$" / "#"}.
 * The decoder emits one of these after a frame's body to mark the frame's end.
 */
public enum ContinuationFlag {
  /** {@code $}: this chunk ends the message. */
  END('$'),
  /** {@code +}: more chunks of this message follow. */
  MORE('+'),
  /** {@code #}: the sender aborted the message; no more chunks follow. */
  ABORT('#');

  private final char symbol;

  ContinuationFlag(char symbol) {
    this.symbol = symbol;
  }

  /** The flag's character on the wire. */
  public char symbol() {
    return symbol;
  }

  /** The flag for a wire character, or {@code null} when {@code c} is not a flag. */
  public static @Nullable ContinuationFlag of(int c) {
    switch (c) {
      case '$':
        return END;
      case '+':
        return MORE;
      case '#':
        return ABORT;
      default:
        return null;
    }
  }
}
