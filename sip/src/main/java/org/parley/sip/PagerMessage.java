package org.parley.sip;

import java.nio.charset.StandardCharsets;

/**
 * A pager-mode message received (RFC 3428): a SIP MESSAGE outside any session.
 *
 * @param from the sender's address (From URI)
 * @param to the address it was sent to (To URI)
 * @param contentType the Content-Type, e.g. {@code text/plain;charset=UTF-8}
 * @param body the body, as received
 */
// The body is handed over once and never compared; a copy per access would double large bodies.
@SuppressWarnings("ArrayRecordComponent")
public record PagerMessage(String from, String to, String contentType, byte[] body) {
  /** The body decoded as UTF-8. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "PagerMessage[from " + from + ", " + contentType + ", " + body.length + " bytes]";
  }
}
