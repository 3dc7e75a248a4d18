/**
 * MSRP sessions (RFC 4975 §5–§7) on the transport: sessions identified by their local URI, incoming
 * requests routed by To-Path (unknown sessions get 481), outgoing messages split into chunks with
 * Byte-Range and continuation flags, responses matched to transactions with a time-out, and
 * incoming chunks answered as Failure-Report asks.
 */
package org.parley.msrp.session;
