package org.parley.sdp.offeranswer;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.sdp.AcceptType;
import org.parley.sdp.Chatroom;
import org.parley.sdp.Direction;
import org.parley.sdp.MessageTransport;
import org.parley.sdp.Setup;
import org.parley.sdp.SipUri;

/**
 * What this end can do for a message stream; immutable, built with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>transport</td><td>TCP/MSRP</td><td>The one MSRP transport offered and accepted.</td></tr>
 *   <tr><td>path</td><td>none</td><td>{@code a=path}: relays first, this end's own URI last.
 *       Required for MSRP.</td></tr>
 *   <tr><td>acceptTypes</td><td>{@code *}</td><td>Types this end receives.</td></tr>
 *   <tr><td>acceptWrappedTypes</td><td>none</td><td>Types it receives inside a wrapper such as
 *       message/cpim.</td></tr>
 *   <tr><td>maxSize</td><td>none</td><td>{@code a=max-size}: the largest message it takes.</td></tr>
 *   <tr><td>setup</td><td>ACTPASS</td><td>ACTIVE: can only connect (behind NAT, WebSocket
 *       client); PASSIVE: can only listen; ACTPASS: either.</td></tr>
 *   <tr><td>fingerprints</td><td>none</td><td>{@code a=fingerprint} of this end's TLS
 *       certificate.</td></tr>
 *   <tr><td>cema</td><td>false</td><td>Supports RFC 6714's {@code a=msrp-cema}.</td></tr>
 *   <tr><td>chatroom</td><td>none</td><td>{@code a=chatroom} tokens (RFC 7701).</td></tr>
 *   <tr><td>direction</td><td>sendrecv</td><td>Whether this end sends and receives.</td></tr>
 *   <tr><td>host, port</td><td>from the path's first URI</td><td>{@code c=} address and {@code
 *       m=} port.</td></tr>
 *   <tr><td>sipUri</td><td>none</td><td>This end's SIP URI for the 2001 form; without it, such
 *       streams are refused.</td></tr>
 *   <tr><td>originUsername, sessionId</td><td>{@code -}, random</td><td>The {@code o=}
 *       line.</td></tr>
 * </table>
 */
public final class LocalCapabilities {
  private final MessageTransport transport;
  private final List<MsrpUri> path;
  private final List<AcceptType> acceptTypes;
  private final List<AcceptType> acceptWrappedTypes;
  private final OptionalLong maxSize;
  private final Setup setup;
  private final List<Fingerprint> fingerprints;
  private final boolean cema;
  private final Chatroom chatroom;
  private final Direction direction;
  private final String host;
  private final int port;
  private final SipUri sipUri;
  private final String originUsername;
  private final String sessionId;

  private LocalCapabilities(Builder b) {
    this.transport = b.transport;
    this.path = b.path;
    this.acceptTypes = b.acceptTypes;
    this.acceptWrappedTypes = b.acceptWrappedTypes;
    this.maxSize = b.maxSize;
    this.setup = b.setup;
    this.fingerprints = b.fingerprints;
    this.cema = b.cema;
    this.chatroom = b.chatroom;
    this.direction = b.direction;
    this.host = b.host;
    this.port = b.port;
    this.sipUri = b.sipUri;
    this.originUsername = b.originUsername;
    this.sessionId = b.sessionId;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.transport = transport;
    b.path = path;
    b.acceptTypes = acceptTypes;
    b.acceptWrappedTypes = acceptWrappedTypes;
    b.maxSize = maxSize;
    b.setup = setup;
    b.fingerprints = fingerprints;
    b.cema = cema;
    b.chatroom = chatroom;
    b.direction = direction;
    b.host = host;
    b.port = port;
    b.sipUri = sipUri;
    b.originUsername = originUsername;
    b.sessionId = sessionId;
    return b;
  }

  public MessageTransport transport() {
    return transport;
  }

  public List<MsrpUri> path() {
    return path;
  }

  public List<AcceptType> acceptTypes() {
    return acceptTypes;
  }

  public List<AcceptType> acceptWrappedTypes() {
    return acceptWrappedTypes;
  }

  public OptionalLong maxSize() {
    return maxSize;
  }

  public Setup setup() {
    return setup;
  }

  public List<Fingerprint> fingerprints() {
    return fingerprints;
  }

  public boolean cema() {
    return cema;
  }

  /** The chatroom tokens, or {@code null}. */
  public Chatroom chatroom() {
    return chatroom;
  }

  public Direction direction() {
    return direction;
  }

  /** The {@code c=} host: as set, else the host of the path's first URI (or of the SIP URI). */
  public String host() {
    if (host != null) {
      return host;
    }
    if (!path.isEmpty()) {
      return path.get(0).host();
    }
    return sipUri != null ? sipUri.host() : "0.0.0.0";
  }

  /** The {@code m=} port: as set, else the port of the path's first URI (or of the SIP URI). */
  public int port() {
    if (port >= 0) {
      return port;
    }
    if (!path.isEmpty() && path.get(0).hasPort()) {
      return path.get(0).port();
    }
    return sipUri != null ? sipUri.portOrDefault() : 9;
  }

