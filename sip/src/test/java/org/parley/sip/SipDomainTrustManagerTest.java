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

  @Test
  void aDnsNameIsComparedWholeAndWithoutCase() throws Exception {
    X509Certificate c = cert("ignored.example", "dns:sip.example.com");
    assertThat(SipDomainTrustManager.names(c, "sip.example.com")).isTrue();
    assertThat(SipDomainTrustManager.names(c, "SIP.Example.COM")).isTrue();
    assertThat(SipDomainTrustManager.names(c, "example.com")).isFalse();
    assertThat(SipDomainTrustManager.names(c, "a.sip.example.com")).isFalse();
    assertThat(SipDomainTrustManager.names(c, "192.0.2.1")).isFalse();
  }

  @Test
  void aSipUriNamesItsDomain() throws Exception {
    X509Certificate c = cert("x", "uri:sip:example.com");
    assertThat(SipDomainTrustManager.names(c, "example.com")).isTrue();
    assertThat(SipDomainTrustManager.names(c, "other.example.com")).isFalse();
  }

  @Test
  void aWildcardIsNotAWildcard() throws Exception {
    X509Certificate c = cert("x", "dns:*.example.com");
    assertThat(SipDomainTrustManager.names(c, "sip.example.com")).isFalse();
  }

  @Test
  void anAddressIsMatchedOnlyByAnIpSubjectAltName() throws Exception {
    X509Certificate c = cert("192.0.2.1", "ip:192.0.2.1,ip:::1");
    assertThat(SipDomainTrustManager.names(c, "192.0.2.1")).isTrue();
    assertThat(SipDomainTrustManager.names(c, "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(SipDomainTrustManager.names(c, "192.0.2.2")).isFalse();
    // The common name is never used for an address.
    assertThat(SipDomainTrustManager.names(cert("192.0.2.9", null), "192.0.2.9")).isFalse();
  }

  @Test
  void theCommonNameCountsOnlyWithoutSubjectAltNames() throws Exception {
    assertThat(SipDomainTrustManager.names(cert("example.com", null), "example.com")).isTrue();
    assertThat(SipDomainTrustManager.names(cert("example.com", "dns:other.com"), "example.com"))
        .isFalse();
  }
}
