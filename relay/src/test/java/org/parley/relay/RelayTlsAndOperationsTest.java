package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.TestCertificates;

/** msrps between clients and relays and between relays; /metrics, /health; graceful shutdown. */
class RelayTlsAndOperationsTest extends FixtureTest {

  /** A self-signed pair as PEM files in its own directory; returns {cert, key}. */
  private Path[] pem(String name) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    KeyStore ks = TestCertificates.selfSigned(d, name);
    return TestCertificates.writePem(ks, d);
  }

  private Relay tlsRelay(Path[] pem, Fingerprint trustedPeer) throws Exception {
    return fx.relay(
        c -> {
          c.listen(List.of(MsrpUri.parse("msrps://127.0.0.1:0;tcp"))).tls(pem[0], pem[1]);
          if (trustedPeer != null) {
            c.peerFingerprint(trustedPeer);
          }
          return c;
        });
  }

  private TestClient tlsClient(Relay r, Path[] pem) throws Exception {
    MsrpTls tls = MsrpTls.client(List.of(RelayFiles.fingerprint(pem[0])));
    return TestClient.connect(fx.clients, r.uri(), tls);
  }

  @Test
  void clientsOverTlsAndTwoRelaysOverTls() throws Exception {
    Path[] pem1 = pem("relay1");
    Path[] pem2 = pem("relay2");
    Relay r2 = tlsRelay(pem2, null);
    Relay r1 = tlsRelay(pem1, RelayFiles.fingerprint(pem2[0])); // r1 opens TLS to r2
    assertThat(r1.uri().secure()).isTrue();
    TestClient alice = tlsClient(r1, pem1);
    TestClient bob = tlsClient(r2, pem2);
    List<MsrpUri> a = alice.usePath(r1.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r2.uri(), "bob", Fixture.BOB_PW);
    assertThat(a.get(0).scheme()).isEqualTo("msrps");

    MsrpRequest s =
        RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "secret");
    alice.send(s, "secret".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(s).code()).isEqualTo(200);
    TestClient.Frame got = bob.nextRequest(MsrpMethod.SEND);
    assertThat(new String(got.body(), UTF_8)).isEqualTo("secret");
    assertThat(got.request().fromPath()).containsExactly(b.get(0), a.get(0), alice.self);
    alice.close();
    bob.close();
  }

  /**
   * Mutual TLS between relays (RFC 4976 §5): each relay presents its certificate when it connects
   * to the other, and the other, which lists it as a peer, knows the connection comes from that
   * relay. Both directions, each over the connection its sender's relay opened.
   */
  @Test
  void relaysPresentTheirCertificatesToEachOther() throws Exception {
    Path[] pem1 = pem("relay1");
    Path[] pem2 = pem("relay2");
    Path[] stranger = pem("stranger");
    Relay r1 = tlsRelay(pem1, RelayFiles.fingerprint(pem2[0]));
    Relay r2 = tlsRelay(pem2, RelayFiles.fingerprint(pem1[0]));
    Relay r3 = tlsRelay(stranger, RelayFiles.fingerprint(pem2[0])); // r2 does not list r3
    TestClient alice = tlsClient(r1, pem1);
    TestClient bob = tlsClient(r2, pem2);
    TestClient carol = tlsClient(r3, stranger);
    List<MsrpUri> a = alice.usePath(r1.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r2.uri(), "bob", Fixture.BOB_PW);
    List<MsrpUri> c = carol.usePath(r3.uri(), "carol", Fixture.CAROL_PW);
    assertThat(r1.peerRelays()).isZero(); // clients present no certificate
    assertThat(r2.peerRelays()).isZero();

    MsrpRequest s = RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "1");
    alice.send(s, "1".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(new String(bob.nextRequest(MsrpMethod.SEND).body(), UTF_8)).isEqualTo("1");
    assertThat(r2.peerRelays()).isEqualTo(1);

    MsrpRequest back =
        RelayRoutingTest.send(List.of(b.get(0), a.get(0), alice.self), bob.self, "2");
    bob.send(back, "2".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(new String(alice.nextRequest(MsrpMethod.SEND).body(), UTF_8)).isEqualTo("2");
    assertThat(r1.peerRelays()).isEqualTo(1);

    // A relay r2 does not list delivers all the same, as an unidentified peer.
    MsrpRequest fromC =
        RelayRoutingTest.send(List.of(c.get(0), b.get(0), bob.self), carol.self, "3");
    carol.send(fromC, "3".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(new String(bob.nextRequest(MsrpMethod.SEND).body(), UTF_8)).isEqualTo("3");
    assertThat(r2.peerRelays()).isEqualTo(1);
    alice.close();
    bob.close();
    carol.close();
  }

  @Test
  void aNextHopWithAnUntrustedCertificateGetsAFailureReport() throws Exception {
    Path[] pem1 = pem("relay1");
    Path[] pem2 = pem("relay2");
    Path[] other = pem("other");
    Relay r2 = tlsRelay(pem2, null);
    Relay r1 = tlsRelay(pem1, RelayFiles.fingerprint(other[0])); // does not trust r2
    TestClient alice = tlsClient(r1, pem1);
    TestClient bob = tlsClient(r2, pem2);
    List<MsrpUri> a = alice.usePath(r1.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r2.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest s =
        RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "secret");
    alice.send(s, "secret".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(s).code()).isEqualTo(200);
    assertThat(alice.nextRequest(MsrpMethod.REPORT).request().headers().status().code())
        .isEqualTo(408);
    alice.close();
    bob.close();
  }

  @Test
  void metricsAndHealthOverHttp() throws Exception {
    Relay r = fx.relay(c -> c.metrics(new InetSocketAddress("127.0.0.1", 0)));
    TestClient alice = fx.client(r);
    alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + r.metricsAddress().getPort();
    HttpResponse<String> m =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(m.body())
        .contains("# TYPE parley_relay_connections gauge")
        .contains("parley_relay_connections 1\n")
        .contains("parley_relay_authenticated_clients 1\n")
        .contains("parley_relay_sessions 1\n")
        .contains("parley_relay_auth_total{result=\"ok\"} 1\n")
        .contains("parley_relay_bytes_total{direction=\"from_client\"} 0\n")
        .doesNotContain(Fixture.ALICE_PW);
    HttpResponse<String> h =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.body()).isEqualTo("ok\n");
    HttpResponse<String> none =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/nothing")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(404);
  }

  @Test
  void shutdownEndsWhatIsInFlightWithFailureReports() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest s = RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "m");
    alice.send(s, "m".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(s).code()).isEqualTo(200);
    bob.nextRequest(MsrpMethod.SEND); // Bob never answers: the transaction is in flight
    r.close();
    MsrpRequest report = alice.nextRequest(MsrpMethod.REPORT).request();
    assertThat(report.headers().status().code()).isEqualTo(408);
    assertThat(report.headers().status().reason()).isEqualTo("Relay Shutting Down");
    assertThat(report.messageId()).isEqualTo(s.messageId());
  }
}