  /** This end's SIP URI for the 2001 form, or {@code null}. */
  public SipUri sipUri() {
    return sipUri;
  }

  public String originUsername() {
    return originUsername;
  }

  public String sessionId() {
    return sessionId;
  }

  /** Sets up {@link LocalCapabilities}; see the class's table for defaults. */
  public static final class Builder {
    private MessageTransport transport = MessageTransport.TCP_MSRP;
    private List<MsrpUri> path = List.of();
    private List<AcceptType> acceptTypes = List.of(AcceptType.ANY);
    private List<AcceptType> acceptWrappedTypes = List.of();
    private OptionalLong maxSize = OptionalLong.empty();
    private Setup setup = Setup.ACTPASS;
    private List<Fingerprint> fingerprints = List.of();
    private boolean cema;
    private Chatroom chatroom;
    private Direction direction = Direction.SENDRECV;
    private String host;
    private int port = -1;
    private SipUri sipUri;
    private String originUsername = "-";
    private String sessionId = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40));

    private Builder() {}

    /** The MSRP transport; {@link MessageTransport#SIP} makes offers in the 2001 form. */
    public Builder transport(MessageTransport transport) {
      this.transport = Objects.requireNonNull(transport);
      return this;
    }

    /** {@code a=path}: relays first, this end's URI last. */
    public Builder path(List<MsrpUri> path) {
      this.path = List.copyOf(path);
      return this;
    }

    /** The path from MSRP URI texts. */
    public Builder path(String... uris) {
      MsrpUri[] parsed = new MsrpUri[uris.length];
      for (int i = 0; i < uris.length; i++) {
        parsed[i] = MsrpUri.parse(uris[i]);
      }
      return path(List.of(parsed));
    }

    /** Accepted types, most preferred first; e.g. {@code "message/cpim", "text/plain"}. */
    public Builder acceptTypes(String... types) {
      this.acceptTypes = parse(types);
      return this;
    }

    /** Types accepted inside a wrapper. */
    public Builder acceptWrappedTypes(String... types) {
      this.acceptWrappedTypes = parse(types);
      return this;
    }

    private static List<AcceptType> parse(String... types) {
      AcceptType[] out = new AcceptType[types.length];
      for (int i = 0; i < types.length; i++) {
        out[i] = AcceptType.parse(types[i]);
      }
      return List.of(out);
    }

    public Builder maxSize(long octets) {
      if (octets < 0) {
        throw new IllegalArgumentException("max-size cannot be negative: " + octets);
      }
      this.maxSize = OptionalLong.of(octets);
      return this;
    }

    /** ACTIVE, PASSIVE or ACTPASS; HOLDCONN is not valid for MSRP (RFC 6135). */
    public Builder setup(Setup setup) {
      if (setup == Setup.HOLDCONN) {
        throw new IllegalArgumentException("holdconn is not valid for MSRP (RFC 6135)");
      }
      this.setup = Objects.requireNonNull(setup);
      return this;
    }

    public Builder fingerprints(List<Fingerprint> fingerprints) {
      this.fingerprints = List.copyOf(fingerprints);
      return this;
    }

    public Builder cema(boolean cema) {
      this.cema = cema;
      return this;
    }

    public Builder chatroom(Chatroom chatroom) {
      this.chatroom = chatroom;
      return this;
    }

    public Builder direction(Direction direction) {
      this.direction = Objects.requireNonNull(direction);
      return this;
    }

    /** The {@code c=} host (default: the path's first URI). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The {@code m=} port (default: the path's first URI). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** This end's SIP URI for the 2001 form. */
    public Builder sipUri(SipUri sipUri) {
      this.sipUri = sipUri;
      return this;
    }

    public Builder originUsername(String originUsername) {
      this.originUsername = Objects.requireNonNull(originUsername);
      return this;
    }

    /** The {@code o=} sess-id, decimal digits. */
    public Builder sessionId(String sessionId) {
      this.sessionId = Objects.requireNonNull(sessionId);
      return this;
    }

    /**
     * The capabilities.
     *
     * @throws IllegalStateException when an MSRP transport has no path or no accepted type, the
     *     path's scheme does not match the transport, or the 2001 form has no SIP URI
     */
    public LocalCapabilities build() {
      if (transport.msrp()) {
        if (path.isEmpty()) {
          throw new IllegalStateException("an MSRP transport needs a path");
        }
        if (path.get(path.size() - 1).secure() != transport.tls()) {
          throw new IllegalStateException(
              "the path's scheme "
                  + path.get(path.size() - 1).scheme()
                  + " does not fit "
                  + transport.proto());
        }
      } else if (sipUri == null) {
        throw new IllegalStateException("the 2001 form needs a SIP URI");
      }
      if (acceptTypes.isEmpty()) {
        throw new IllegalStateException("accept at least one type");
      }
      return new LocalCapabilities(this);
    }
  }
}
