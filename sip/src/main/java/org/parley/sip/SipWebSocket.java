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

  /**
   * The stack properties this listener needs: the RI has WebSocket only on its NIO processors,
   * whose TLS takes key and trust managers from a provider class ({@link TlsManagers}, handed the
   * agent's by stack name); the RI's rewriting of a browser's Via and Contact is off, as browsers
   * drop responses whose Via is not the one they sent ({@link WebSocketRoutes} reaches them).
   */
  void configure(java.util.Properties p, String stackName, SipTls tls) {
    p.setProperty(
        "gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY",
        "gov.nist.javax.sip.stack.NioMessageProcessorFactory");
    p.setProperty("gov.nist.javax.sip.PATCH_SIP_WEBSOCKETS_HEADERS", "false");
    if (tls != null) {
      p.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", TlsManagers.class.getName());
      TlsManagers.offer(stackName, tls);
    }
  }
}
