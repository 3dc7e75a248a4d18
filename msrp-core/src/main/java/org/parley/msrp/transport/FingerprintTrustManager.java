package org.parley.msrp.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.parley.msrp.Fingerprint;

/**
 * Trusts exactly the peer certificates whose fingerprint the application was given (from the peer's
 * SDP {@code a=fingerprint}, RFC 8122 / RFC 4975 §14.1): the way self-signed MSRP certificates are
 * checked. Anything else fails the handshake. Also used by the sip module for pinned SIP TLS peers.
 */
public final class FingerprintTrustManager extends X509ExtendedTrustManager {
  private final List<Fingerprint> expected;
  private final boolean checkValidity;

  FingerprintTrustManager(List<Fingerprint> expected) {
    this(expected, false);
  }

  private FingerprintTrustManager(List<Fingerprint> expected, boolean checkValidity) {
    if (expected.isEmpty()) {
      throw new IllegalArgumentException("at least one fingerprint is required");
    }
    this.expected = List.copyOf(expected);
    this.checkValidity = checkValidity;
  }

  /**
   * Trusts the certificates with one of {@code expected}'s fingerprints; with {@code
   * checkValidity}, only while the certificate is within its validity dates.
   */
  public static FingerprintTrustManager pinning(List<Fingerprint> expected, boolean checkValidity) {
    return new FingerprintTrustManager(expected, checkValidity);
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer sent no certificate");
    }
    for (Fingerprint f : expected) {
      if (f.matches(chain[0])) {
        if (checkValidity) {
          chain[0].checkValidity();
        }
        return;
      }
    }
    Fingerprint actual;
    try {
      actual = Fingerprint.of(expected.get(0).hashFunction(), chain[0]);
    } catch (IllegalArgumentException e) { // a hash function outside the SHA family
      actual = Fingerprint.sha256(chain[0]);
    }
    throw new CertificateException(
        "the peer certificate's fingerprint " + actual + " is not the one given by SDP");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
