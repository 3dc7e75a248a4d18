package org.parley.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SIP or SIPS URI (RFC 3261 §19.1), as the 2001 form of message sessions puts it in the format of
 * {@code m=message <port> sip <SIP-URI>}: the URI, not the port, says where messages go.
 *
 * <pre>
 * SIP-URI        = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 * userinfo       = user [ ":" password ] "@"
 * hostport       = host [ ":" port ]
 * uri-parameters = *( ";" pname [ "=" pvalue ] )
 * headers        = "?" hname "=" hvalue *( "&" hname "=" hvalue )
 * </pre>
 *
 * <p>Immutable. Parameter and header names are looked up without case; {@link #toString()} is the
 * URI as parsed. This is all the SIP the sdp module knows: it depends on no SIP library.
 */
public final class SipUri {
  private final boolean secure;
  private final String user;
  private final String password;
  private final String host;
  private final int port;
  private final Map<String, String> parameters;
  private final Map<String, String> headers;
  private final String text;

  SipUri(
      boolean secure,
      String user,
      String password,
      String host,
      int port,
      Map<String, String> parameters,
      Map<String, String> headers,
      String text) {
    this.secure = secure;
    this.user = user;
    this.password = password;
    this.host = host;
    this.port = port;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.text = text;
  }

  /**
   * Parses a SIP or SIPS URI.
   *
   * @throws SdpParseException (line 0) naming what is wrong and the column
   */
  public static SipUri parse(CharSequence text) {
    return SipUriParser.parse(text.toString(), 0);
  }

  /** {@code true} for {@code sips:}. */
  public boolean secure() {
    return secure;
  }

  /** {@code "sip"} or {@code "sips"}. */
  public String scheme() {
    return secure ? "sips" : "sip";
  }

  /** The user part as written (escapes kept), or {@code null}. */
  public String user() {
    return user;
  }

  /** The password as written, or {@code null}. */
  public String password() {
    return password;
  }

  /** The host as written; an IPv6 reference keeps its brackets. */
  public String host() {
    return host;
  }

  /** The port, or {@code -1} when the URI has none. */
  public int port() {
    return port;
  }

  /** The port, or the default: 5061 for sips or {@code transport=tls}, else 5060. */
  public int portOrDefault() {
    if (port >= 0) {
      return port;
    }
    return secure || "tls".equalsIgnoreCase(transportParameter()) ? 5061 : 5060;
  }

  /** URI parameters in order, names as written; a parameter without value maps to {@code ""}. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** The value of a parameter (name without case), {@code ""} for a flag, or {@code null}. */
  public String parameter(String name) {
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Headers in order, names as written, values percent-decoded. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The value of a header (name without case), percent-decoded, or {@code null}. */
  public String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private String transportParameter() {
    return parameter("transport");
  }

  /**
   * The transport to reach the URI: the {@code transport} parameter in lower case; otherwise {@code
   * tls} for sips and {@code udp} for sip (RFC 3263's default without DNS records).
   */
  public String transport() {
    String t = transportParameter();
    if (t != null && !t.isEmpty()) {
      return t.toLowerCase(java.util.Locale.ROOT);
    }
    return secure ? "tls" : "udp";
  }

  /** The {@code Call-ID} header ({@code i} in compact form), or {@code null}. */
  public String callId() {
    String c = header("Call-ID");
    return c != null ? c : header("i");
  }

  /**
   * {@code true} when the URI can identify one message stream: it names a user at a host, or
   * carries the Call-ID of the session. A bare host ({@code sip:example.com}) does not.
   */
  public boolean specific() {
    return (user != null && !user.isEmpty()) || callId() != null;
  }

  /** The URI as parsed. */
  @Override
  public String toString() {
    return text;
  }

  /** Equal when the text is, with scheme and host compared without case. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SipUri)) {
      return false;
    }
    SipUri u = (SipUri) o;
    return secure == u.secure
        && port == u.port
        && host.equalsIgnoreCase(u.host)
        && java.util.Objects.equals(user, u.user)
        && parameters.equals(u.parameters)
        && headers.equals(u.headers);
  }

  @Override
  public int hashCode() {
    return host.toLowerCase(java.util.Locale.ROOT).hashCode() * 31 + port;
  }
}
