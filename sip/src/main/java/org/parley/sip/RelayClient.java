package org.parley.sip;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;
import org.parley.msrp.transport.MsrpTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's binding with its MSRP relay (RFC 4976 §5): one AUTH at start, over a connection of
 * the agent's {@link org.parley.msrp.session.MsrpStack} that its sessions then share (they connect
 * with the same {@link MsrpTls} instance), refreshed before Expires by an AUTH to the granted
 * Use-Path URI (which keeps it), or by a fresh AUTH when that fails. When the Use-Path changes, the
 * agent re-offers its sessions with the new path (re-INVITE).
 */
final class RelayClient {
  private static final Logger LOG = LoggerFactory.getLogger(RelayClient.class);
  private static final Duration RETRY = Duration.ofSeconds(30);
  private static final Duration NO_EXPIRES_REFRESH = Duration.ofMinutes(10);

  private final MsrpStack msrp;
  private final AgentLoop loop;
  private final Dialogs dialogs;
  private final MsrpRelay relay;
  private final MsrpUri client;
  private final MsrpTls tls;
  private volatile RelayBinding binding;
  private ScheduledFuture<?> timer;

  /**
   * @param dialogs whose sessions are re-offered with a new Use-Path
   */
  RelayClient(MsrpStack msrp, AgentLoop loop, Dialogs dialogs, MsrpRelay relay, MsrpUri client) {
    this.msrp = msrp;
    this.loop = loop;
    this.dialogs = dialogs;
    this.relay = relay;
    this.client = client;
    this.tls = relay.uri().secure() ? tls(relay) : null;
  }

  private static MsrpTls tls(MsrpRelay relay) {
    if (relay.fingerprint() != null) {
      return MsrpTls.client(List.of(relay.fingerprint()));
    }
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init((KeyStore) null);
      return MsrpTls.client(trust);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no default trust store", e);
    }
  }

  /**
   * The first AUTH; fails with a {@link SipFailure} when the relay refuses or cannot be reached.
   */
  void start(Duration timeout) {
    try {
      binding = auth(relay.uri()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new SipFailure(
          SipFailure.Kind.UNREACHABLE,
          0,
          "AUTH with the MSRP relay " + relay.uri() + " failed: " + OutgoingInvite.rootMessage(e),
          e);
    }
    LOG.debug("relay binding {}", binding);
    schedule(refreshDelay(binding));
  }

  /** The TLS settings of the relay connection (null for msrp): sessions connect with these. */
  MsrpTls tls() {
    return tls;
  }

  /** The Use-Path, first hop first. */
  List<MsrpUri> usePath() {
    return binding.usePath();
  }

  /** The SDP a=path of a session whose own URI is {@code local}: the Use-Path, then it. */
  List<MsrpUri> pathTo(MsrpUri local) {
    return binding.pathTo(local);
  }

  RelayBinding binding() {
    return binding;
  }

  private CompletableFuture<RelayBinding> auth(MsrpUri to) {
    try {
      return msrp.authenticate(
          to, client, relay.username(), relay.password(), tls, relay.expires());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Refreshes the binding: AUTH to the granted Use-Path URI (the relay keeps the same path), or a
   * fresh AUTH when that fails. Completes with the binding in force afterwards.
   */
  CompletableFuture<RelayBinding> refresh() {
    RelayBinding old = binding;
    CompletableFuture<RelayBinding> keep =
        old.usePath().size() == 1
            ? auth(old.usePath().get(0))
            : CompletableFuture.failedFuture(new IllegalStateException("several relays"));
    return keep.exceptionallyCompose(e -> auth(relay.uri())).whenComplete(this::granted);
  }

  /**
   * A fresh AUTH to the relay's URI: a new Use-Path; the caller re-offers the sessions ({@link
   * SipAgent#renewRelay}).
   */
  CompletableFuture<RelayBinding> renew() {
    return auth(relay.uri()).whenComplete((b, e) -> granted(b, e, false));
  }

  private void granted(RelayBinding b, Throwable e) {
    granted(b, e, true);
  }

  private void granted(RelayBinding b, Throwable e, boolean reoffer) {
    if (e != null) {
      LOG.warn("AUTH with the MSRP relay {} failed: {}", relay.uri(), e.toString());
      schedule(RETRY);
      return;
    }
    RelayBinding old = binding;
    binding = b;
    schedule(refreshDelay(b));
    if (reoffer && !old.usePath().equals(b.usePath())) {
      loop.execute(dialogs::reofferPaths);
    }
  }

  private synchronized void schedule(Duration delay) {
    if (timer != null) {
      timer.cancel(false);
    }
    timer = loop.schedule(this::refresh, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Three quarters of the lifetime granted, at least a second. */
  private static Duration refreshDelay(RelayBinding b) {
    if (b.expires().isZero()) {
      return NO_EXPIRES_REFRESH;
    }
    return Duration.ofMillis(Math.max(1000, b.expires().toMillis() * 3 / 4));
  }

  synchronized void close() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
