package org.parley.sip;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.parley.sdp.SipUri;

/**
 * The settings of a {@link SipAgent}; immutable, built with {@link #builder(String)}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Name</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>address</td><td>required</td><td>The address of record, in From of every request
 *       ({@code sip:alice@example.com}).</td></tr>
 *   <tr><td>host, port</td><td>127.0.0.1, 0</td><td>Where SIP listens; port 0 takes a free port
 *       (the same one for every transport).</td></tr>
 *   <tr><td>transports</td><td>UDP, TCP</td><td>The transports listened on; the first is used for
 *       a target without {@code transport=}.</td></tr>
 *   <tr><td>outboundProxy</td><td>none</td><td>Every request goes there first ({@code
 *       sip:127.0.0.1:5060;transport=udp}).</td></tr>
 *   <tr><td>credentials</td><td>none</td><td>Answer 401/407 challenges to any request, when the
 *       challenge's realm is the credentials' realm (default: the address's domain) or the
 *       outbound proxy's host; others are not answered ({@link Credentials}).</td></tr>
 *   <tr><td>registration</td><td>none</td><td>REGISTER on start, refresh, un-register on
 *       close.</td></tr>
 *   <tr><td>msrpPort</td><td>0</td><td>Where MSRP listens (on host); 0 takes a free port.</td></tr>
 *   <tr><td>msrpAdvertisedPort</td><td>the bound port</td><td>The port put in a=path, for a port
 *       forwarded to this one.</td></tr>
 *   <tr><td>acceptTypes</td><td>{@code *}</td><td>Types sessions accept (SDP
 *       a=accept-types).</td></tr>
 *   <tr><td>maxMessageSize</td><td>16 MiB</td><td>The largest message a session takes (a=max-size;
 *       larger ones are refused with 413).</td></tr>
 *   <tr><td>sipMessageMode</td><td>true</td><td>Accept offers of the 2001 form {@code m=message
 *       <port> sip <URI>}.</td></tr>
 *   <tr><td>ringTimeout</td><td>60 s</td><td>An invitation not accepted or declined by then is
 *       answered 480.</td></tr>
 *   <tr><td>userAgent</td><td>Parley/0.1</td><td>The User-Agent header.</td></tr>
 *   <tr><td>relay</td><td>none</td><td>An MSRP relay (RFC 4976) for every session: the agent
 *       AUTHs with it on start (and refreshes before Expires); a=path offered and answered is the
 *       relay's Use-Path then the session's URI, and the session goes over the authenticated
 *       connection.</td></tr>
 *   <tr><td>tls, tlsPort</td><td>none, 0</td><td>Key material and trust for the TLS transport
 *       ({@link SipTls}); TLS listens on port unless TCP does, then on tlsPort (0: a free
 *       one).</td></tr>
 *   <tr><td>webSocket</td><td>none</td><td>SIP over WebSocket for browsers (RFC 7118, {@link
 *       SipWebSocket}): a ws or wss listener beside the transports.</td></tr>
 *   <tr><td>diskBudget</td><td>16 GiB</td><td>The bytes all files the agent receives (pushed,
 *       pulled) may take on disk together; a file larger than what is left is refused with 413
 *       (see {@link #DEFAULT_DISK_BUDGET}).</td></tr>
 *   <tr><td>msrpWindow</td><td>0</td><td>MSRP chunks sent and not yet answered at most; 0 streams
 *       a message as one interruptible chunk on a direct session and pipelines chunks through a
 *       relay. 1 or more sends chunks on every session and waits for answers when that many are
 *       out (for peers that cannot take pipelined chunks, such as msrp-java).</td></tr>
 *   <tr><td>admission</td><td>{@link Admission#OPEN}</td><td>Who may start a session or send a
 *       MESSAGE: {@code allow} patterns (others get 403) and a password incoming INVITE and
 *       MESSAGE are challenged for (digest, 401). Open by default.</td></tr>
 *   <tr><td>maxPendingInvites</td><td>32</td><td>Incoming INVITEs being set up at once (from
 *       arrival until their ACK); beyond, an INVITE is answered 503 with Retry-After, unless a
 *       set-up has waited a second or more for its ACK or its MSRP connection, which is then
 *       dropped to make room.</td></tr>
 *   <tr><td>ackTimeout</td><td>32 s</td><td>A 2xx to an INVITE not ACKed by then fails the set-up
 *       (RFC 3261 §13.3.1.4: 64*T1); tests shorten it.</td></tr>
 *   <tr><td>mediaTimeout</td><td>30 s</td><td>A session whose peer is to connect MSRP ends (BYE,
 *       {@code MEDIA_FAILED}) when no request has bound it this long after the ACK.</td></tr>
 *   <tr><td>msrpKeepAlive</td><td>1.5 s, 2.5 s</td><td>An empty SEND at that interval on every
 *       MSRP session; a peer that stops responding for the time-out ends the session ({@code
 *       MEDIA_FAILED}) or fails the transfer ({@link MsrpKeepAlive}); null: none.</td></tr>
 * </table>
 */
