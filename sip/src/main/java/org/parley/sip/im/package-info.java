/**
 * Instant messaging inside a {@link org.parley.sip.ChatSession}: text wrapped in CPIM (RFC 3862)
 * when the peer accepts {@code message/cpim}, with delivery and display notifications (IMDN, RFC
 * 5438) asked for, sent and correlated, and the is-composing indication (RFC 3994) both ways. The
 * formats are the im module's; this package decides, from the types negotiated in SDP (RFC 4975
 * §8.6), what may be sent to the peer, and runs the timers.
 *
 * <p>A peer that does not accept {@code message/cpim} (nor {@code *}) gets plain text, no
 * notification is asked for, and no is-composing status is sent unless it accepts {@code
 * application/im-iscomposing+xml}. The 2001 MESSAGE form negotiates no types, so it gets plain text
 * too.
 */
package org.parley.sip.im;
