package org.parley.relay;

import java.util.concurrent.ScheduledFuture;
import org.parley.msrp.MsrpUri;

/**
 * One Use-Path URI the relay handed out (RFC 4976 §6.3): valid only on the connection its AUTH came
 * over ({@link #owner}), until it expires or that connection closes. Requests naming it are relayed
 * only from that connection or towards it (RFC 4976 §6.4).
 */
final class Binding {
  final String sessionId;
  final MsrpUri uri;
  final Peer owner;
  final String user;

  /**
   * {@link System#nanoTime} after which the URI is no longer valid; written on the owner's loop.
   */
  volatile long expiresAt;

  /** The expiry task, on the owner's loop. */
  ScheduledFuture<?> expiry;

  Binding(String sessionId, MsrpUri uri, Peer owner, String user) {
    this.sessionId = sessionId;
    this.uri = uri;
    this.owner = owner;
    this.user = user;
  }

  boolean live(long now) {
    return now - expiresAt < 0 && owner.open();
  }

  /** The URI with its secret session-id shortened, for logs. */
  String logName() {
    return uri.scheme()
        + "://"
        + uri.host()
        + ":"
        + uri.port()
        + "/"
        + sessionId.substring(0, 4)
        + "…";
  }
}