public record SipConfig(
    SipUri address,
    String host,
    int port,
    List<SipTransport> transports,
    SipUri outboundProxy,
    Credentials credentials,
    Registration registration,
    int msrpPort,
    int msrpAdvertisedPort,
    List<String> acceptTypes,
    long maxMessageSize,
    boolean sipMessageMode,
    Duration ringTimeout,
    String userAgent,
    MsrpRelay relay,
    SipTls tls,
    int tlsPort,
    long diskBudget,
    int msrpWindow,
    Admission admission,
    int maxPendingInvites,
    Duration ackTimeout,
    Duration mediaTimeout,
    MsrpKeepAlive msrpKeepAlive,
    SipWebSocket webSocket) {

  /** The default {@link #maxPendingInvites()}: 32. */
  public static final int DEFAULT_MAX_PENDING_INVITES = 32;

  /** The default {@link #diskBudget()}: 16 GiB. */
  public static final long DEFAULT_DISK_BUDGET = 16L << 30;

  /** Checks the values. */
  public SipConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(host, "host");
    transports = List.copyOf(transports);
    acceptTypes = List.copyOf(acceptTypes);
    Objects.requireNonNull(ringTimeout, "ringTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(admission, "admission");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    Objects.requireNonNull(mediaTimeout, "mediaTimeout");
    if (maxPendingInvites < 1) {
      throw new IllegalArgumentException("maxPendingInvites is 1 or more: " + maxPendingInvites);
    }
    if (ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("ackTimeout must be positive: " + ackTimeout);
    }
    if (mediaTimeout.isNegative() || mediaTimeout.isZero()) {
      throw new IllegalArgumentException("mediaTimeout must be positive: " + mediaTimeout);
    }
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("at least one transport");
    }
    if (acceptTypes.isEmpty()) {
      throw new IllegalArgumentException("accept at least one type");
    }
    checkPort(port, "port");
    checkPort(msrpPort, "msrpPort");
    checkPort(tlsPort, "tlsPort");
    if (transports.contains(SipTransport.TLS) && tls == null) {
      throw new IllegalArgumentException("the TLS transport needs key material (tls)");
    }
    if (webSocket != null && webSocket.secure() && tls == null) {
      throw new IllegalArgumentException("SIP over wss needs key material (tls)");
    }
    if (webSocket != null && transports.contains(SipTransport.TLS)) {
      // JAIN-SIP's NIO TLS, which the WebSocket listener needs, cannot check a server's name.
      throw new IllegalArgumentException(
          "the TLS transport and a WebSocket listener do not go together in one agent");
    }
    if (msrpAdvertisedPort != -1) {
      checkPort(msrpAdvertisedPort, "msrpAdvertisedPort");
    }
    if (maxMessageSize < 0) {
      throw new IllegalArgumentException("maxMessageSize cannot be negative");
    }
    if (diskBudget < 0) {
      throw new IllegalArgumentException("diskBudget cannot be negative");
    }
    if (msrpWindow < 0) {
      throw new IllegalArgumentException("msrpWindow is 0 (no bound) or more: " + msrpWindow);
    }
    if (address.user() == null || address.user().isEmpty()) {
      throw new IllegalArgumentException("the address needs a user part: " + address);
    }
  }

  private static void checkPort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " out of range: " + port);
    }
  }

  /** A builder for the address of record {@code address}, e.g. {@code sip:alice@127.0.0.1}. */
  public static Builder builder(String address) {
    return new Builder(SipUri.parse(address));
  }

  /**
   * The realms whose 401/407 challenges the credentials answer: theirs (else the address's domain)
   * and the outbound proxy's host, without case. Empty without credentials.
   */
  public java.util.Set<String> challengeRealms() {
    if (credentials == null) {
      return java.util.Set.of();
    }
    java.util.Set<String> realms = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    realms.add(credentials.realm() != null ? credentials.realm() : address.host());
    if (outboundProxy != null) {
      realms.add(outboundProxy.host());
    }
    return java.util.Collections.unmodifiableSet(realms);
  }

  /** The transport of requests to a target without {@code transport=}. */
  public SipTransport defaultTransport() {
    return transports.get(0);
  }

  /** Builds a {@link SipConfig}. */
  public static final class Builder {
    private final SipUri address;
    private String host = "127.0.0.1";
    private int port;
    private List<SipTransport> transports = List.of(SipTransport.UDP, SipTransport.TCP);
    private SipUri outboundProxy;
    private Credentials credentials;
    private Registration registration;
    private int msrpPort;
    private int msrpAdvertisedPort = -1;
    private List<String> acceptTypes = List.of("*");
    private long maxMessageSize = 16L << 20;
    private boolean sipMessageMode = true;
    private Duration ringTimeout = Duration.ofSeconds(60);
    private String userAgent = "Parley/0.1";
    private MsrpRelay relay;
    private SipTls tls;
    private int tlsPort;
    private SipWebSocket webSocket;
    private long diskBudget = DEFAULT_DISK_BUDGET;
    private int msrpWindow;
    private Admission admission = Admission.OPEN;
    private int maxPendingInvites = DEFAULT_MAX_PENDING_INVITES;
    private Duration ackTimeout = Duration.ofSeconds(32);
    private Duration mediaTimeout = Duration.ofSeconds(30);
    private MsrpKeepAlive msrpKeepAlive = MsrpKeepAlive.DEFAULT;

    private Builder(SipUri address) {
      this.address = address;
    }

    /** The local address SIP and MSRP listen on. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The SIP port; 0 (the default) takes a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The transports, preferred first. */
    public Builder transports(SipTransport... transports) {
      this.transports = List.of(transports);
      return this;
    }

    /** An outbound proxy as a SIP URI, e.g. {@code sip:127.0.0.1:5060;transport=tcp}. */
    public Builder outboundProxy(String uri) {
      this.outboundProxy = uri == null ? null : SipUri.parse(uri);
      return this;
    }

    /** Credentials for the address's domain (and the outbound proxy's host). */
    public Builder credentials(String username, String password) {
      this.credentials = new Credentials(username, password);
      return this;
    }

    /** Credentials answering challenges of {@code realm} (and the outbound proxy's host) only. */
    public Builder credentials(String username, String password, String realm) {
      this.credentials = new Credentials(username, password, realm);
      return this;
    }

    public Builder registration(Registration registration) {
      this.registration = registration;
      return this;
    }

    public Builder msrpPort(int port) {
      this.msrpPort = port;
      return this;
    }

    /** The MSRP port to advertise in SDP, when it differs from the one bound. */
    public Builder msrpAdvertisedPort(int port) {
      this.msrpAdvertisedPort = port;
      return this;
    }

    public Builder acceptTypes(String... types) {
      this.acceptTypes = List.of(types);
      return this;
    }

    public Builder maxMessageSize(long bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    public Builder sipMessageMode(boolean accept) {
      this.sipMessageMode = accept;
      return this;
    }

    public Builder ringTimeout(Duration timeout) {
      this.ringTimeout = timeout;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /** An MSRP relay every session goes through, or null (the default) for direct paths. */
    public Builder relay(MsrpRelay relay) {
      this.relay = relay;
      return this;
    }

    /** Key material and trust for {@link SipTransport#TLS}; required when TLS is a transport. */
    public Builder tls(SipTls tls) {
      this.tls = tls;
      return this;
    }

    /**
     * The TLS port when TCP is a transport too (TCP takes {@link #port}); 0 (the default) takes a
     * free one. Without TCP, TLS listens on {@link #port} and this is ignored.
     */
    public Builder tlsPort(int port) {
      this.tlsPort = port;
      return this;
    }

    /**
     * The bytes all received files may take on disk together ({@link #DEFAULT_DISK_BUDGET} unless
     * set); {@code Long.MAX_VALUE} for no limit.
     */
    public Builder diskBudget(long bytes) {
      this.diskBudget = bytes;
      return this;
    }

    /** MSRP chunks sent and not yet answered at most (see {@link SipConfig}); 0: no bound. */
    public Builder msrpWindow(int chunks) {
      this.msrpWindow = chunks;
      return this;
    }

    /** Who may start a session or send a MESSAGE ({@link Admission#OPEN} unless set). */
    public Builder admission(Admission admission) {
      this.admission = admission;
      return this;
    }

    /**
     * Incoming INVITEs being set up at once; beyond, 503 with Retry-After (see {@link SipConfig}).
     */
    public Builder maxPendingInvites(int invites) {
      this.maxPendingInvites = invites;
      return this;
    }

    /** How long a 2xx to an incoming INVITE waits for its ACK (32 s unless set). */
    public Builder ackTimeout(Duration timeout) {
      this.ackTimeout = timeout;
      return this;
    }

    /** How long after the ACK a session waits for the peer's MSRP connection (30 s unless set). */
    public Builder mediaTimeout(Duration timeout) {
      this.mediaTimeout = timeout;
      return this;
    }

    /**
     * How MSRP sessions notice a peer that stopped responding ({@link MsrpKeepAlive#DEFAULT} unless
     * set); null sends no keep-alives.
     */
    public Builder msrpKeepAlive(MsrpKeepAlive keepAlive) {
      this.msrpKeepAlive = keepAlive;
      return this;
    }

    /** Listens for SIP over WebSocket too (RFC 7118; see {@link SipWebSocket}); null: not. */
    public Builder webSocket(SipWebSocket webSocket) {
      this.webSocket = webSocket;
      return this;
    }

    public SipConfig build() {
      return new SipConfig(
          address,
          host,
          port,
          transports,
          outboundProxy,
          credentials,
          registration,
          msrpPort,
          msrpAdvertisedPort,
          acceptTypes,
          maxMessageSize,
          sipMessageMode,
          ringTimeout,
          userAgent,
          relay,
          tls,
          tlsPort,
          diskBudget,
          msrpWindow,
          admission,
          maxPendingInvites,
          ackTimeout,
          mediaTimeout,
          msrpKeepAlive,
          webSocket);
    }
  }
}
