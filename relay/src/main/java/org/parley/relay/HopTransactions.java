package org.parley.relay;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.MsrpUri;

/**
 * The transactions the relay forwarded on one connection and whose responses it waits for ({@link
 * Pending}), by this hop's transaction id: at most {@link RelayLimits#maxPending}, each ending with
 * its response (RFC 4976 §6.4.3), its time-out ({@link RelayLimits#transactionTimeout} after its
 * last byte was written: a 408 failure REPORT when Failure-Report asks) or the connection's end.
 * Thread-safe; the one who writes on the connection ({@link Outbound}) hears each end, so that
 * frames held while it was full may go.
 */
final class HopTransactions {
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final int max;
  private final long timeoutMillis;
  private final EventLoop loop;
  private final RelayMetrics metrics;
  private final Runnable ended;

  HopTransactions(RelayLimits limits, EventLoop loop, RelayMetrics metrics, Runnable ended) {
    this.max = limits.maxPending();
    this.timeoutMillis = limits.transactionTimeout().toMillis();
    this.loop = loop;
    this.metrics = metrics;
    this.ended = ended;
  }

  /** Whether {@link RelayLimits#maxPending} transactions wait: forwarded frames must wait too. */
  boolean full() {
    return pending.size() >= max;
  }

  /** Follows {@code p} from before its end-line is written ({@link #written} starts its timer). */
  void follow(Pending p) {
    pending.put(p.transactionId, p);
  }

  /** The last byte of {@code p}'s request was written: its time-out starts. */
  void written(Pending p) {
    if (pending.get(p.transactionId) != p) {
      return; // answered already
    }
    p.timeOut(
        loop.schedule(
            () -> {
              if (pending.remove(p.transactionId, p)) {
                ended.run();
                if (p.reportTimeout) {
                  metrics.timeouts.increment();
                  p.forward.report(408, "Request Timeout");
                }
              }
            },
            timeoutMillis,
            TimeUnit.MILLISECONDS));
  }

  /**
   * The transaction a response on this connection answers (RFC 4976 §6.4.3): this hop's transaction
   * id, and this relay's URI first in its To-Path; taken, with its timer stopped. Null when there
   * is none (late, or not ours): the response is dropped.
   */
  Pending answered(String transactionId, MsrpUri firstTo) {
    Pending p = pending.get(transactionId);
    if (p == null || !firstTo.equals(p.forward.hop()) || !pending.remove(transactionId, p)) {
      return null;
    }
    p.cancel();
    ended.run();
    return p;
  }

  /** Takes every transaction still waiting for a response (the connection's end, shutdown). */
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a ConcurrentHashMap's view allows it
  List<Pending> takeAll() {
    List<Pending> taken = new ArrayList<>();
    for (Pending p : pending.values()) {
      if (pending.remove(p.transactionId, p)) {
        p.cancel();
        taken.add(p);
      }
    }
    return taken;
  }
}
