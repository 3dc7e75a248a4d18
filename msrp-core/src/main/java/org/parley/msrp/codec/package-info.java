/**
 * The MSRP wire format of RFC 4975 (§7 and §9) as Netty handlers: the streaming {@link
 * org.parley.msrp.codec.MsrpDecoder} (heads, body slices, end-line flags, errors naming the rule
 * and byte offset), its mirror the {@link org.parley.msrp.codec.MsrpEncoder}, the optional
 * aggregators of chunks and messages (§5.1), and {@link org.parley.msrp.codec.MsrpAnswers}, which
 * says what each request and decode error gets (§7.2) for endpoints and relays (RFC 4976) alike.
 */
package org.parley.msrp.codec;
