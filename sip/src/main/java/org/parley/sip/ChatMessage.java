package org.parley.sip;

import java.nio.charset.StandardCharsets;

/**
 * A whole message received in a session, whichever the {@link ChatMode}.
 *
 * @param contentType its Content-Type
 * @param body its body
 */
// The body is handed over once and never compared; a copy per access would double large bodies.
@SuppressWarnings("ArrayRecordComponent")
public record ChatMessage(String contentType, byte[] body) {
  /** The body decoded as UTF-8. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ChatMessage[" + contentType + ", " + body.length + " bytes]";
  }
}
