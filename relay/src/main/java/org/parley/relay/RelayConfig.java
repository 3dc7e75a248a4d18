package org.parley.relay;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpWebSocket;
import org.parley.msrp.transport.StaticPages;

/**
 * Everything a relay needs to start: a typed tree, read from a file by {@link RelayConfigFile},
 * overridden by command-line flags, passed to {@link Relay#start}.
 *
 * @param listen where to listen: {@code msrps://host:port;tcp} (TLS) or {@code
 *     msrp://host:port;tcp} (plain TCP, for labs); {@code msrps://host:port;ws} (WebSocket over
 *     TLS, wss, for browsers, RFC 7977) or {@code msrp://host:port;ws} (ws, for labs); port 0 takes
 *     a free port. A WebSocket listener needs a TCP one beside it: the Use-Path its clients are
 *     given names the relay as other endpoints and relays reach it, over TCP (RFC 7977 §8)
 * @param host the host name put in Use-Path URIs (RFC 4976 §4.2 asks for a domain name), or null
 *     for each listener's own host
 * @param certificate PEM certificate chain for TLS listeners, or null when none is TLS
 * @param privateKey PEM PKCS#8 private key for TLS listeners, or null
 * @param users the htdigest file ({@code user:realm:HA1}), or null when a {@link UserStore} is
 *     given to {@link Relay#start(RelayConfig, UserStore)}
 * @param auth realm, nonce lifetime and Expires bounds
 * @param metrics where the {@code /metrics} and {@code /health} HTTP listener binds, or null for
 *     none
 * @param dataDir where generated files live (certificate, users file), or null
 * @param peerFingerprints certificates the relay accepts from next hops over TLS (self-signed
 *     peers, RFC 8122 form {@code sha-256 AB:…}); empty: next hops are checked against the JDK's
 *     trust store
 * @param threads event-loop threads; 0 takes the number of processors
 * @param limits limits and time-outs
 * @param nextHopPolicy where the relay may connect for its clients
 * @param webSocket the WebSocket listeners' upgrade path, allowed page origins and frame bound
 */
