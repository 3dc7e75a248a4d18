/**
 * The {@code parley} command: one class per subcommand, JSON lines on stdout for scripts. It
 * implements no protocol itself: chat, pager and file commands drive SIP (RFC 3261, RFC 3428), MSRP
 * (RFC 4975), CPIM/IMDN/is-composing (RFC 3862, 5438, 3994) and file transfer (RFC 5547) through
 * the sip and im modules; {@code relay} runs the RFC 4976 relay.
 */
package org.parley.cli;
