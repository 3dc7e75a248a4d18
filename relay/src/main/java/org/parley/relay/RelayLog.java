package org.parley.relay;

import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.codec.MsrpDecodeError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's log lines, one method per event, as {@code event=name key=value …} so that they can
 * be searched and parsed. No secrets: never a password, HA1, nonce, digest response or a whole
 * Use-Path session-id (only its first four characters).
 */
final class RelayLog {
  private static final Logger LOG = LoggerFactory.getLogger("org.parley.relay");

  void listening(MsrpUri uri) {
    LOG.info("event=listening uri={}", uri);
  }

  void metrics(String address) {
    LOG.info("event=metrics_listening address={}", address);
  }

  void opened(Peer p) {
    LOG.debug("event=connection_opened remote={} tls={}", p.remote(), p.connection().secure());
  }

  void rejected(Peer p) {
    LOG.warn("event=connection_rejected remote={} reason=connection_limit", p.remote());
  }

  /** At debug level: a flood of connections would otherwise flood the log (the metric counts). */
  void refusedAtAccept(java.net.InetAddress address, String limit) {
    LOG.debug("event=connection_refused remote={} limit={}", address.getHostAddress(), limit);
  }

  void peerRelay(Peer p) {
    LOG.info("event=peer_relay remote={} identified_by=certificate", p.remote());
  }

  void dropped(Peer p, String reason) {
    LOG.info("event=connection_dropped remote={} reason=\"{}\"", p.remote(), reason);
  }

  void authenticated(Peer p, String user, Binding b, long expires) {
    LOG.info(
        "event=auth_ok remote={} user={} use_path={} expires={}",
        p.remote(),
        user,
        b.logName(),
        expires);
  }

  void authRefused(Peer p, String user, String why) {
    LOG.info("event=auth_refused remote={} user={} reason=\"{}\"", p.remote(), user, why);
  }

  void unbound(Binding b, String why) {
    LOG.info("event=binding_removed user={} use_path={} reason=\"{}\"", b.user(), b.logName(), why);
  }

  void reportSent(Peer upstream, MsrpRequest request, int code, String reason) {
    LOG.info(
        "event=failure_report remote={} message_id={} status={} reason=\"{}\"",
        upstream.remote(),
        request.messageId(),
        code,
        reason);
  }

  void decodeError(Peer p, MsrpDecodeError e) {
    LOG.info(
        "event=decode_error remote={} rule={} offset={} action={}",
        p.remote(),
        e.rule().grammar(),
        e.offset(),
        e.action());
  }

  void connecting(String hop) {
    LOG.debug("event=next_hop_connecting hop={}", hop);
  }

  void nextHopFailed(MsrpUri uri, Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    LOG.warn(
        "event=next_hop_unreachable hop={}:{} error=\"{}\"",
        uri.host(),
        uri.port(),
        cause.getMessage());
  }

  void shutdown(int peers) {
    LOG.info("event=shutdown connections={}", peers);
  }
}
