package org.parley.sip;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ServerTransaction;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.MsrpStack;
import org.parley.sdp.MessageTransport;
import org.parley.sip.file.DiskBudget;

/**
 * What the parts of an agent share, wired once by {@link SipAgent#start} and handed to each part
 * instead of the agent: its settings, its thread, JAIN-SIP and the transactions over it, what is
 * under way ({@link Dialogs}), its MSRP stack and relay, and its file threads and disk budget.
 *
 * @param msrpPort the port the MSRP stack listens on
 * @param relay the relay binding, or null without a relay
 * @param files the agent's file threads (also the MSRP stack's blocking executor)
 */
record AgentContext(
    SipConfig config,
    AgentLoop loop,
    JainSip sip,
    Transactions transactions,
    Responder responder,
    Dialogs dialogs,
    MsrpStack msrp,
    int msrpPort,
    RelayClient relay,
    Executor files,
    DiskBudget diskBudget) {

  /**
   * A fresh session URI of this agent, {@code msrp://host:port/<random>;tcp} ({@code msrps} for a
   * session relayed over TLS).
   */
  MsrpUri newMsrpUri(boolean secure) {
    return msrpUri(config, msrpPort).toBuilder().secure(secure).build();
  }

  /**
   * Whether this end's sessions can be msrps: only through an msrps relay, which reaches this end
   * by the TLS connection it authenticated (the agent listens for MSRP over plain TCP only). Its
   * offers are then TCP/TLS/MSRP.
   */
  boolean relayTls() {
    return relay != null && config.relay().uri().secure();
  }

  static MsrpUri msrpUri(SipConfig config, int msrpPort) {
    int port = config.msrpAdvertisedPort() >= 0 ? config.msrpAdvertisedPort() : msrpPort;
    return MsrpUri.builder(config.host()).port(port).sessionId(JainSip.token(10)).build();
  }

  /** The m= line's protocol for a session whose own URI is {@code local}. */
  static MessageTransport transport(MsrpUri local) {
    return local.secure() ? MessageTransport.TCP_TLS_MSRP : MessageTransport.TCP_MSRP;
  }

  /** The SDP a=path of a session whose own URI is {@code local}: through the relay, if any. */
  List<MsrpUri> pathTo(MsrpUri local) {
    return relay == null ? List.of(local) : relay.pathTo(local);
  }

  /** {@link AgentLoop#schedule}: null once the agent is closed. */
  ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
    return loop.schedule(task, delay, unit);
  }

  void respond(ServerTransaction st, int status) {
    responder.respond(st, status);
  }

  void respond(ServerTransaction st, int status, String warning) {
    responder.respond(st, status, warning);
  }
}
