package org.parley.relay;

import io.netty.channel.ChannelPipeline;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManagerFactory;
import org.parley.msrp.Hosts;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpListener;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;

/**
 * An MSRP relay (RFC 4976): it authenticates clients with AUTH and Digest, hands out Use-Path URIs,
 * and relays requests by To-Path as {@link Router} decides, cut-through and with backpressure.
 * Start one with {@link #start}; {@link #close} shuts it down gracefully.
 *
 * <pre>{@code
 * RelayConfig config = RelayConfig.builder()
 *     .listen(MsrpUri.parse("msrps://relay.example.com:2855;tcp"))
 *     .tls(Path.of("cert.pem"), Path.of("key.pem"))
 *     .users(Path.of("users.htdigest"))
 *     .realm("relay.example.com")
 *     .build();
 * try (Relay relay = Relay.start(config)) {
 *   ... relay.uris() ...
 * }
 * }</pre>
 *
 * <p>Threads: one transport (epoll or NIO) with {@link RelayConfig#threads} event loops for all
 * connections; each connection's reading and routing runs on its own loop, and writes to another
 * connection go through that connection's {@link Outbound}. Host names of next hops are resolved on
 * a thread of their own; {@code /metrics} has its own loop. Nothing blocks an event loop.
 */
public final class Relay implements AutoCloseable {
  /** A listener of the relay and the URI it answers to. */
  record Local(
      MsrpUri uri, String bindHost, boolean secure, int port, MsrpListener listener, boolean ws) {}

  private static final AttributeKey<Peer> PEER = AttributeKey.valueOf("parley.relay.peer");

  private final RelayConfig config;
  private final RelayLimits limits;
  private final RelayMetrics metrics = new RelayMetrics();
  private final RelayLog log = new RelayLog();
  private final Bindings bindings = new Bindings(this);
  private final Router router = new Router(this);
  private final Responses responses = new Responses();
  private final Authenticator authenticator;
  private final Admission admission;
  private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
  private final AtomicLong paused = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean shuttingDown;

  private MsrpTransport transport;
  private NextHops nextHops;
  private final List<Local> locals = new ArrayList<>();
  private MetricsServer metricsServer;

  /** Until the listeners are bound: no ports known, loopback refused (nothing connects yet). */
  private volatile NextHopPolicy.Own own = new NextHopPolicy.Own(Set.of(), Set.of(), false);

  private Relay(RelayConfig config, UserStore users) {
    this.config = config;
    this.limits = config.limits();
    this.authenticator = new Authenticator(this, users);
    this.admission = new Admission(limits, metrics, log);
    metrics.gauges(peers::size, bindings::clients, bindings::size, paused::get);
  }

  /**
   * Starts a relay whose users are in the htdigest file {@link RelayConfig#users}.
   *
   * @throws IOException when the users file cannot be read
   * @throws IllegalArgumentException when the configuration cannot be used
   * @throws IllegalStateException when a listener cannot be bound
   */
  public static Relay start(RelayConfig config) throws IOException {
    if (config.users() == null) {
      throw new IllegalArgumentException("users: an htdigest file is required");
    }
    return start(config, HtdigestUserStore.open(config.users()));
  }

  /**
   * Starts a relay with the given user store.
   *
   * @throws IllegalArgumentException when the configuration cannot be used
   * @throws IllegalStateException when a listener cannot be bound
   */
  public static Relay start(RelayConfig config, UserStore users) {
    Relay r = new Relay(config, users);
    try {
      r.open();
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
    return r;
  }

  private void open() {
    int threads =
        config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
    MsrpTransport.Builder b = MsrpTransport.builder().threads(threads).gatherWrites(true);
    transport = b.decoderConfig(limits.decoder()).build();
    MsrpTls serverTls = null;
    for (MsrpUri u : config.listen()) {
      if (u.secure() && serverTls == null) {
        // Clients are asked for a certificate: a peer relay proves itself by one (RFC 4976 §5).
        serverTls =
            MsrpTls.serverAskingForClientCertificates(
                config.certificate().toFile(), config.privateKey().toFile());
      }
    }
    nextHops = new NextHops(this, transport, outgoing, clientTls(), config.nextHopPolicy());
    for (MsrpUri u : config.listen()) {
      String host = u.host();
      String bare = Hosts.unbracketed(host);
      boolean wildcard = bare.equals("0.0.0.0") || bare.equals("::");
      if (wildcard && config.host() == null) {
        throw new IllegalArgumentException(
            "listen " + u + ": set host, the name clients reach the relay by, for Use-Path");
      }
      boolean ws = RelayConfig.isWebSocket(u);
      MsrpListener l;
      try {
        l =
            transport
                .listen(
                    new InetSocketAddress(bare, u.port()),
                    u.secure() ? serverTls : null,
                    ws ? config.webSocket() : null,
                    incoming)
                .join();
      } catch (CompletionException e) {
        throw new IllegalStateException(
            "listen " + u + ": " + e.getCause().getMessage(), e.getCause());
      }
      int port = l.localAddress().getPort();
      MsrpUri advertised =
          MsrpUri.builder(config.host() != null ? config.host() : host)
              .secure(u.secure())
              .port(port)
              .transport(ws ? "ws" : "tcp")
              .build();
      locals.add(new Local(advertised, bare, u.secure(), port, l, ws));
      log.listening(advertised);
    }
    if (config.metrics() != null) {
      metricsServer = MetricsServer.start(config.metrics(), metrics, () -> !shuttingDown);
      log.metrics(String.valueOf(metricsServer.address()));
    }
    own = ownFacts();
  }

  /** The relay's own ports, its host's addresses, whether it listens on loopback only. */
  private NextHopPolicy.Own ownFacts() {
    Set<Integer> ports = new HashSet<>();
    boolean loopbackOnly = true;
    for (Local l : locals) {
      ports.add(l.port());
      InetSocketAddress bound = l.listener().localAddress();
      loopbackOnly &= bound.getAddress().isLoopbackAddress();
    }
    if (metricsServer != null) {
      ports.add(metricsServer.address().getPort());
    }
    Set<InetAddress> addresses = new HashSet<>();
    try {
      for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        addresses.addAll(Collections.list(i.getInetAddresses()));
      }
    } catch (SocketException e) {
      throw new IllegalStateException("the host's addresses cannot be listed", e);
    }
    return new NextHopPolicy.Own(ports, addresses, loopbackOnly);
  }

