package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.TestCertificates;

/**
 * The success REPORT of a message goes back to its sender whether or not the sender put its own
 * Use-Path in its path: a next hop that is the address of an authenticated client's connection is
 * reached over that connection (RFC 4975 §6 connection reuse), not over a new one.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DirectSenderTest extends FixtureTest {

  /** Alice sends to Bob along {@code to}; Bob's REPORT comes back to her; returns it. */
  private static MsrpRequest roundTrip(TestClient alice, TestClient bob, List<MsrpUri> to) {
    MsrpRequest s = RelayRoutingTest.send(to, alice.self, "Hi Bob");
    alice.send(s, "Hi Bob".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(s).code()).isEqualTo(200);
    MsrpRequest in = bob.nextRequest(MsrpMethod.SEND).request();
    bob.send(
        MsrpResponse.of(
            in.transactionId(),
            200,
            "OK",
            MsrpResponse.to(in, 200, "OK")
                .withPaths(List.of(in.fromPath().get(0)), List.of(bob.self))
                .headers()));
    MsrpRequest report =
        MsrpRequest.builder(MsrpMethod.REPORT)
            .toPath(in.fromPath())
            .fromPath(List.of(bob.self))
            .messageId(in.messageId())
            .byteRange(ByteRange.of(1, 6, 6))
            .status(MsrpStatus.of(0, 200, "OK"))
            .build();
    bob.send(report);
    MsrpRequest back = alice.nextRequest(MsrpMethod.REPORT).request();
    assertThat(back.messageId()).isEqualTo(s.messageId());
    assertThat(back.toPath()).containsExactly(alice.self);
    return back;
  }

  @Test
  void theReportReachesASenderThatNamedItsOwnUriOnly() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    alice.usePath(r.uri(), "alice", Fixture.ALICE_PW); // authenticated, but not in her path
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest back = roundTrip(alice, bob, List.of(b.get(0), bob.self));
    assertThat(back.fromPath()).containsExactly(b.get(0), bob.self);
    assertThat(r.metrics().connections()).isEqualTo(2); // no new connection towards Alice
  }

  @Test
  void theReportReachesASenderThatNamedItsUsePath() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest back = roundTrip(alice, bob, List.of(a.get(0), b.get(0), bob.self));
    assertThat(back.fromPath()).containsExactly(a.get(0), b.get(0), bob.self);
    assertThat(r.metrics().connections()).isEqualTo(2);
  }

  @Test
  void theReportReachesASenderOverTls() throws Exception {
    Path d = Files.createDirectories(dir.resolve("relay"));
    KeyStore ks = TestCertificates.selfSigned(d, "relay");
    Path[] pem = TestCertificates.writePem(ks, d);
    Relay r =
        fx.relay(
            c -> c.listen(List.of(MsrpUri.parse("msrps://127.0.0.1:0;tcp"))).tls(pem[0], pem[1]));
    MsrpTls tls = MsrpTls.client(List.of(RelayFiles.fingerprint(pem[0])));
    TestClient alice = TestClient.connect(fx.clients, r.uri(), tls);
    TestClient bob = TestClient.connect(fx.clients, r.uri(), tls);
    try {
      alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
      List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
      assertThat(alice.self.secure()).isTrue();
      MsrpRequest back = roundTrip(alice, bob, List.of(b.get(0), bob.self));
      assertThat(back.fromPath()).containsExactly(b.get(0), bob.self);
    } finally {
      alice.close();
      bob.close();
    }
  }

  /** Bob sends to {@code to} (after his Use-Path); the relay finds no way there: a 408 REPORT. */
  private static void unreachable(TestClient bob, List<MsrpUri> b, MsrpUri to) {
    MsrpRequest s = RelayRoutingTest.send(List.of(b.get(0), to), bob.self, "where?");
    bob.send(s, "where?".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(bob.responseTo(s).code()).isEqualTo(200);
    MsrpRequest report = bob.nextRequest(MsrpMethod.REPORT).request();
    assertThat(report.messageId()).isEqualTo(s.messageId());
    assertThat(report.headers().status().code()).isEqualTo(408);
    assertThat(report.headers().status().reason()).isEqualTo("Next Hop Unreachable");
  }

  @Test
  void theConnectionOfAnUnauthenticatedPeerIsNotReused() throws Exception {
    Relay r = fx.relay();
    TestClient bob = fx.client(r);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    TestClient mallory = fx.client(r); // connected, never authenticated
    unreachable(bob, b, mallory.self);
  }

  @Test
  void aSecureNextHopIsNotReachedOverAPlainConnection() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    unreachable(bob, b, alice.self.toBuilder().secure(true).build());
  }
}
