/**
 * MSRP connections over TCP and TLS (RFC 4975 §6, §14) on Netty: one event loop group for all
 * connections (epoll where available, NIO otherwise), listeners and outgoing connections, each
 * connection's pipeline made of the {@link org.parley.msrp.codec.MsrpDecoder} and {@link
 * org.parley.msrp.codec.MsrpEncoder}, and TLS whose self-signed peer certificates are checked
 * against the SDP {@code a=fingerprint} (RFC 8122).
 */
package org.parley.msrp.transport;
