package org.parley.sip;

/** The final response a request got: status code and reason phrase. */
public record SipStatus(int code, String reason) {
  /** {@code true} for 2xx. */
  public boolean success() {
    return code >= 200 && code < 300;
  }

  @Override
  public String toString() {
    return code + " " + reason;
  }
}
