package org.parley.msrp.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpListener;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.TestCertificates;

/**
 * Issue 13, defect 5: over msrps the passive side asks for the active side's certificate and takes
 * the session's requests only from a peer whose certificate has the fingerprint of its SDP (RFC
 * 4975 §14.1 both ways). A peer that knows both URIs but holds another key, or none, gets 481.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MutualFingerprintTest {
  private static final MsrpUri ALICE = MsrpUri.parse("msrps://127.0.0.1:7777/alice1;tcp");

  @TempDir static Path dir;
  private static KeyManagerFactory bobKeys;
  private static KeyManagerFactory aliceKeys;
  private static KeyManagerFactory malloryKeys;
  private static Fingerprint bob;
  private static Fingerprint alice;

  @RegisterExtension final Stacks stacks = new Stacks();
  private final Recorder recorder = new Recorder();
  private MsrpSession session;

  @BeforeAll
  static void certificates() throws Exception {
    bobKeys = keys("bob");
    aliceKeys = keys("alice");
    malloryKeys = keys("mallory");
    bob = fingerprint("bob");
    alice = fingerprint("alice");
  }

  private static KeyStore store(String name) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = java.nio.file.Files.newInputStream(dir.resolve(name + ".p12"))) {
      ks.load(in, TestCertificates.PASSWORD);
    }
    return ks;
  }

  private static KeyManagerFactory keys(String name) throws Exception {
    KeyStore ks = TestCertificates.selfSigned(dir, name, name, null);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, TestCertificates.PASSWORD);
    return kmf;
  }

  private static Fingerprint fingerprint(String name) throws Exception {
    return Fingerprint.sha256((X509Certificate) store(name).getCertificate(TestCertificates.ALIAS));
  }

  @BeforeEach
  void bobListens() {
    MsrpStack b = stacks.add(MsrpStack.builder().build());
    MsrpListener l =
        b.listen(
                new InetSocketAddress("127.0.0.1", 0),
                MsrpTls.serverAskingForClientCertificates(bobKeys))
            .join();
    session =
        b.session(
            MsrpUri.parse("msrps://127.0.0.1:" + l.localAddress().getPort() + "/bob1;tcp"),
            recorder);
    session.remotePath(List.of(ALICE));
    session.remoteFingerprints(List.of(alice));
  }

  private MsrpSession caller() {
    MsrpSession a =
        stacks.add(MsrpStack.builder().build()).session(ALICE, new SessionListener() {});
    a.remotePath(List.of(session.localUri()));
    return a;
  }

  @Test
  void thePeerWithTheCertificateOfItsSdpIsServed() throws Exception {
    MsrpSession a = caller();
    a.connect(MsrpTls.client(List.of(bob), aliceKeys)).get(20, TimeUnit.SECONDS);
    a.send("text/plain", "hi bob".getBytes(UTF_8), SendOptions.builder().messageId("mtls1").build())
        .get(20, TimeUnit.SECONDS);
    assertThat(recorder.ended("mtls1").get(20, TimeUnit.SECONDS).bytes())
        .isEqualTo("hi bob".getBytes(UTF_8));
  }

  @Test
  void anotherKeyWithThePeersUriGets481() {
    MsrpSession m = caller();
    assertThatThrownBy(
            () -> m.connect(MsrpTls.client(List.of(bob), malloryKeys)).get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(MsrpResponseException.class)
        .hasMessageContaining("481");
    assertThat(session.connection()).isNull();
  }

  @Test
  void noClientCertificateGets481() {
    MsrpSession m = caller();
    assertThatThrownBy(() -> m.connect(MsrpTls.client(List.of(bob))).get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(MsrpResponseException.class)
        .hasMessageContaining("481");
    assertThat(session.connection()).isNull();
  }
}
