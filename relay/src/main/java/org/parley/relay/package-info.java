/**
 * The MSRP relay of RFC 4976 on Netty, using msrp-core's codec and transport.
 *
 * <p>{@link org.parley.relay.Relay} is the daemon: configured by {@link
 * org.parley.relay.RelayConfig} (read from a file by {@link org.parley.relay.RelayConfigFile}),
 * with users from a {@link org.parley.relay.UserStore} ({@link org.parley.relay.HtdigestUserStore}
 * reads Apache htdigest files). Inside, per connection, a {@code Peer} reads frames in order and a
 * {@code Router} applies the authorization rule of RFC 4976 §6.4 (a request naming a Use-Path URI
 * is relayed only from that URI's connection or towards it); AUTH is handled by {@code
 * Authenticator} (HTTP Digest, RFC 4976 §5.1, §6.3, §9.1, with {@link org.parley.msrp.auth}); a
 * {@code Forward} relays one request cut-through to the next hop, whose {@code Outbound} gives its
 * frame slot to one writer at a time and interrupts long or stalled chunks so that others get
 * through; {@code Responses} maps responses back and turns downstream failures into failure REPORTs
 * (RFC 4976 §6.4.1, §6.4.3). {@link org.parley.relay.RelayMetrics} are served as Prometheus text by
 * the {@code /metrics} listener.
 */
package org.parley.relay;
