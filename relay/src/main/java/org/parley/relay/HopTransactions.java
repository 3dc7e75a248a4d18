package org.parley.relay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parley.msrp.MsrpUri;

/**
 * The transactions the relay forwarded on one connection and whose responses it waits for ({@link
 * Pending}), by this hop's transaction id: at most {@link RelayLimits#maxPending}, each ending with
 * its response (RFC 4976 §6.4.3), its time-out ({@link RelayLimits#transactionTimeout} after its
 * last byte was written: a 408 failure REPORT when Failure-Report asks) or the connection's end.
 *
 * <p>The time-out is the same for every transaction, so the ones whose last byte was written are
 * kept in that order, in a list threaded through the {@link Pending}s: the connection's periodic
 * check ({@link #expire}) ends those at its head whose time is up, and an answer unlinks its own in
 * constant time. No timer per transaction. Thread-safe (this object's monitor, a leaf: nothing else
 * is taken while it is held); the one who writes on the connection ({@link Outbound}) hears each
 * end, so that frames held while it was full may go.
 */
final class HopTransactions {
  private final int max;
  private final long timeoutNanos;
  private final RelayMetrics metrics;
  private final Runnable ended;

  // Guarded by this.
  private final Map<String, Pending> pending = new HashMap<>();
  private Pending oldest;
  private Pending newest;

  HopTransactions(RelayLimits limits, RelayMetrics metrics, Runnable ended) {
    this.max = limits.maxPending();
    this.timeoutNanos = limits.transactionTimeout().toNanos();
    this.metrics = metrics;
    this.ended = ended;
  }

  /** Whether {@link RelayLimits#maxPending} transactions wait: forwarded frames must wait too. */
  synchronized boolean full() {
    return pending.size() >= max;
  }

  /** Follows {@code p} from before its end-line is written ({@link #written} starts its clock). */
  synchronized void follow(Pending p) {
    pending.put(p.transactionId, p);
  }

  /** The last byte of {@code p}'s request was written: its time-out starts. */
  synchronized void written(Pending p) {
    if (pending.get(p.transactionId) != p) {
      return; // answered already
    }
    p.deadline = System.nanoTime() + timeoutNanos;
    p.older = newest;
    if (newest == null) {
      oldest = p;
    } else {
      newest.newer = p;
    }
    newest = p;
  }

  /**
   * The transaction a response on this connection answers (RFC 4976 §6.4.3): this hop's transaction
   * id, and this relay's URI first in its To-Path; taken. Null when there is none (late, or not
   * ours): the response is dropped.
   */
  Pending answered(String transactionId, MsrpUri firstTo) {
    Pending p;
    synchronized (this) {
      p = pending.get(transactionId);
      if (p == null || !firstTo.equals(p.forward.hop())) {
        return null;
      }
      take(p);
    }
    ended.run();
    return p;
  }

  /**
   * Ends the transactions whose time-out passed by {@code now} (from the connection's periodic
   * check, so up to one check period late): a 408 failure REPORT where Failure-Report asks.
   */
  void expire(long now) {
    List<Pending> late = null;
    synchronized (this) {
      while (oldest != null && now - oldest.deadline >= 0) {
        Pending p = oldest;
        take(p);
        if (late == null) {
          late = new ArrayList<>();
        }
        late.add(p);
      }
    }
    if (late == null) {
      return;
    }
    ended.run();
    for (Pending p : late) {
      if (p.reportTimeout) {
        metrics.timeouts.increment();
        p.forward.report(408, "Request Timeout");
      }
    }
  }

  /** Takes every transaction still waiting for a response (the connection's end, shutdown). */
  synchronized List<Pending> takeAll() {
    List<Pending> taken = new ArrayList<>(pending.values());
    pending.clear();
    for (Pending p : taken) {
      p.older = null;
      p.newer = null;
    }
    oldest = null;
    newest = null;
    return taken;
  }

  /** Removes {@code p} from the map and, when its clock runs, from the list (monitor held). */
  private void take(Pending p) {
    pending.remove(p.transactionId);
    if (p.older != null) {
      p.older.newer = p.newer;
    } else if (oldest == p) {
      oldest = p.newer;
    }
    if (p.newer != null) {
      p.newer.older = p.older;
    } else if (newest == p) {
      newest = p.older;
    }
    p.older = null;
    p.newer = null;
  }
}
