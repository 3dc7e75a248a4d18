package org.parley.relay;

/**
 * A request the relay forwarded on a connection and whose response it waits for: a piece of a SEND
 * (whose error response becomes a failure REPORT, RFC 4976 §6.4.1), or another request whose
 * response goes back to the upstream transaction (RFC 4976 §6.4.3).
 */
final class Pending {
  final Forward forward;
  final String transactionId;

  /** Whether no response within the transaction time-out is reported (Failure-Report yes). */
  final boolean reportTimeout;

  // Guarded by the HopTransactions' monitor: when it times out, and its place in the list of
  // transactions whose clock runs, oldest first.
  long deadline;
  Pending older;
  Pending newer;

  Pending(Forward forward, String transactionId, boolean reportTimeout) {
    this.forward = forward;
    this.transactionId = transactionId;
    this.reportTimeout = reportTimeout;
  }
}
