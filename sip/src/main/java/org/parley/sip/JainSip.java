package org.parley.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.atomic.AtomicLong;
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
import org.parley.sdp.SipUri;

/**
 * Everything JAIN-SIP: one stack per agent (made directly, not through the process-wide {@code
 * SipFactory}), its provider with a listening point per transport on one port, the factories, and
 * the building of requests. The rest of the module speaks to JAIN-SIP only through here and through
 * the {@code javax.sip} interfaces.
 */
final class JainSip {
  private static final AtomicLong STACKS = new AtomicLong();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PORT_TRIES = 20;

  final SipStackImpl stack;
  final SipProvider provider;
  final MessageFactory messages = new MessageFactoryImpl();
  final HeaderFactory headers = new HeaderFactoryImpl();
  final AddressFactory addresses = new AddressFactoryImpl();
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
    p.setProperty("javax.sip.STACK_NAME", "parley-" + STACKS.incrementAndGet());
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
          bare(proxy.host()) + ":" + proxy.portOrDefault() + "/" + proxy.transport());
    }
    SipStackImpl stack;
    try {
      stack = new SipStackImpl(p);
    } catch (PeerUnavailableException e) {
      throw new SipFailure(SipFailure.Kind.UNREACHABLE, 0, "cannot make a SIP stack", e);
    }
    Exception last = null;
    for (int i = 0; i < (config.port() == 0 ? PORT_TRIES : 1); i++) {
      List<ListeningPoint> points = new ArrayList<>();
      try {
        int port = config.port() != 0 ? config.port() : freePort(config.host());
        for (SipTransport t : config.transports()) {
          points.add(stack.createListeningPoint(config.host(), port, t.token()));
        }
        SipProvider provider = stack.createSipProvider(points.get(0));
        for (int k = 1; k < points.size(); k++) {
          provider.addListeningPoint(points.get(k));
        }
        provider.addSipListener(listener);
        stack.start();
        return new JainSip(config, stack, provider, port);
      } catch (IOException
          | InvalidArgumentException
          | TooManyListenersException
          | SipException e) {
        last = e;
        for (ListeningPoint lp : points) {
          try {
            stack.deleteListeningPoint(lp);
          } catch (ObjectInUseException ignored) {
            // attached to a provider: stopping the stack releases it
          }
        }
      }
    }
    stack.stop();
    throw new SipFailure(
        SipFailure.Kind.UNREACHABLE,
        0,
        "cannot listen on " + config.host() + ":" + config.port(),
        last);
  }

  /** A port free for both TCP and UDP at the moment (JAIN-SIP cannot bind port 0 itself). */
  private static int freePort(String host) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    for (int i = 0; i < PORT_TRIES; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, address)) {
        port = s.getLocalPort();
      }
      try (DatagramSocket d = new DatagramSocket(port, address)) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no port free for both TCP and UDP on " + host);
  }

  static String bare(String host) {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
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
    stack.stop();
  }

  String host() {
    return config.host();
  }

  /** A random token: tags, Call-IDs, branch-free identifiers. */
  static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
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
    String t = target.getTransportParam();
    return t == null ? SipTransport.UDP : SipTransport.of(t);
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
