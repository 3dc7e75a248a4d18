package org.parley.sip;

/**
 * Why a SIP request or session failed: a {@link Kind} to act on, the status code when a response
 * said so (0 otherwise), and a message for people. Futures of {@link SipAgent} fail with it.
 */
public final class SipFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** 404 Not Found, 604 Does Not Exist Anywhere. */
    NOT_FOUND,
    /** 408 Request Timeout, or no final response in time (RFC 3261 timers B and F). */
    TIMEOUT,
    /** 480 Temporarily Unavailable. */
    UNAVAILABLE,
    /** 486 Busy Here, 600 Busy Everywhere. */
    BUSY,
    /** 603 Decline. */
    DECLINED,
    /** 488 / 606 Not Acceptable: no message stream both ends can use. */
    NOT_ACCEPTABLE,
    /** 487 Request Terminated: the INVITE was cancelled. */
    CANCELLED,
    /** 401 / 407 with no credentials, or credentials refused. */
    AUTHENTICATION,
    /** The next hop could not be reached (connection refused, no route). */
    UNREACHABLE,
    /** The request was not sent: too large for the transport (RFC 3428 §8). */
    TOO_LARGE,
    /** The MSRP connection of a session could not be set up, or was lost. */
    MEDIA,
    /** The agent is closed. */
    CLOSED,
    /** Any other final response. */
    REJECTED
  }

  private final Kind kind;
  private final int status;

  /** A failure without a response. */
  public SipFailure(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  /** A failure, with the status code of the response that said so (0 for none). */
  public SipFailure(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  /** The failure for a final response of 300 or more. */
  static SipFailure of(SipStatus response, String what) {
    return new SipFailure(kindOf(response.code()), response.code(), what + ": " + response, null);
  }

  /** The kind for a status code of 300 or more. */
  static Kind kindOf(int code) {
    switch (code) {
      case 404:
      case 604:
        return Kind.NOT_FOUND;
      case 408:
        return Kind.TIMEOUT;
      case 480:
        return Kind.UNAVAILABLE;
      case 486:
      case 600:
        return Kind.BUSY;
      case 603:
        return Kind.DECLINED;
      case 488:
      case 606:
        return Kind.NOT_ACCEPTABLE;
      case 487:
        return Kind.CANCELLED;
      case 401:
      case 407:
        return Kind.AUTHENTICATION;
      default:
        return Kind.REJECTED;
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The status code of the final response, or 0 when none came. */
  public int status() {
    return status;
  }
}
