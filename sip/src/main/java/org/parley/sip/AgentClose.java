package org.parley.sip;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.session.MsrpStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link SipAgent} closes: its sessions ended and its registration removed, with a bounded
 * wait for the answers; then the SIP stack stopped and, whatever that stop does, the MSRP side and
 * the agent's threads released. Parts never started are null.
 */
final class AgentClose {
  private static final Logger LOG = LoggerFactory.getLogger(AgentClose.class);
  static final long WAIT_MS = 2000;

  private AgentClose() {}

  /**
   * On the agent's thread: BYE to every session, declines and CANCELs, the un-REGISTER; waits (off
   * that thread) at most {@link #WAIT_MS} for their answers.
   */
  static void endSessions(AgentLoop loop, Dialogs dialogs, Registrar registrar) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          List<CompletableFuture<?>> waits = dialogs.endAll();
          if (registrar != null) {
            waits.add(registrar.unregister());
          }
          CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
              .whenComplete((v, e) -> done.complete(null));
        });
    if (!loop.inLoop()) {
      try {
        done.get(WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.debug("closing without every answer: {}", e.toString());
      }
    }
  }

  /** Stops SIP, then releases the relay binding, MSRP and the threads whatever the stop did. */
  static void release(
      JainSip sip, RelayClient relay, MsrpStack msrp, AgentLoop loop, ExecutorService files) {
    try {
      if (sip != null) {
        sip.stop();
      }
    } finally {
      try {
        if (relay != null) {
          relay.close();
        }
        if (msrp != null) {
          msrp.close();
        }
      } finally {
        loop.shutdown();
        files.shutdown(); // queued disk writes finish; a transfer's last task still runs
      }
    }
  }
}
