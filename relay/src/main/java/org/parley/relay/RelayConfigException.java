package org.parley.relay;

/** A configuration that cannot be used; the message names the file, the line and the key. */
public final class RelayConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public RelayConfigException(String message) {
    super(message);
  }
}
