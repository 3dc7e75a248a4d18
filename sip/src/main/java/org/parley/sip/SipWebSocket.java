package org.parley.sip;

/**
 * SIP over WebSocket (RFC 7118), for browsers: the agent listens on {@code port} (0: a free one)
 * for WebSocket connections with subprotocol {@code sip}, over TLS (wss) when {@code secure}, with
 * the key material of {@link SipConfig#tls()}. Requests to a browser go back over the connection it
 * came on (a browser takes no connections).
 *
 * <p>JAIN-SIP carries WebSocket only on its NIO message processors: an agent with a WebSocket
 * listener runs every transport on them, and cannot have the TLS transport too (the RI's NIO TLS
 * cannot check a server's host name); UDP and TCP are unchanged.
 */
public record SipWebSocket(int port, boolean secure) {
  public SipWebSocket {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("webSocket port is 0 to 65535: " + port);
    }
  }

  /** The Via and {@code transport=} token: {@code ws} or {@code wss}. */
  public String token() {
    return secure ? "wss" : "ws";
  }
}
