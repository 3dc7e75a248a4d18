package org.parley.im.iscomposing;

/** The {@code <state>} of an is-composing status (RFC 3994). */
public enum ComposingState {
  /** Someone is composing a message. */
  ACTIVE("active"),
  /** Nobody is composing. */
  IDLE("idle");

  private final String text;

  ComposingState(String text) {
    this.text = text;
  }

  /** The element's text. */
  public String text() {
    return text;
  }
}
