package org.parley.relay;

import java.util.concurrent.ScheduledFuture;
import org.parley.msrp.MsrpUri;

/**
 * One Use-Path URI the relay handed out (RFC 4976 §6.3): valid only on the connection its AUTH came
 * over ({@link #owner}), until it expires or that connection closes. Requests naming it are relayed
 * only from that connection or towards it (RFC 4976 §6.4). {@link Bindings} alone refreshes and
 * ends it.
 */
final class Binding {
  private final String sessionId;
  private final MsrpUri uri;
  private final Peer owner;
  private final String user;

  /**
   * {@link System#nanoTime} after which the URI is no longer valid; written on the owner's loop.
   */
  private volatile long expiresAt;

  /** The expiry task, on the owner's loop. */
  private ScheduledFuture<?> expiry;

  Binding(String sessionId, MsrpUri uri, Peer owner, String user, long expiresAt) {
    this.sessionId = sessionId;
    this.uri = uri;
    this.owner = owner;
    this.user = user;
    this.expiresAt = expiresAt;
  }

  String sessionId() {
    return sessionId;
  }

  MsrpUri uri() {
    return uri;
  }

  Peer owner() {
    return owner;
  }

  String user() {
    return user;
  }

  long expiresAt() {
    return expiresAt;
  }

  /** A refresh: valid until {@code at}; the expiry task to replace is cancelled. */
  void expiresAt(long at) {
    expiresAt = at;
    stopExpiry();
  }

  void expiry(ScheduledFuture<?> task) {
    expiry = task;
  }

  void stopExpiry() {
    if (expiry != null) {
      expiry.cancel(false);
    }
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
