package org.parley.msrp.session;

/**
 * The relay's side of an AUTH exchange could not be trusted (RFC 4976 §5.1, RFC 2617 §3.2.3): its
 * challenge offered digest without {@code qop} (no client nonce, no integrity of the exchange; only
 * answered when the application allows it), or its {@code rspauth} in Authentication-Info does not
 * prove that it knows the password (an impostor relay, or a man in the middle).
 */
public final class RelayAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What was wrong. */
  public enum Reason {
    /** The 401's challenge has no {@code qop}: RFC 2069 digest, refused unless allowed. */
    CHALLENGE_WITHOUT_QOP,
    /** The 200's Authentication-Info rspauth is not the one the password gives. */
    RSPAUTH_MISMATCH,
    /** The 200's Authentication-Info cannot be parsed. */
    BAD_AUTHENTICATION_INFO
  }

  private final Reason reason;

  RelayAuthException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
