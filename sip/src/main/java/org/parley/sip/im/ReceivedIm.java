package org.parley.sip.im;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * A message received in an {@link ImSession}, unwrapped from CPIM when it came in CPIM.
 *
 * @param messageId its {@code imdn.Message-ID}, or null (plain text, or CPIM without one)
 * @param from the sender: CPIM From, else the session's peer
 * @param dateTime CPIM DateTime, or null
 * @param contentType the content's type (inside CPIM when wrapped)
 * @param body the content
 * @param displayRequested whether the sender asked for a display notification: give the message to
 *     {@link ImSession#displayed} once the user has seen it
 */
// The body is handed over once and never compared; a copy per access would double large bodies.
@SuppressWarnings("ArrayRecordComponent")
public record ReceivedIm(
    String messageId,
    String from,
    OffsetDateTime dateTime,
    String contentType,
    byte[] body,
    boolean displayRequested) {
  /** The body decoded as UTF-8. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ReceivedIm[" + messageId + ", " + contentType + ", " + body.length + " bytes]";
  }
}
