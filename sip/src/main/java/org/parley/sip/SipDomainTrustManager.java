package org.parley.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that, after the usual chain validation, checks that a SIP server's certificate
 * names the host this agent connected to (RFC 5922 §7): a {@code sip:} URI subjectAltName whose
 * host is that domain, or a dNSName equal to it, compared case-insensitively and with no wildcards;
 * an iPAddress subjectAltName when the host is an address literal; the subject's common name only
 * when the certificate has none of those. Pinned fingerprints need no such check (the pin names the
 * one certificate), so this wraps only trust stores and the JDK's default anchors.
 */
final class SipDomainTrustManager extends X509ExtendedTrustManager {
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;
  private static final int SAN_IP = 7;

  private final X509ExtendedTrustManager chain;

  private SipDomainTrustManager(X509ExtendedTrustManager chain) {
    this.chain = chain;
  }

  /** {@code managers} with each X.509 trust manager wrapped. */
  static TrustManager[] wrap(TrustManager[] managers) {
    TrustManager[] wrapped = managers.clone();
    for (int i = 0; i < wrapped.length; i++) {
      if (wrapped[i] instanceof X509ExtendedTrustManager) {
        wrapped[i] = new SipDomainTrustManager((X509ExtendedTrustManager) wrapped[i]);
      }
    }
    return wrapped;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
      throws CertificateException {
    chain.checkServerTrusted(certs, authType, socket);
    requireNames(certs[0], peerHost(socket == null ? null : socket.getRemoteSocketAddress()));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
      throws CertificateException {
    chain.checkServerTrusted(certs, authType, engine);
    requireNames(certs[0], engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] certs, String authType)
      throws CertificateException {
    chain.checkServerTrusted(certs, authType);
    requireNames(certs[0], null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket)
      throws CertificateException {
    chain.checkClientTrusted(certs, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
      throws CertificateException {
    chain.checkClientTrusted(certs, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certs, String authType)
      throws CertificateException {
    chain.checkClientTrusted(certs, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return chain.getAcceptedIssuers();
  }

  /**
   * The host the socket was connected to as this agent named it: the host name when it connected by
   * name (no reverse lookup), else the address literal.
   */
  private static String peerHost(SocketAddress remote) {
    return remote instanceof InetSocketAddress
        ? ((InetSocketAddress) remote).getHostString()
        : null;
  }

  private static void requireNames(X509Certificate cert, String host) throws CertificateException {
    if (host == null) {
      throw new CertificateException("no host to check the server's certificate against");
    }
    if (!names(cert, host)) {
      throw new CertificateException(
          "the server's certificate does not name "
              + host
              + " (RFC 5922: a sip: URI or DNS subjectAltName, no wildcards); it names "
              + identities(cert));
    }
  }

  /** Whether {@code cert} is a certificate of {@code host}, by the rules above. */
  static boolean names(X509Certificate cert, String host) throws CertificateParsingException {
    boolean literal = isAddressLiteral(host);
    boolean anyName = false;
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    if (sans != null) {
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1));
        if (type == SAN_URI && value.regionMatches(true, 0, "sip:", 0, 4)) {
          anyName = true;
          if (!literal && value.substring(4).equalsIgnoreCase(host)) {
            return true;
          }
        } else if (type == SAN_DNS) {
          anyName = true;
          if (!literal && value.equalsIgnoreCase(host)) {
            return true;
          }
        } else if (type == SAN_IP && literal && sameAddress(value, host)) {
          return true;
        }
      }
    }
    if (anyName || literal) {
      return false;
    }
    String cn = commonName(cert);
    return cn != null && cn.equalsIgnoreCase(host);
  }

  private static boolean isAddressLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // IPv6
    }
    boolean digits = false;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c != '.') {
        return false;
      }
    }
    return digits;
  }

  /** Two address literals for the same address (no DNS: both are literals). */
  private static boolean sameAddress(String a, String b) {
    if (!isAddressLiteral(a)) {
      return false;
    }
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String commonName(X509Certificate cert) {
    try {
      List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdns.get(i).getValue());
        }
      }
      return null;
    } catch (InvalidNameException e) {
      return null;
    }
  }

  /** What the certificate names, for the error. */
  private static String identities(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == SAN_URI || type == SAN_DNS || type == SAN_IP) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      names.add("(unreadable subjectAltName)");
    }
    if (names.isEmpty()) {
      String cn = commonName(cert);
      names.add(cn == null ? "nothing" : "CN=" + cn);
    }
    return String.join(", ", names);
  }
}
