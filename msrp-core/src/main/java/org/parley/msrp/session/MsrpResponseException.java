package org.parley.msrp.session;

import org.parley.msrp.MsrpResponse;

/** A chunk was answered with an error status; the message failed. */
public final class MsrpResponseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient MsrpResponse response;

  MsrpResponseException(MsrpResponse response) {
    super(
        "the peer answered "
            + response.code()
            + (response.comment() == null ? "" : " " + response.comment()));
    this.response = response;
  }

  public int code() {
    return response.code();
  }

  public MsrpResponse response() {
    return response;
  }
}
