package org.parley.msrp.session;

import java.io.IOException;
import java.time.Duration;

/**
 * The peer stopped responding: a keep-alive was not answered within its time-out, and nothing came
 * from the peer nor went to it meanwhile ({@link MsrpSession#keepAlive(Duration, Duration)}). The
 * connection was closed for it; it is the connection's close cause, and what the transactions
 * waiting on the connection fail with.
 */
public final class PeerNotRespondingException extends IOException {
  private static final long serialVersionUID = 1L;

  private final Duration silence;

  PeerNotRespondingException(Duration silence) {
    super("the peer is not responding: no answer and no traffic for " + silence.toMillis() + " ms");
    this.silence = silence;
  }

  /** How long the peer had been silent when the connection was closed. */
  public Duration silence() {
    return silence;
  }
}
