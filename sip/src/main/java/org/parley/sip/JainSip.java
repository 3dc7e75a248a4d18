package org.parley.sip;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.PeerUnavailableException;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.parley.msrp.Hosts;
import org.parley.sdp.SipUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything JAIN-SIP: one stack per agent (made directly, not through the process-wide {@code
 * SipFactory}), its provider with a listening point per transport on one port, the factories, and
 * the building of requests. The rest of the module speaks to JAIN-SIP only through here and through
 * the {@code javax.sip} interfaces.
 */
final class JainSip {
  private static final Logger LOG = LoggerFactory.getLogger(JainSip.class);
  private static final AtomicLong STACKS = new AtomicLong();
  private static final int STOP_TRIES = 3;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** TLS contexts waiting for their stack's network layer, by stack name (during construction). */
  private static final Map<String, SSLContext> TLS_CONTEXTS = new ConcurrentHashMap<>();

  final SipStackImpl stack;
  final SipProvider provider;
  final MessageFactory messages = new MessageFactoryImpl();
  final HeaderFactory headers = new HeaderFactoryImpl();
  final AddressFactory addresses = new AddressFactoryImpl();
  final WebSocketRoutes webSocketRoutes = new WebSocketRoutes(addresses, headers);
  final SipConfig config;
  final int port;

  private JainSip(SipConfig config, SipStackImpl stack, SipProvider provider, int port) {
    this.config = config;
    this.stack = stack;
    this.provider = provider;
    this.port = port;
  }

