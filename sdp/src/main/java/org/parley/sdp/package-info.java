/**
 * SDP for message sessions.
 *
 * <ul>
 *   <li>RFC 8866 (SDP): {@link org.parley.sdp.SessionDescription} parses a description into its
 *       lines, in order, and writes it back byte for byte; {@link org.parley.sdp.SdpParseException}
 *       names the line and the {@link org.parley.sdp.SdpRule} broken.
 *   <li>RFC 4975 §8 (MSRP in SDP), RFC 4145 and RFC 6135 ({@code a=setup}, {@code a=connection}),
 *       RFC 8122 ({@code a=fingerprint}), RFC 6714 ({@code a=msrp-cema}), RFC 7701 ({@code
 *       a=chatroom}), RFC 7977 ({@code TCP/WS/MSRP}, {@code TCP/WSS/MSRP}), RFC 5547 (file
 *       transfer): {@link org.parley.sdp.MessageMedia} gives typed access to an {@code m=message}
 *       stream.
 *   <li>The 2001 Internet-Draft "SDP Extensions for SIP Instant Message Sessions"
 *       (draft-ietf-simple-im-sdp-00): {@code m=message <port> sip <SIP-URI>}, with the URI read by
 *       {@link org.parley.sdp.SipUri}.
 * </ul>
 *
 * <p>The offer/answer engine for message streams (RFC 3264) is in {@link
 * org.parley.sdp.offeranswer}. Of msrp-core it uses {@code MsrpUri} and {@code MsrpSyntaxException}
 * (the model package {@code org.parley.msrp}, which has no Netty types); nothing of SIP or Netty.
 */
package org.parley.sdp;
