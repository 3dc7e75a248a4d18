package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sip.Recorder.next;
import static org.parley.sip.SipAgentTest.await;
import static org.parley.sip.SipAgentTest.failure;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.transport.TestCertificates;

/**
 * Two agents over SIP/TLS: self-signed certificates pinned by fingerprint, and a trust store, where
 * the server's certificate must also name the host connected to (RFC 5922).
 */
class TlsTest {
  @TempDir static Path dir;
  private static KeyStore aliceKeys;
  private static KeyStore bobKeys;
  private static KeyStore strangerKeys;
  private static KeyStore localhostKeys;

  private final Recorder aliceHears = new Recorder();
  private final Recorder bobHears = new Recorder();
  private SipAgent alice;
  private SipAgent bob;

  @BeforeAll
  static void certificates() throws Exception {
    aliceKeys = TestCertificates.selfSigned(dir, "alice");
    bobKeys = TestCertificates.selfSigned(dir, "bob");
    strangerKeys = TestCertificates.selfSigned(dir, "stranger");
    localhostKeys = TestCertificates.selfSigned(dir, "bob-localhost", "bob", "dns:localhost");
  }

  static Fingerprint fingerprint(KeyStore ks) throws Exception {
    return Fingerprint.sha256((X509Certificate) ks.getCertificate(TestCertificates.ALIAS));
  }

  private SipAgent agent(String aor, KeyStore keys, KeyStore peer, Recorder hears)
      throws Exception {
    SipTls tls =
        SipTls.keyStore(keys, TestCertificates.PASSWORD)
            .trustFingerprints(List.of(fingerprint(peer)));
    return SipAgent.start(
        SipConfig.builder(aor)
            .transports(SipTransport.TLS, SipTransport.UDP, SipTransport.TCP)
            .tls(tls)
            .build(),
        hears);
  }

  /** An agent trusting the certificate of {@code peer} as an anchor of a trust store. */
  private SipAgent trustingAgent(String aor, KeyStore keys, KeyStore peer, Recorder hears)
      throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("peer", peer.getCertificate(TestCertificates.ALIAS));
    SipTls tls = SipTls.keyStore(keys, TestCertificates.PASSWORD).trustStore(trust);
    return SipAgent.start(
        SipConfig.builder(aor).transports(SipTransport.TLS).tls(tls).build(), hears);
  }

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob);
  }

  @Test
  void pagerMessagesGoOverTls() throws Exception {
    alice = agent("sip:alice@127.0.0.1", aliceKeys, bobKeys, aliceHears);
    bob = agent("sip:bob@127.0.0.1", bobKeys, aliceKeys, bobHears);
    assertThat(bob.uri()).contains("transport=tls");
    byte[] big = "x".repeat(5000).getBytes(UTF_8);
    assertThat(await(alice.message(bob.uri(), "text/plain", big)).code()).isEqualTo(200);
    PagerMessage m = next(bobHears.pager);
    assertThat(m.body()).hasSize(5000);
    assertThat(m.from()).isEqualTo("sip:alice@127.0.0.1");
    await(bob.message(alice.uri(), "text/plain", "back".getBytes(UTF_8)));
    assertThat(next(aliceHears.pager).text()).isEqualTo("back");
  }

  @Test
  void anInviteSessionIsSignalledOverTls() throws Exception {
    alice = agent("sip:alice@127.0.0.1", aliceKeys, bobKeys, aliceHears);
    bob = agent("sip:bob@127.0.0.1", bobKeys, aliceKeys, bobHears);
    bobHears.acceptAll();
    ChatSession a = await(alice.invite(bob.uri(), InviteOptions.DEFAULT, aliceHears));
    await(a.send("over TLS"));
    assertThat(next(bobHears.messages).text()).isEqualTo("over TLS");
    ChatSession b = await(bobHears.started);
    await(b.send("and back"));
    assertThat(next(aliceHears.messages).text()).isEqualTo("and back");
    assertThat(await(a.bye()).reason()).isEqualTo(SessionEnd.Reason.LOCAL_BYE);
    assertThat(next(bobHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
  }

  @Test
  void aServerWithAnUntrustedCertificateIsNotSentTo() throws Exception {
    alice = agent("sip:alice@127.0.0.1", aliceKeys, strangerKeys, aliceHears);
    bob = agent("sip:bob@127.0.0.1", bobKeys, aliceKeys, bobHears);
    SipFailure f = failure(alice.message(bob.uri(), "text/plain", "secret".getBytes(UTF_8)));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.UNREACHABLE);
    assertThat(f.getMessage()).contains("fingerprint");
    assertThat(bobHears.pager).isEmpty();
  }

  /** Alice trusts Bob's certificate, which names localhost only, from a trust store. */
  private void startTrustingPair() throws Exception {
    alice = trustingAgent("sip:alice@127.0.0.1", aliceKeys, localhostKeys, aliceHears);
    bob = trustingAgent("sip:bob@127.0.0.1", localhostKeys, aliceKeys, bobHears);
  }

  @Test
  void aTrustedCertificateThatNamesTheHostIsAccepted() throws Exception {
    startTrustingPair();
    String byName = bob.uri().replace("127.0.0.1", "localhost");
    assertThat(await(alice.message(byName, "text/plain", "hi".getBytes(UTF_8))).code())
        .isEqualTo(200);
    assertThat(next(bobHears.pager).text()).isEqualTo("hi");
  }

  @Test
  void aTrustedCertificateThatDoesNotNameTheHostIsRefused() throws Exception {
    startTrustingPair();
    // Reached by address, the server is not authenticated: its certificate names localhost only.
    SipFailure f = failure(alice.message(bob.uri(), "text/plain", "secret".getBytes(UTF_8)));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.UNREACHABLE);
    assertThat(f.getMessage()).contains("does not name 127.0.0.1").contains("localhost");
    assertThat(bobHears.pager).isEmpty();
  }
}