  /**
   * Starts a stack listening on the configured host and port (a free port, the same for every
   * transport, when the port is 0: JAIN-SIP refuses port 0).
   *
   * @throws SipFailure (UNREACHABLE) when it cannot listen
   */
  static JainSip start(SipConfig config, SipListener listener) {
    Properties p = new Properties();
    String name = "parley-" + STACKS.incrementAndGet();
    p.setProperty("javax.sip.STACK_NAME", name);
    p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
    p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
    p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
    p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
    // A few threads take UDP datagrams (the default is a new thread per datagram).
    p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
    // A bound on what one TCP peer may make the stack buffer for one message.
    p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(1 << 20));
    if (config.outboundProxy() != null) {
      SipUri proxy = config.outboundProxy();
      p.setProperty(
          "javax.sip.OUTBOUND_PROXY",
          Hosts.unbracketed(proxy.host()) + ":" + proxy.portOrDefault() + "/" + proxy.transport());
    }
    boolean tls = config.transports().contains(SipTransport.TLS);
    SipWebSocket ws = config.webSocket();
    if (ws != null) {
      ws.configure(p, name, config.tls());
    }
    // Our own sockets: connects with a time-out whose failure is kept for the words of the error
    // (the RI's own message says only "Could not connect"), and TLS from an SSLContext.
    p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", SocketLayer.class.getName());
    if (tls) {
      SSLContext context = config.tls().context();
      // The RI would build its TLS sockets from javax.net.ssl.* key store paths (stack
      // properties); our own network layer takes an SSLContext instead, handed over by stack name.
      p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
      p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2");
      // The RI's default suites are RSA-only and dated; take the JDK's defaults (EC keys work).
      p.setProperty(
          "gov.nist.javax.sip.ENABLED_CIPHER_SUITES",
          String.join(",", context.getDefaultSSLParameters().getCipherSuites()));
      TLS_CONTEXTS.put(name, context);
    }
    SipStackImpl stack;
    try {
      stack = new SipStackImpl(p);
    } catch (PeerUnavailableException e) {
      throw new SipFailure(SipFailure.Kind.UNREACHABLE, 0, "cannot make a SIP stack", e);
    } finally {
      TLS_CONTEXTS.remove(name);
      TlsManagers.withdraw(name);
    }
    Exception last = null;
    // Asked before JAIN-SIP holds any of them: its own errors do not say which port is taken.
    String taken = SipPorts.busy(config);
    for (int i = 0; i < (config.port() == 0 ? SipPorts.TRIES : 1); i++) {
      List<ListeningPoint> points = new ArrayList<>();
      try {
        int port = config.port() != 0 ? config.port() : SipPorts.freePort(config.host());
        int tlsPort = port;
        if (tls && config.transports().contains(SipTransport.TCP)) {
          tlsPort = config.tlsPort() != 0 ? config.tlsPort() : SipPorts.freeTcpPort(config.host());
        }
        for (SipTransport t : config.transports()) {
          int p1 = t == SipTransport.TLS ? tlsPort : port;
          points.add(stack.createListeningPoint(config.host(), p1, t.token()));
        }
        if (ws != null) {
          int wsPort = ws.port() != 0 ? ws.port() : SipPorts.freeTcpPort(config.host());
          points.add(
              stack.createListeningPoint(
                  config.host(), wsPort, ws.token().toUpperCase(Locale.ROOT)));
        }
        SipProvider provider = stack.createSipProvider(points.get(0));
        for (int k = 1; k < points.size(); k++) {
          provider.addListeningPoint(points.get(k));
        }
        provider.addSipListener(listener);
        stack.start();
        return new JainSip(
            config,
            stack,
            provider,
            config.defaultTransport() == SipTransport.TLS ? tlsPort : port);
      } catch (IOException
          | InvalidArgumentException
          | TooManyListenersException
          | SipException
          | RuntimeException e) { // JAIN-SIP fails a TCP bind with a NullPointerException
        last = e;
        for (ListeningPoint lp : points) {
          try {
            stack.deleteListeningPoint(lp);
          } catch (ObjectInUseException ignored) {
            // attached to a provider: stopping the stack releases it
          } catch (RuntimeException ignored) {
            // JAIN-SIP's TCP processor whose bind failed throws on close: nothing to release
          }
        }
      }
    }
    try {
      stack.stop();
    } catch (RuntimeException e) {
      // JAIN-SIP's TCP processor whose bind failed throws on close: nothing is left to stop
    }
    throw new SipFailure(
        SipFailure.Kind.UNREACHABLE,
        0,
        "cannot listen on " + config.host() + ":" + config.port() + taken,
        last);
  }

  /**
   * Stops the stack and its provider. The provider is deleted first: that is what stops its
   * event-scanner thread, which {@code stop()} alone leaves running (and keeps a JVM alive).
   */
  void stop() {
    try {
      stack.deleteSipProvider(provider);
    } catch (ObjectInUseException e) {
      // still in use: stopping the stack below releases what it can
    }
    stopRetrying(stack::stop, STOP_TRIES);
  }

  /**
   * Runs a stack's {@code stop} until it returns, at most {@code tries} times; true when it
   * returned. The RI's UDP processor closes its socket and then walks its channel list while the
   * channels' threads, seeing the socket closed, take themselves off it: the walk can fail with a
   * ConcurrentModificationException. The stack has dropped that processor from its own list by
   * then, so stopping again stops the rest (other processors, timer, thread pools).
   */
  static boolean stopRetrying(Runnable stop, int tries) {
    for (int i = 1; i <= tries; i++) {
      try {
        stop.run();
        return true;
      } catch (RuntimeException e) {
        LOG.debug("SIP stack stop failed (try {} of {}): {}", i, tries, e.toString());
      }
    }
    LOG.warn("SIP stack did not stop cleanly after {} tries", tries);
    return false;
  }

  String host() {
    return config.host();
  }

  /** The port of the SIP-over-WebSocket listener, or -1 without one. */
  int webSocketPort() {
    SipWebSocket ws = config.webSocket();
    if (ws == null) {
      return -1;
    }
    for (ListeningPoint lp : provider.getListeningPoints()) {
      if (lp.getTransport().equalsIgnoreCase(ws.token())) {
        return lp.getPort();
      }
    }
    return -1;
  }

  /**
   * Why the last connect on this thread failed, or null: the RI connects on the thread that sends a
   * request, and its own error says only "Could not connect to" the address ({@link
   * #connectFailure}).
   */
  private static final ThreadLocal<IOException> CONNECT_FAILURE = new ThreadLocal<>();

  /**
   * Takes (and forgets) the reason the last TCP or TLS connect on this thread failed: connection
   * refused, no route, no answer within the connect time-out; null when none failed since the last
   * call.
   */
  static IOException connectFailure() {
    IOException e = CONNECT_FAILURE.get();
    CONNECT_FAILURE.remove();
    return e;
  }

  /**
   * The stack's sockets: plain ones as the RI's default layer makes them but with a connect
   * time-out and the reason a connect failed kept ({@link #connectFailure}), TLS ones from the
   * agent's own {@link SSLContext} (no key store files, no {@code javax.net.ssl.*} properties).
   * Public only because the RI instantiates it by class name.
   */
  public static final class SocketLayer implements NetworkLayer {
    private static final int CONNECT_TIMEOUT_MS = 8000;
    private SSLContext context;

    public SocketLayer() {}

    @Override
    public void setSipStack(SipStackImpl stack) {
      context = TLS_CONTEXTS.get(stack.getStackName()); // null without TLS
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bind)
        throws IOException {
      return new ServerSocket(port, backlog, bind);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bind)
        throws IOException {
      if (context == null) {
        throw new IOException("this agent has no TLS transport");
      }
      return (SSLServerSocket)
          context.getServerSocketFactory().createServerSocket(port, backlog, bind);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
      return createSocket(address, port, null, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local)
        throws IOException {
      return createSocket(address, port, local, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
        throws IOException {
      Socket s = new Socket();
      return connect(s, address, port, local, localPort);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
      return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress local)
        throws IOException {
      if (context == null) {
        throw new IOException("this agent has no TLS transport");
      }
      SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
      return (SSLSocket) connect(s, address, port, local, 0);
    }

    private static Socket connect(
        Socket s, InetAddress address, int port, InetAddress local, int localPort)
        throws IOException {
      try {
        if (local != null || localPort != 0) {
          s.bind(new InetSocketAddress(local, localPort));
        }
        s.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
        return s;
      } catch (IOException e) {
        CONNECT_FAILURE.set(e);
        s.close();
        throw e;
      }
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
      return new DatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress bind) throws SocketException {
      return new DatagramSocket(port, bind);
    }
  }

  /** A random token: tags, Call-IDs, branch-free identifiers. */
  static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The Call-ID of a request. */
  static String callId(Request r) {
    return ((javax.sip.header.CallIdHeader) r.getHeader(javax.sip.header.CallIdHeader.NAME))
        .getCallId();
  }

  /** The top Via's branch of a request: its retransmissions carry the same. */
  static String branch(Request r) {
    return String.valueOf(((ViaHeader) r.getHeader(ViaHeader.NAME)).getBranch());
  }

  /** The To tag of a request, or null (a request outside a dialog). */
  static String toTag(Request r) {
    javax.sip.header.ToHeader to =
        (javax.sip.header.ToHeader) r.getHeader(javax.sip.header.ToHeader.NAME);
    return to == null ? null : to.getTag();
  }

  /**
   * The URI to send to: parsed by JAIN-SIP, its {@code ?headers} removed (RFC 3261 §19.1.5), and
   * {@code transport=} set when the agent's default transport is not UDP and the URI names none.
   *
   * @throws IllegalArgumentException when the text is not a SIP URI
   */
  SipURI target(String text) {
    URI uri;
    try {
      uri = addresses.createURI(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a SIP URI: " + text + " (" + e.getMessage() + ")");
    }
    if (!(uri instanceof SipURI)) {
      throw new IllegalArgumentException("not a SIP URI: " + text);
    }
    SipURI sip = (SipURI) uri;
    if (sip instanceof gov.nist.javax.sip.address.SipUri) {
      ((gov.nist.javax.sip.address.SipUri) sip).removeHeaders();
    }
    if (sip.getTransportParam() == null && config.defaultTransport() != SipTransport.UDP) {
      try {
        sip.setTransportParam(config.defaultTransport().token());
      } catch (ParseException e) {
        throw new IllegalStateException(e);
      }
    }
    return sip;
  }

  /** The transport of the first hop towards {@code target}: the proxy's, else the URI's. */
  SipTransport hopTransport(SipURI target) {
    if (config.outboundProxy() != null) {
      return SipTransport.of(config.outboundProxy().transport());
    }
    return SipTransport.ofHop(target.getTransportParam());
  }

  /** An address for a URI text, as From and To carry. */
  Address address(String uri) {
    try {
      URI u = addresses.createURI(uri);
      if (u instanceof gov.nist.javax.sip.address.SipUri) {
        ((gov.nist.javax.sip.address.SipUri) u).removeHeaders();
      }
      return addresses.createAddress(u);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a URI: " + uri, e);
    }
  }

  /** This agent's Contact: {@code <sip:user@host:port;transport=...>}. */
  ContactHeader contact() {
    try {
      SipURI uri = addresses.createSipURI(config.address().user(), host());
      uri.setPort(port);
      if (config.defaultTransport() != SipTransport.UDP) {
        uri.setTransportParam(config.defaultTransport().token());
      }
      return headers.createContactHeader(addresses.createAddress(uri));
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A request outside any dialog, with the usual headers: Via (its branch and transport are set
   * when sent), Max-Forwards 70, User-Agent, and a body when {@code contentType} is not null.
   */
  Request request(
      String method,
      URI requestUri,
      Address from,
      String fromTag,
      Address to,
      String callId,
      long cseq,
      String contentType,
      byte[] body) {
    try {
      ViaHeader via =
          headers.createViaHeader(host(), port, config.defaultTransport().token(), null);
      via.setRPort();
      List<ViaHeader> vias = new ArrayList<>(1);
      vias.add(via);
      Request r =
          messages.createRequest(
              requestUri,
              method,
              headers.createCallIdHeader(callId),
              headers.createCSeqHeader(cseq, method),
              headers.createFromHeader(from, fromTag),
              headers.createToHeader(to, null),
              vias,
              headers.createMaxForwardsHeader(70));
      r.addHeader(headers.createUserAgentHeader(List.of(config.userAgent())));
      if (contentType != null) {
        r.setContent(body, contentType(contentType));
      }
      return r;
    } catch (ParseException | InvalidArgumentException e) {
      throw new IllegalArgumentException("cannot build " + method + ": " + e.getMessage(), e);
    }
  }

  /** A Content-Type header from its text, e.g. {@code text/plain;charset=UTF-8}. */
  ContentTypeHeader contentType(String text) throws ParseException {
    return (ContentTypeHeader) headers.createHeader(ContentTypeHeader.NAME, text);
  }
}
