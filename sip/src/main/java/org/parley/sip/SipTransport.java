package org.parley.sip;

import java.util.Locale;

/** A SIP transport an agent listens on and sends over. */
public enum SipTransport {
  /** UDP: RFC 3428 limits MESSAGE requests to 1300 bytes over it. */
  UDP,
  /** TCP: no size limit but the peer's. */
  TCP,
  /**
   * TLS over TCP (RFC 3261 §26.2), with the key material of {@link SipConfig#tls()}; listens on the
   * SIP port when TCP is not configured, else on {@link SipConfig#tlsPort()}.
   */
  TLS;

  /**
   * The name as SIP writes it in Via and {@code transport=} ({@code udp}, {@code tcp}, {@code
   * tls}).
   */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The transport for a {@code transport=} value, compared without case.
   *
   * @throws IllegalArgumentException for another value
   */
  public static SipTransport of(String token) {
    for (SipTransport t : values()) {
      if (t.name().equalsIgnoreCase(token)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unsupported SIP transport: " + token);
  }

  /**
   * What a URI's {@code transport=} value (or null: UDP) means for the first hop: a browser's
   * WebSocket (RFC 7118) is a stream as TCP is, over TLS for {@code wss}.
   *
   * @throws IllegalArgumentException for another value
   */
  public static SipTransport ofHop(String token) {
    if (token == null) {
      return UDP;
    }
    if (token.equalsIgnoreCase("ws")) {
      return TCP;
    }
    return token.equalsIgnoreCase("wss") ? TLS : of(token);
  }
}
