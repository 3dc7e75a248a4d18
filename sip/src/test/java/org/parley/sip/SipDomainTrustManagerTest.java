package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.transport.TestCertificates;

/** Which hosts a certificate names, by RFC 5922 §7 (certificates made by keytool). */
class SipDomainTrustManagerTest {
  @TempDir Path dir;

  private X509Certificate cert(String cn, String san) throws Exception {
    String file = "c" + Math.abs((cn + san).hashCode());
    return (X509Certificate)
        TestCertificates.selfSigned(dir, file, cn, san).getCertificate(TestCertificates.ALIAS);
  }

  private static void names(X509Certificate c, String... hosts) throws Exception {
    for (String h : hosts) {
      assertThat(SipDomainTrustManager.names(c, h)).as("names %s", h).isTrue();
    }
  }

  private static void doesNotName(X509Certificate c, String... hosts) throws Exception {
    for (String h : hosts) {
      assertThat(SipDomainTrustManager.names(c, h)).as("does not name %s", h).isFalse();
    }
  }

  @Test
  void aDnsNameIsComparedWholeAndWithoutCase() throws Exception {
    X509Certificate c = cert("ignored.example", "dns:sip.example.com");
    names(c, "sip.example.com", "SIP.Example.COM");
    doesNotName(c, "example.com", "a.sip.example.com", "192.0.2.1", "ignored.example");
  }

  @Test
  void aSipUriNamesItsDomain() throws Exception {
    X509Certificate c = cert("x", "uri:sip:example.com");
    names(c, "example.com");
    doesNotName(c, "other.example.com");
  }

  @Test
  void aWildcardIsNotAWildcard() throws Exception {
    doesNotName(cert("x", "dns:*.example.com"), "sip.example.com");
  }

  @Test
  void anAddressIsMatchedOnlyByAnIpSubjectAltName() throws Exception {
    X509Certificate c = cert("192.0.2.1", "ip:192.0.2.1,ip:::1");
    names(c, "192.0.2.1", "0:0:0:0:0:0:0:1");
    doesNotName(c, "192.0.2.2");
    // The common name is never used for an address.
    doesNotName(cert("192.0.2.9", null), "192.0.2.9");
  }

  @Test
  void theCommonNameCountsOnlyWithoutSubjectAltNames() throws Exception {
    names(cert("example.com", null), "example.com");
    doesNotName(cert("example.com", "dns:other.com"), "example.com");
  }
}
