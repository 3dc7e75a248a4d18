package org.parley.sdp;

/**
 * The proto of an {@code m=message} line: MSRP over TCP or TLS (RFC 4975), over WebSocket (RFC
 * 7977), or the 2001 form whose format is a SIP URI ("SDP Extensions for SIP Instant Message
 * Sessions", draft-ietf-simple-im-sdp-00).
 */
public enum MessageTransport {
  TCP_MSRP("TCP/MSRP"),
  TCP_TLS_MSRP("TCP/TLS/MSRP"),
  TCP_WS_MSRP("TCP/WS/MSRP"),
  TCP_WSS_MSRP("TCP/WSS/MSRP"),
  /** {@code m=message <port> sip <SIP-URI>}: messages are SIP MESSAGE requests to the URI. */
  SIP("sip");

  private final String proto;

  MessageTransport(String proto) {
    this.proto = proto;
  }

  /** The proto as written in SDP. */
  public String proto() {
    return proto;
  }

  /** The transport for a proto (compared without case), or {@code null}. */
  public static MessageTransport fromProto(String proto) {
    for (MessageTransport t : values()) {
      if (t.proto.equalsIgnoreCase(proto)) {
        return t;
      }
    }
    return null;
  }

  /** {@code true} for MSRP (every value but {@link #SIP}). */
  public boolean msrp() {
    return this != SIP;
  }

  /** {@code true} when the stream runs over TLS ({@code TCP/TLS/MSRP}, {@code TCP/WSS/MSRP}). */
  public boolean tls() {
    return this == TCP_TLS_MSRP || this == TCP_WSS_MSRP;
  }

  /** {@code true} for the WebSocket transports of RFC 7977. */
  public boolean websocket() {
    return this == TCP_WS_MSRP || this == TCP_WSS_MSRP;
  }
}
