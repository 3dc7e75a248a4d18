package org.parley.msrp;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An MSRP URI (RFC 4975 §6): {@code msrp://alice@host:port/session-id;tcp}.
 *
 * <pre>
 * MSRP-URI      = msrp-scheme "://" authority ["/" session-id] ";" transport *( ";" URI-parameter)
 * msrp-scheme   = "msrp" / "msrps"
 * session-id    = 1*( unreserved / "+" / "=" / "/" )
 * transport     = "tcp" / 1*ALPHANUM
 * URI-parameter = token ["=" token]
 * </pre>
 *
 * <p>Immutable. {@link #equals} follows RFC 4975 §6.1: scheme, host and transport compare without
 * case, IP addresses by value, the session-id with case; a URI with a port never equals one
 * without; userinfo and other parameters are not compared. {@link #toString} writes the URI as it
 * was parsed or built.
 */
public final class MsrpUri {
  private final boolean secure;
  private final @Nullable String userinfo;

  /** Host and session-id are cut from {@link #source} on first use (offsets, or -1). */
  private @Nullable String host;

  private final int hostFrom;
  private final int hostTo;
  private final int port;
  private @Nullable String sessionId;
  private final int sidFrom;
  private final int sidTo;
  private final String transport;
  private final List<String> parameters;

  /** The text the URI was parsed from (maybe a whole header value) and its place in it. */
  private final @Nullable String source;

  private final int sourceFrom;
  private final int sourceTo;
  private @Nullable String text;
  private @Nullable String hostKey;

  MsrpUri(
      boolean secure,
      @Nullable String userinfo,
      @Nullable String host,
      int hostFrom,
      int hostTo,
      int port,
      @Nullable String sessionId,
      int sidFrom,
      int sidTo,
      String transport,
      List<String> parameters,
      @Nullable String source,
      int sourceFrom,
      int sourceTo) {
    this.secure = secure;
    this.userinfo = userinfo;
    this.host = host;
    this.hostFrom = hostFrom;
    this.hostTo = hostTo;
    this.port = port;
    this.sessionId = sessionId;
    this.sidFrom = sidFrom;
    this.sidTo = sidTo;
    this.transport = transport;
    this.parameters = parameters;
    this.source = source;
    this.sourceFrom = sourceFrom;
    this.sourceTo = sourceTo;
  }

  /**
   * Parses an MSRP URI.
   *
   * @throws MsrpSyntaxException naming the rule broken and the offset in {@code text}
   */
  public static MsrpUri parse(CharSequence text) {
    String t = text.toString();
    return MsrpUriParser.parse(t, 0, t.length());
  }

  /** A builder for a URI with the given host; defaults are {@code msrp}, no port, {@code tcp}. */
  public static Builder builder(String host) {
    return new Builder(host);
  }

  /** {@code true} for {@code msrps} (TLS). */
  public boolean secure() {
    return secure;
  }

  /** {@code "msrp"} or {@code "msrps"}. */
  public String scheme() {
    return secure ? "msrps" : "msrp";
  }

  /** The userinfo, or {@code null}. */
  public @Nullable String userinfo() {
    return userinfo;
  }

  /** The host as written: a name, an IPv4 address, or an IPv6 reference with its brackets. */
  public String host() {
    String h = host;
    if (h == null) {
      h = Objects.requireNonNull(source).substring(hostFrom, hostTo); // parsed: host cut lazily
      host = h;
    }
    return h;
  }

  /** The port, or {@code -1} when the URI has none. */
  public int port() {
    return port;
  }

  /** {@code true} when the URI has an explicit port. */
  public boolean hasPort() {
    return port >= 0;
  }

  /** The session-id, or {@code null} (a relay's URI may have none). */
  public @Nullable String sessionId() {
    String id = sessionId;
    if (id == null && sidFrom >= 0) {
      id = Objects.requireNonNull(source).substring(sidFrom, sidTo);
      sessionId = id;
    }
    return id;
  }

  /** The transport parameter, as written ({@code tcp}, {@code ws}, …). */
  public String transport() {
    return transport;
  }

  /** Parameters after the transport, each {@code name} or {@code name=value}, in order. */
  public List<String> parameters() {
    return parameters;
  }

  /** A builder holding this URI's parts. */
  public Builder toBuilder() {
    Builder b = new Builder(host());
    b.secure = secure;
    b.userinfo = userinfo;
    b.port = port;
    b.sessionId = sessionId();
    b.transport = transport;
    b.parameters = parameters;
    return b;
  }

  /**
   * RFC 4975 §6.1 comparison.
   *
   * @see MsrpUri
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MsrpUri)) {
      return false;
    }
    MsrpUri u = (MsrpUri) o;
    return secure == u.secure
        && port == u.port
        && Objects.equals(sessionId(), u.sessionId())
        && transport.equalsIgnoreCase(u.transport)
        && hostKey().equals(u.hostKey());
  }

  @Override
  public int hashCode() {
    int h = Boolean.hashCode(secure);
    h = 31 * h + port;
    h = 31 * h + Objects.hashCode(sessionId());
    h = 31 * h + transport.toLowerCase(Locale.ROOT).hashCode();
    return 31 * h + hostKey().hashCode();
  }

  private String hostKey() {
    String k = hostKey;
    if (k == null) {
      k = MsrpUriParser.hostKey(host());
      hostKey = k;
    }
    return k;
  }

  @Override
  public String toString() {
    String t = text;
    if (t == null && source != null) {
      t =
          sourceFrom == 0 && sourceTo == source.length()
              ? source
              : source.substring(sourceFrom, sourceTo);
      text = t;
    } else if (t == null) {
      StringBuilder sb = new StringBuilder(48).append(scheme()).append("://");
      if (userinfo != null) {
        sb.append(userinfo).append('@');
      }
      sb.append(host);
      if (port >= 0) {
        sb.append(':').append(port);
      }
      if (sessionId != null) {
        sb.append('/').append(sessionId);
      }
      sb.append(';').append(transport);
      for (String p : parameters) {
        sb.append(';').append(p);
      }
      t = sb.toString();
      text = t;
    }
    return t;
  }

  /** Builds a URI from parts; {@link #build} checks each part against RFC 4975 §6. */
  public static final class Builder {
    private boolean secure;
    private @Nullable String userinfo;
    private String host;
    private int port = -1;
    private @Nullable String sessionId;
    private String transport = "tcp";
    private List<String> parameters = List.of();

    private Builder(String host) {
      this.host = host;
    }

    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    public Builder userinfo(@Nullable String userinfo) {
      this.userinfo = userinfo;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port, or -1 for none. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder sessionId(@Nullable String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    public Builder transport(String transport) {
      this.transport = transport;
      return this;
    }

    public Builder parameters(List<String> parameters) {
      this.parameters = List.copyOf(parameters);
      return this;
    }

    /**
     * The URI.
     *
     * @throws MsrpSyntaxException when a part breaks its rule; the offset is in the URI's text
     */
    public MsrpUri build() {
      if (port < -1 || port > 65535) {
        throw new MsrpSyntaxException(MsrpRule.PORT, 0, "port " + port + " is out of range");
      }
      if (userinfo != null && userinfo.indexOf('@') >= 0) {
        throw new MsrpSyntaxException(MsrpRule.USERINFO, userinfo.indexOf('@'), "'@' in userinfo");
      }
      MsrpUri draft =
          new MsrpUri(
              secure,
              userinfo,
              Objects.requireNonNull(host, "host"),
              -1,
              -1,
              port,
              sessionId,
              -1,
              -1,
              Objects.requireNonNull(transport, "transport"),
              parameters,
              null,
              0,
              0);
      // Parsing the written form checks every part with one parser; a part that holds a
      // delimiter comes back split differently, which is refused.
      MsrpUri parsed = parse(draft.toString());
      if (!Objects.equals(parsed.userinfo, userinfo)) {
        throw new MsrpSyntaxException(MsrpRule.USERINFO, 0, "not a valid userinfo: " + userinfo);
      }
      if (!parsed.host().equals(host) || parsed.port != port) {
        throw new MsrpSyntaxException(MsrpRule.HOST, 0, "not a valid host: " + host);
      }
      if (!Objects.equals(parsed.sessionId(), sessionId)) {
        throw new MsrpSyntaxException(
            MsrpRule.SESSION_ID, 0, "not a valid session-id: " + sessionId);
      }
      if (!parsed.transport.equals(transport)) {
        throw new MsrpSyntaxException(MsrpRule.TRANSPORT, 0, "not a valid transport: " + transport);
      }
      if (!parsed.parameters.equals(parameters)) {
        throw new MsrpSyntaxException(
            MsrpRule.URI_PARAMETER, 0, "not valid URI parameters: " + parameters);
      }
      return parsed;
    }
  }
}
