package org.parley.msrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.transport.TestCertificates;

/** The one fingerprint model: what SDP carries and what TLS peers are checked against. */
class FingerprintTest {
  @Test
  void sdpsFormIsHeldAsWrittenAndComparedWithoutCase() {
    Fingerprint f = Fingerprint.of("SHA-1", "4a:ad:b9");
    assertThat(f.hashFunction()).isEqualTo("SHA-1");
    assertThat(f.toString()).isEqualTo("SHA-1 4A:AD:B9");
    assertThat(f).isEqualTo(Fingerprint.of("sha-1", "4A:AD:B9"));
    assertThat(f.hashCode()).isEqualTo(Fingerprint.of("sha-1", "4A:AD:B9").hashCode());
    assertThat(f).isNotEqualTo(Fingerprint.of("sha-256", "4A:AD:B9"));
    assertThat(Fingerprint.of("md2", "00").hashFunction()).isEqualTo("md2");
    for (String bad : new String[] {"", "4", "4A:", "4A;AD", "4G", "٣A"}) {
      assertThatThrownBy(() -> Fingerprint.of("sha-1", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String bad : new String[] {"", "sha 1", "sha:1", "sha\r\n"}) {
      assertThatThrownBy(() -> Fingerprint.of(bad, "00"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void onlyTheShaFamilyMatchesACertificate(@TempDir Path dir) throws Exception {
    KeyStore ks = TestCertificates.selfSigned(dir, "parley-test");
    X509Certificate cert = (X509Certificate) ks.getCertificate(TestCertificates.ALIAS);
    Fingerprint sha256 = Fingerprint.sha256(cert);
    assertThat(sha256.matches(cert)).isTrue();
    Fingerprint asSdpWroteIt = Fingerprint.of("SHA-256", sha256.toString().substring(8));
    assertThat(asSdpWroteIt.matches(cert)).isTrue();
    assertThat(asSdpWroteIt).isEqualTo(sha256);
    assertThat(Fingerprint.of("sha-1", cert).matches(cert)).isTrue();
    String md5 = md5Hex(cert);
    assertThat(Fingerprint.of("md5", md5).matches(cert)).isFalse();
    assertThat(Fingerprint.of("sha-256", "00:11").matches(cert)).isFalse();
    assertThatThrownBy(() -> Fingerprint.of("md5", cert))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String md5Hex(X509Certificate cert) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("MD5").digest(cert.getEncoded());
    StringBuilder sb = new StringBuilder();
    for (byte b : d) {
      sb.append(sb.length() > 0 ? ":" : "").append(String.format(Locale.ROOT, "%02X", b));
    }
    return sb.toString();
  }
}
