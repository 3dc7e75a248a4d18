package org.parley.sip;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.transport.FingerprintTrustManager;

/**
 * Key material for SIP over TLS ({@link SipTransport#TLS}): this agent's certificate and private
 * key (a {@link KeyStore}), and what it trusts in its peers' certificates: a trust store, or
 * certificate fingerprints (for self-signed peers), or, when neither is given, the JDK's default
 * trust anchors. Peers' certificates are checked when this agent connects; a server does not ask
 * clients for a certificate. With a trust store or the default anchors, the server's certificate
 * must also name the host connected to (RFC 5922: a {@code sip:} URI or DNS subjectAltName equal to
 * it, no wildcards; an IP subjectAltName for an address; the common name only when there is no
 * subjectAltName), so a peer reached by address needs a certificate for that address, or a pinned
 * fingerprint. A pinned fingerprint names one certificate and needs no host check.
 */
public final class SipTls {
  private final KeyStore keyStore;
  private final char[] password;
  private final KeyStore trustStore;
  private final List<Fingerprint> fingerprints;

  private SipTls(
      KeyStore keyStore, char[] password, KeyStore trustStore, List<Fingerprint> fingerprints) {
    this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
    this.password = password.clone();
    this.trustStore = trustStore;
    this.fingerprints = List.copyOf(fingerprints);
  }

  /**
   * Key material from {@code keyStore} (its key entries' password is {@code password}), trusting
   * the JDK's default certificate authorities until {@link #trustStore} or {@link
   * #trustFingerprints} says otherwise.
   */
  public static SipTls keyStore(KeyStore keyStore, char[] password) {
    return new SipTls(keyStore, password, null, List.of());
  }

  /** The same key material, trusting the certificates (and their issuers) in {@code trust}. */
  public SipTls trustStore(KeyStore trust) {
    return new SipTls(keyStore, password, Objects.requireNonNull(trust), List.of());
  }

  /**
   * The same key material, trusting exactly the peer certificates with one of these fingerprints
   * (RFC 8122 form, e.g. {@code sha-256 AB:CD:...}), self-signed or not.
   */
  public SipTls trustFingerprints(List<Fingerprint> trusted) {
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("at least one fingerprint");
    }
    return new SipTls(keyStore, password, null, trusted);
  }

  /** The fingerprints trusted, empty when a trust store or the default trust is used. */
  public List<Fingerprint> fingerprints() {
    return fingerprints;
  }

  /** A JDK TLS context for these settings. */
  SSLContext context() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(), trustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable TLS key material: " + e.getMessage(), e);
    }
  }

  /** The key managers of {@link #context}: this agent's certificate. */
  KeyManager[] keyManagers() throws GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, password);
    return keys.getKeyManagers();
  }

  /**
   * The trust managers of {@link #context}: pinned fingerprints, or a trust store (or the JDK's).
   */
  TrustManager[] trustManagers() throws GeneralSecurityException {
    if (!fingerprints.isEmpty()) {
      return new TrustManager[] {FingerprintTrustManager.pinning(fingerprints, true)};
    }
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(trustStore); // null: the JDK's default anchors
    return SipDomainTrustManager.wrap(f.getTrustManagers());
  }
}
