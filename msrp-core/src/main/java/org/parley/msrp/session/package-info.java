/**
 * MSRP sessions (RFC 4975 §5–§7) on the transport: sessions identified by their local URI, incoming
 * requests routed by To-Path (unknown sessions get 481), outgoing messages split into chunks with
 * Byte-Range and continuation flags (from memory or from a file, one chunk in memory at a time),
 * responses matched to transactions with a time-out, incoming chunks answered as Failure-Report
 * asks, receiver limits (max-size 413, accept-types 415) and success and failure REPORTs.
 */
package org.parley.msrp.session;
