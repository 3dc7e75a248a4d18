package org.parley.relay;

import java.util.concurrent.ScheduledFuture;

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

  /** The time-out task once the last byte is written; set on the connection's loop. */
  private volatile ScheduledFuture<?> timer;

  Pending(Forward forward, String transactionId, boolean reportTimeout) {
    this.forward = forward;
    this.transactionId = transactionId;
    this.reportTimeout = reportTimeout;
  }

  /** The time-out task that ends this transaction. */
  void timeOut(ScheduledFuture<?> t) {
    timer = t;
  }

  void cancel() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }
}
