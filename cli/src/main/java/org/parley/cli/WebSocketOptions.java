package org.parley.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.parley.sip.SipAgent;
import org.parley.sip.SipTls;
import org.parley.sip.SipWebSocket;
import picocli.CommandLine.Option;

/**
 * The options of a command that takes browsers' SIP over WebSocket (RFC 7118) and of its TLS key:
 * {@code --websocket PORT}, wss with {@code --tls-keystore} (and {@code --tls-password}), ws
 * without (labs).
 */
final class WebSocketOptions {
  @Option(
      names = "--websocket",
      paramLabel = "PORT",
      description = {
        "Also take SIP over WebSocket from browsers (RFC 7118) on PORT (0: a free one): wss with",
        "--tls-keystore, else ws (labs). The listening event gives its address."
      })
  Integer port;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description = "PKCS#12 key store with this end's TLS key and certificate.")
  Path keystore;

  @Option(
      names = "--tls-password",
      paramLabel = "PASSWORD",
      defaultValue = "changeit",
      description = "Password of the --tls-keystore and its key (default: changeit).")
  String password;

  /** Whether browsers connect over wss: a WebSocket port and a key store. */
  boolean secure() {
    return port != null && keystore != null;
  }

  /** The WebSocket listener asked for, or null. */
  SipWebSocket webSocket() {
    return port == null ? null : new SipWebSocket(port, secure());
  }

  /**
   * The key store's key material.
   *
   * @throws IllegalArgumentException when there is none or it cannot be read
   */
  SipTls keyMaterial() {
    if (keystore == null) {
      throw new IllegalArgumentException("TLS needs --tls-keystore");
    }
    char[] pw = password.toCharArray();
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, pw);
      return SipTls.keyStore(ks, pw);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("--tls-keystore " + keystore + ": " + e.getMessage());
    }
  }

  /** Where browsers reach {@code agent} ({@code wss://host:port}), or null without a listener. */
  static String url(SipAgent agent, boolean secure) {
    InetSocketAddress w = agent.webSocketAddress();
    if (w == null) {
      return null;
    }
    String host = w.getHostString();
    return (secure ? "wss://" : "ws://")
        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
        + ":"
        + w.getPort();
  }
}
