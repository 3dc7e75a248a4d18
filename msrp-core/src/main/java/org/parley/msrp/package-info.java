/**
 * The MSRP model of RFC 4975 (with the headers RFC 4976 adds for relays): immutable values named
 * after the §9 grammar ({@link org.parley.msrp.MsrpRequest}, {@link org.parley.msrp.MsrpResponse},
 * {@link org.parley.msrp.MsrpHeaders}, {@link org.parley.msrp.ByteRange}, {@link
 * org.parley.msrp.MsrpStatus}, ...), the MSRP URI of §6 ({@link org.parley.msrp.MsrpUri}), and
 * syntax errors naming the rule broken ({@link org.parley.msrp.MsrpSyntaxException}, {@link
 * org.parley.msrp.MsrpRule}). No Netty types here; the sdp module uses this package alone.
 */
package org.parley.msrp;