public record RelayConfig(
    List<MsrpUri> listen,
    String host,
    Path certificate,
    Path privateKey,
    Path users,
    AuthPolicy auth,
    InetSocketAddress metrics,
    Path dataDir,
    List<Fingerprint> peerFingerprints,
    int threads,
    RelayLimits limits,
    NextHopPolicy nextHopPolicy,
    MsrpWebSocket webSocket) {

  /** The default listener: TLS on the loopback interface, port 2855 (RFC 4976 §8). */
  public static final MsrpUri DEFAULT_LISTEN = MsrpUri.parse("msrps://127.0.0.1:2855;tcp");

  /**
   * Checks the configuration as a whole.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public RelayConfig {
    listen = List.copyOf(listen);
    peerFingerprints = List.copyOf(peerFingerprints);
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("listen: at least one URI is required");
    }
    boolean tls = false;
    for (MsrpUri u : listen) {
      if (!u.hasPort()) {
        throw new IllegalArgumentException("listen " + u + ": a port is required (0: any)");
      }
      if (u.sessionId() != null) {
        throw new IllegalArgumentException("listen " + u + ": a relay URI has no session-id");
      }
      if (!isWebSocket(u) && !u.transport().equalsIgnoreCase("tcp")) {
        throw new IllegalArgumentException("listen " + u + ": the transport is tcp or ws");
      }
      if (isWebSocket(u)
          && listen.stream().noneMatch(t -> !isWebSocket(t) && t.secure() == u.secure())) {
        throw new IllegalArgumentException(
            "listen "
                + u
                + ": a ws listener needs a tcp one too, "
                + (u.secure() ? "msrps" : "msrp")
                + " as it is: its clients' Use-Path names the relay over TCP");
      }
      tls |= u.secure();
    }
    if (webSocket == null) {
      throw new IllegalArgumentException("webSocket settings are required");
    }
    if (tls && (certificate == null || privateKey == null)) {
      throw new IllegalArgumentException("an msrps listener needs cert and key");
    }
    if (auth == null || limits == null || nextHopPolicy == null) {
      throw new IllegalArgumentException("auth, limits and the next-hop policy are required");
    }
    if (limits.nextHopReserve() >= limits.maxConnections()) {
      throw new IllegalArgumentException(
          "limits.next-hop-reserve ("
              + limits.nextHopReserve()
              + ") must be less than limits.connections ("
              + limits.maxConnections()
              + ")");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must not be negative");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to change parts of it. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.listen = new ArrayList<>(listen);
    b.host = host;
    b.certificate = certificate;
    b.privateKey = privateKey;
    b.users = users;
    b.auth = auth;
    b.metrics = metrics;
    b.dataDir = dataDir;
    b.peerFingerprints = new ArrayList<>(peerFingerprints);
    b.threads = threads;
    b.limits = limits;
    b.nextHopPolicy = nextHopPolicy;
    b.webSocket = webSocket;
    return b;
  }

  /** Whether {@code u} names MSRP over WebSocket ({@code ;ws}, RFC 7977 §5.2.1). */
  public static boolean isWebSocket(MsrpUri u) {
    return u.transport().equalsIgnoreCase("ws");
  }

  /** The realm in force: the configured one, or the Use-Path host of the first listener. */
  public String realm() {
    if (auth.realm() != null) {
      return auth.realm();
    }
    return host != null ? host : listen.get(0).host();
  }

  /** Builds a {@link RelayConfig}; every field starts at its default. */
  public static final class Builder {
    /** The browser client at {@code /} when its files are on the class path (the web module). */
    private MsrpWebSocket webSocket =
        MsrpWebSocket.at("/msrp", Set.of()).withPages(StaticPages.ifPresent("parley-web"));

    private List<MsrpUri> listen = new ArrayList<>();
    private String host;
    private Path certificate;
    private Path privateKey;
    private Path users;
    private AuthPolicy auth = AuthPolicy.DEFAULT;
    private InetSocketAddress metrics;
    private Path dataDir;
    private List<Fingerprint> peerFingerprints = new ArrayList<>();
    private int threads;
    private RelayLimits limits = RelayLimits.DEFAULT;
    private NextHopPolicy nextHopPolicy = NextHopPolicy.DEFAULT;

    private Builder() {}

    /** Adds a listener. Without any, {@link #build} uses {@link #DEFAULT_LISTEN}. */
    public Builder listen(MsrpUri uri) {
      listen.add(uri);
      return this;
    }

    /** Replaces the listeners. */
    public Builder listen(List<MsrpUri> uris) {
      listen = new ArrayList<>(uris);
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder tls(Path certificate, Path privateKey) {
      this.certificate = certificate;
      this.privateKey = privateKey;
      return this;
    }

    public Builder users(Path users) {
      this.users = users;
      return this;
    }

    public Builder realm(String realm) {
      this.auth = auth.withRealm(realm);
      return this;
    }

    public Builder auth(AuthPolicy auth) {
      this.auth = auth;
      return this;
    }

    public Builder metrics(InetSocketAddress metrics) {
      this.metrics = metrics;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder peerFingerprint(Fingerprint f) {
      peerFingerprints.add(f);
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder limits(RelayLimits limits) {
      this.limits = limits;
      return this;
    }

    public Builder nextHopPolicy(NextHopPolicy policy) {
      this.nextHopPolicy = policy;
      return this;
    }

    /** The WebSocket listeners' settings (default: path {@code /msrp}, no page origin allowed). */
    public Builder webSocket(MsrpWebSocket ws) {
      this.webSocket = ws;
      return this;
    }

    /** Allows browser pages of {@code origin} (e.g. {@code https://chat.example.com}). */
    public Builder webSocketOrigin(String origin) {
      Set<String> o = new HashSet<>(webSocket.origins());
      o.add(origin);
      this.webSocket =
          new MsrpWebSocket(webSocket.path(), o, webSocket.maxFramePayload(), webSocket.pages());
      return this;
    }

    public MsrpWebSocket webSocket() {
      return webSocket;
    }

    /** The next-hop policy so far (to derive a changed one). */
    public NextHopPolicy nextHopPolicy() {
      return nextHopPolicy;
    }

    /** The auth policy so far (to derive a changed one). */
    public AuthPolicy auth() {
      return auth;
    }

    /** The limits so far (to derive changed ones). */
    public RelayLimits limits() {
      return limits;
    }

    /** The listeners so far. */
    public List<MsrpUri> listen() {
      return List.copyOf(listen);
    }

    /** The Use-Path host so far, or null. */
    public String host() {
      return host;
    }

    public Path certificate() {
      return certificate;
    }

    public Path privateKey() {
      return privateKey;
    }

    public Path users() {
      return users;
    }

    public Path dataDir() {
      return dataDir;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public RelayConfig build() {
      List<MsrpUri> l = listen.isEmpty() ? List.of(DEFAULT_LISTEN) : listen;
      return new RelayConfig(
          l,
          host,
          certificate,
          privateKey,
          users,
          auth,
          metrics,
          dataDir,
          peerFingerprints,
          threads,
          limits,
          nextHopPolicy,
          webSocket);
    }
  }
}