  /** What the next-hop policy needs to know of this relay (set once its listeners are bound). */
  NextHopPolicy.Own own() {
    return own;
  }

  /**
   * TLS towards next hops: their certificate checked against the configured fingerprints, or the
   * JDK's trust store; the relay's own certificate presented when asked (mutual TLS between relays,
   * RFC 4976 §5), when it has one.
   */
  private MsrpTls clientTls() {
    boolean own = config.certificate() != null && config.privateKey() != null;
    if (!config.peerFingerprints().isEmpty()) {
      return own
          ? MsrpTls.client(
              config.peerFingerprints(),
              config.certificate().toFile(),
              config.privateKey().toFile())
          : MsrpTls.client(config.peerFingerprints());
    }
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      return own
          ? MsrpTls.client(tmf, config.certificate().toFile(), config.privateKey().toFile())
          : MsrpTls.client(tmf);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK trust store cannot be loaded", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  /** The URIs the relay answers to, one per listener, with the ports bound. */
  public List<MsrpUri> uris() {
    List<MsrpUri> l = new ArrayList<>(locals.size());
    for (Local local : locals) {
      l.add(local.uri());
    }
    return l;
  }

  /** The first listener's URI. */
  public MsrpUri uri() {
    return locals.get(0).uri();
  }

  /** Where {@code /metrics} and {@code /health} are served, or null. */
  public InetSocketAddress metricsAddress() {
    return metricsServer == null ? null : metricsServer.address();
  }

  public RelayMetrics metrics() {
    return metrics;
  }

  public RelayConfig config() {
    return config;
  }

  /**
   * Shuts down gracefully: stops accepting, sends a failure REPORT (408, "Relay Shutting Down") for
   * every SEND in flight whose Failure-Report asks for one, waits up to {@link
   * RelayLimits#shutdownGrace} for them to be written, then closes every connection.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    shuttingDown = true;
    admission.close();
    for (Local l : locals) {
      l.listener().closeAsync().join();
    }
    log.shutdown(peers.size());
    List<CompletableFuture<List<CompletableFuture<Void>>>> perPeer = new ArrayList<>();
    for (Peer p : peers) {
      perPeer.add(CompletableFuture.supplyAsync(p::shutdown, p.channel().eventLoop()));
    }
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (CompletableFuture<List<CompletableFuture<Void>>> f : perPeer) {
      try {
        writes.addAll(f.get(limits.shutdownGrace().toMillis() + 100, TimeUnit.MILLISECONDS));
      } catch (Exception e) {
        // a loop that did not answer in time: its REPORTs are not waited for
      }
    }
    try {
      CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0]))
          .get(Math.max(1, limits.shutdownGrace().toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
      // the grace is over, or some REPORT could not be written: close anyway
    }
    if (metricsServer != null) {
      metricsServer.close();
    }
    if (nextHops != null) {
      nextHops.close();
    }
    if (transport != null) {
      transport.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // For the package

  RelayLog log() {
    return log;
  }

  RelayLimits limits() {
    return limits;
  }

  Bindings bindings() {
    return bindings;
  }

  Router router() {
    return router;
  }

  Responses responses() {
    return responses;
  }

  Authenticator authenticator() {
    return authenticator;
  }

  NextHops nextHops() {
    return nextHops;
  }

  Admission admission() {
    return admission;
  }

  /**
   * Open connections from peer relays that proved themselves by a certificate listed in {@link
   * RelayConfig#peerFingerprints} (mutual TLS, RFC 4976 §5).
   */
  public int peerRelays() {
    int n = 0;
    for (Peer p : peers) {
      if (p.isIdentifiedRelay()) {
        n++;
      }
    }
    return n;
  }

  Peer peer(MsrpConnection c) {
    return c.channel().attr(PEER).get();
  }

  void pausedChanged(int delta) {
    paused.addAndGet(delta);
  }

  /** Test hook: a connection paused because its next hop was full. */
  volatile Runnable onDownstreamPause;

  void downstreamPaused() {
    Runnable r = onDownstreamPause;
    if (r != null) {
      r.run();
    }
  }

  void peerClosed(Peer p) {
    peers.remove(p);
    if (nextHops != null) {
      nextHops.closed(p);
    }
  }

  /**
   * Whether {@code u} is one of this relay's URIs: the scheme, a host name and the port of a
   * listener. {@code portOptional}: a URI without port matches too (the To-Path of an AUTH, RFC
   * 4976 §8).
   */
  boolean isOurs(MsrpUri u, boolean portOptional) {
    boolean ws = RelayConfig.isWebSocket(u);
    if (!ws && !u.transport().equalsIgnoreCase("tcp")) {
      return false;
    }
    for (Local l : locals) {
      if (l.secure() == u.secure()
          && l.ws() == ws
          && (u.port() == l.port() || (portOptional && !u.hasPort()))
          && (sameHost(u.host(), l.uri().host()) || sameHost(u.host(), l.bindHost()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameHost(String a, String b) {
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    byte[] x = NetUtil.createByteArrayFromIpAddressString(Hosts.unbracketed(a));
    byte[] y = NetUtil.createByteArrayFromIpAddressString(Hosts.unbracketed(b));
    return x != null && y != null && Arrays.equals(x, y);
  }

  /** The listener {@code p} came in on; for a connection the relay opened, one of its scheme. */
  Local localFor(Peer p) {
    if (p.local() != null) {
      return p.local();
    }
    return tcpLocal(p.connection().secure());
  }

  /**
   * The listener whose URI a Use-Path for {@code p} is made of: its own, or for a WebSocket client
   * a TCP listener (TLS first when it came over wss), which is how other endpoints and relays reach
   * this relay (RFC 7977 §8: the Use-Path of a WebSocket client is a TCP URI).
   */
  Local useFor(Peer p) {
    Local l = localFor(p);
    return l.ws() ? tcpLocal(l.secure()) : l;
  }

  private Local tcpLocal(boolean secure) {
    Local any = null;
    for (Local l : locals) {
      if (!l.ws()) {
        if (l.secure() == secure) {
          return l;
        }
        if (any == null) {
          any = l;
        }
      }
    }
    return any != null ? any : locals.get(0);
  }

  // ---------------------------------------------------------------------------------------------
  // Connections

  /** A connection came up: its {@link Peer}, or null when it was refused (and closed). */
  Peer opened(MsrpConnection c, boolean isIncoming) {
    Local local = null;
    if (isIncoming) {
      int port = c.localAddress().getPort();
      for (Local l : locals) {
        if (l.port() == port && l.secure() == c.secure()) {
          local = l;
        }
      }
      if (local == null && !locals.isEmpty()) {
        local = locals.get(0);
      }
    }
    Peer p = new Peer(this, c, local);
    if (shuttingDown || peers.size() >= limits.maxConnections()) {
      metrics.connectionsRejected.increment();
      log.rejected(p);
      c.channel().close();
      return null;
    }
    c.channel().attr(PEER).set(p);
    peers.add(p);
    if (isIncoming
        && c.secure()
        && !config.peerFingerprints().isEmpty()
        && c.peerCertificateMatches(config.peerFingerprints())) {
      // A peer relay proved itself by its certificate: out of the per-address share and probation.
      p.identifiedAsRelay();
      admission.authenticated(c.channel());
      log.peerRelay(p);
    }
    ChannelPipeline pl = c.channel().pipeline();
    if (pl.get("msrp-decoder") != null) {
      pl.addBefore("msrp-decoder", "relay-watchdog", p.watchdog());
    } else {
      pl.addFirst("relay-watchdog", p.watchdog());
    }
    p.watchdog().start();
    if (isIncoming) {
      metrics.connectionsAccepted.increment();
    } else {
      metrics.connectionsOutgoing.increment();
    }
    log.opened(p);
    return p;
  }

  private final FrameHandler incoming = new PeerEvents(this, true);
  private final FrameHandler outgoing = new PeerEvents(this, false);
}
