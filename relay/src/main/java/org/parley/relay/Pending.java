package org.parley.relay;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import org.jspecify.annotations.Nullable;

/**
 * A request the relay forwarded on a connection and whose response it waits for: a piece of a SEND
 * (whose error response becomes a failure REPORT, RFC 4976 §6.4.1), or another request whose
 * response goes back to the upstream transaction (RFC 4976 §6.4.3).
 */
final class Pending implements ChannelFutureListener {
  final Forward forward;
  final String transactionId;

  /** Whether no response within the transaction time-out is reported (Failure-Report yes). */
  final boolean reportTimeout;

  // Guarded by the HopTransactions' monitor: when it times out, and its place in the list of
  // transactions whose clock runs, oldest first.
  long deadline;
  Pending older;
  Pending newer;

  /** Where it is followed, once its end-line is on its way ({@link #operationComplete}). */
  @Nullable HopTransactions transactions;

  Pending(Forward forward, String transactionId, boolean reportTimeout) {
    this.forward = forward;
    this.transactionId = transactionId;
    this.reportTimeout = reportTimeout;
  }

  /** The end-line was written: the time-out starts (the listener of that write, no object more). */
  @Override
  public void operationComplete(ChannelFuture f) {
    HopTransactions t = transactions;
    if (f.isSuccess() && t != null) {
      t.written(this);
    }
  }
}
