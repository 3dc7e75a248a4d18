package org.parley.msrp.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.Fingerprint;

/**
 * TLS settings of one side of msrps connections, with the JDK provider. A server presents its
 * certificate; a client checks the server's certificate either against the fingerprints the SDP
 * gave (self-signed certificates, RFC 8122) or against a trust store (certificates from a CA).
 */
public final class MsrpTls {
  private final SslContext context;

  private MsrpTls(SslContext context) {
    this.context = context;
  }

  /** A server with the key and certificate of {@code keys}; clients are not asked for one. */
  public static MsrpTls server(KeyManagerFactory keys) {
    return build(SslContextBuilder.forServer(keys));
  }

  /**
   * A server that also asks each client for its certificate (TLS client authentication, optional):
   * a client that has one presents it, one without goes on without. The certificate is not judged
   * by the handshake but by the session it binds: {@code MsrpSession.remoteFingerprints}, from the
   * peer's SDP {@code a=fingerprint} (RFC 4975 §14.1, both directions).
   */
  public static MsrpTls serverAskingForClientCertificates(KeyManagerFactory keys) {
    return build(
        SslContextBuilder.forServer(keys)
            .clientAuth(ClientAuth.OPTIONAL)
            // Any certificate passes the handshake; the session checks its fingerprint.
            .trustManager(InsecureTrustManagerFactory.INSTANCE));
  }

  /**
   * {@link #serverAskingForClientCertificates(KeyManagerFactory)} with a certificate chain and a
   * PKCS#8 private key from PEM files: a relay, which asks so that a peer relay can prove itself by
   * its certificate (RFC 4976 §5, mutual TLS between relays) while clients present none.
   */
  public static MsrpTls serverAskingForClientCertificates(
      java.io.File certificateChainPem, java.io.File privateKeyPem) {
    return build(
        SslContextBuilder.forServer(certificateChainPem, privateKeyPem)
            .clientAuth(ClientAuth.OPTIONAL)
            .trustManager(InsecureTrustManagerFactory.INSTANCE));
  }

  /**
   * A client that accepts exactly the certificates with one of these fingerprints and presents the
   * certificate chain and key of the PEM files when the server asks (a relay reaching another).
   */
  public static MsrpTls client(
      List<Fingerprint> expected, java.io.File certificateChainPem, java.io.File privateKeyPem) {
    return build(
        SslContextBuilder.forClient()
            .trustManager(new FingerprintTrustManager(expected))
            .keyManager(certificateChainPem, privateKeyPem));
  }

  /**
   * {@link #client(TrustManagerFactory)} presenting the certificate chain and key of the PEM files
   * when the server asks.
   */
  public static MsrpTls client(
      TrustManagerFactory trust, java.io.File certificateChainPem, java.io.File privateKeyPem) {
    return build(
        SslContextBuilder.forClient()
            .trustManager(trust)
            .endpointIdentificationAlgorithm("HTTPS")
            .keyManager(certificateChainPem, privateKeyPem));
  }

  /**
   * A server with a certificate chain and a PKCS#8 private key from PEM files (as {@code openssl}
   * writes them).
   */
  public static MsrpTls server(java.io.File certificateChainPem, java.io.File privateKeyPem) {
    return build(SslContextBuilder.forServer(certificateChainPem, privateKeyPem));
  }

  /** A client that accepts exactly the certificates with one of these fingerprints. */
  public static MsrpTls client(List<Fingerprint> expected) {
    return build(SslContextBuilder.forClient().trustManager(new FingerprintTrustManager(expected)));
  }

  /**
   * A client that accepts exactly the certificates with one of these fingerprints and presents its
   * own certificate from {@code keys} when the server asks (the one its SDP's {@code a=fingerprint}
   * names, for a passive peer that checks it).
   */
  public static MsrpTls client(List<Fingerprint> expected, KeyManagerFactory keys) {
    return build(
        SslContextBuilder.forClient()
            .trustManager(new FingerprintTrustManager(expected))
            .keyManager(keys));
  }

  /**
   * A client that checks the server's certificate chain against a trust store, and that the
   * certificate names the host connected to (HTTPS endpoint identification, RFC 2818 §3.1 / RFC
   * 6125: the msrps URI's host, as {@link MsrpTransport#connect} passes it).
   */
  public static MsrpTls client(TrustManagerFactory trust) {
    return build(
        SslContextBuilder.forClient().trustManager(trust).endpointIdentificationAlgorithm("HTTPS"));
  }

  private static MsrpTls build(SslContextBuilder b) {
    try {
      return new MsrpTls(b.sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build());
    } catch (SSLException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  boolean isServer() {
    return context.isServer();
  }

  SslHandler newHandler(ByteBufAllocator alloc, @Nullable String peerHost, int peerPort) {
    return context.isServer()
        ? context.newHandler(alloc)
        : context.newHandler(alloc, peerHost, peerPort);
  }
}
