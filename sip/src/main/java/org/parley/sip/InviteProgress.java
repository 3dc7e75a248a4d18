package org.parley.sip;

import java.time.Duration;

/**
 * What an outgoing INVITE is doing before it is answered, for an application that shows it ({@link
 * InviteOptions.Builder#progress}). Called on the agent's thread: do not block.
 */
public interface InviteProgress {
  /**
   * Nothing has answered yet, not even a provisional response, {@code waited} after the INVITE
   * first went (told after 2, 4, 8 and 16 s). Over UDP SIP sends it again meanwhile (RFC 3261 timer
   * A: 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s after the first) and gives up after 32 s (timer B), the
   * invitation then failing with {@link SipFailure.Kind#UNREACHABLE}; over TCP and TLS it went
   * once.
   *
   * @param sent how many times the INVITE has gone by now
   */
  void noAnswerYet(Duration waited, int sent);
}
