package org.parley.relay;

import java.util.List;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;

/**
 * Responses to what the relay forwarded (RFC 4976 §6.4.3). A response is matched to its transaction
 * by this hop's transaction id on the connection it came over, and must name this relay's URI first
 * in To-Path; otherwise it is dropped. A response to a piece of a SEND ends that transaction, and
 * an error becomes a failure REPORT to the sender when Failure-Report is not {@code no} (RFC 4976
 * §6.4.1). A response to another request (AUTH, unknown methods) goes back to the upstream
 * transaction: this relay's URI moves from To-Path to the front of From-Path, and the upstream
 * transaction id replaces this hop's; it is dropped when the upstream connection is gone.
 */
final class Responses {
  void handle(Peer p, MsrpResponse r) {
    List<MsrpUri> to = r.toPath();
    Pending pending = p.out().transactions().answered(r.transactionId(), to.get(0));
    if (pending == null) {
      return; // late (timed out), or not ours
    }
    Forward f = pending.forward;
    List<MsrpUri> hops = f.hops();
    int n = hops.size();
    p.succeeded();
    if (f.send()) {
      if (!r.isSuccess()) {
        f.fail(r.code(), r.comment() != null ? r.comment() : "Error Response");
      }
      return;
    }
    if (to.size() <= n) {
      return; // nowhere further back
    }
    for (int i = 1; i < n; i++) {
      if (!to.get(i).equals(hops.get(n - 1 - i))) {
        return; // not the way the request came
      }
    }
    MsrpResponse back = r.relayed(f.request().transactionId(), n);
    f.upstream().out().sendWhole(back);
  }
}
