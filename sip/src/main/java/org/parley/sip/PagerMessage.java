package org.parley.sip;

import java.nio.charset.StandardCharsets;

/**
 * A pager-mode message received (RFC 3428): a SIP MESSAGE outside any session.
 *
 * @param from the sender's address (From URI)
 * @param to the address it was sent to (To URI)
 * @param contentType the Content-Type, e.g. {@code text/plain;charset=UTF-8}
 * @param body the body, as received
 * @param replyTo where an answer reaches the sender: its Contact when the MESSAGE has one; else,
 *     when it came straight from its sender (one Via), the From URI at the address it came from
 *     (the Via's sent-by, or its {@code received} and {@code rport}), since an address of record
 *     such as {@code sip:alice@127.0.0.1} names no port the sender listens on; else (through a
 *     proxy, which routes by address of record) the From URI
 */
// The body is handed over once and never compared; a copy per access would double large bodies.
@SuppressWarnings("ArrayRecordComponent")
public record PagerMessage(
    String from, String to, String contentType, byte[] body, String replyTo) {
  /** A message whose answer goes to its From URI. */
  public PagerMessage(String from, String to, String contentType, byte[] body) {
    this(from, to, contentType, body, from);
  }

  /** The body decoded as UTF-8. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "PagerMessage[from " + from + ", " + contentType + ", " + body.length + " bytes]";
  }
}
