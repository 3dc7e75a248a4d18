package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;

/** Requests relayed by To-Path through one and two relays (RFC 4976 §3, §6.4), and failures. */
class RelayRoutingTest extends FixtureTest {

  static MsrpRequest send(List<MsrpUri> to, MsrpUri from, String text) {
    byte[] b = text.getBytes(UTF_8);
    return MsrpRequest.builder(MsrpMethod.SEND)
        .toPath(to)
        .fromPath(List.of(from))
        .messageId(TransactionIds.next())
        .successReport(SuccessReport.YES)
        .byteRange(ByteRange.of(1, b.length, b.length))
        .contentType("text/plain")
        .build();
  }

  static List<MsrpUri> path(List<MsrpUri> a, MsrpUri... more) {
    List<MsrpUri> l = new ArrayList<>(a);
    l.addAll(List.of(more));
    return l;
  }

  @Test
  void throughOneRelayAndTheReportBack() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    assertThat(a).hasSize(1);
    assertThat(a.get(0).sessionId()).hasSize(22).isNotEqualTo(b.get(0).sessionId());

    // Alice's To-Path: her Use-Path, then Bob's SDP path (his relay URI, then him).
    MsrpRequest s = send(path(a, b.get(0), bob.self), alice.self, "Hi Bob");
    alice.send(s, "Hi Bob".getBytes(UTF_8), ContinuationFlag.END);

    MsrpResponse hop = alice.responseTo(s);
    assertThat(hop.code()).isEqualTo(200);
    assertThat(hop.toPath()).containsExactly(alice.self);
    assertThat(hop.fromPath()).containsExactly(a.get(0));

    TestClient.Frame got = bob.nextRequest(MsrpMethod.SEND);
    MsrpRequest in = got.request();
    assertThat(new String(got.body(), UTF_8)).isEqualTo("Hi Bob");
    assertThat(got.flag()).isEqualTo(ContinuationFlag.END);
    assertThat(in.transactionId()).isNotEqualTo(s.transactionId());
    assertThat(in.toPath()).containsExactly(bob.self);
    assertThat(in.fromPath()).containsExactly(b.get(0), a.get(0), alice.self);
    assertThat(in.messageId()).isEqualTo(s.messageId());
    bob.send(
        MsrpResponse.of(
            in.transactionId(),
            200,
            "OK",
            MsrpResponse.to(in, 200, "OK")
                .withPaths(List.of(b.get(0)), List.of(bob.self))
                .headers()));

    // Bob's success REPORT goes back along the From-Path he got.
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
    assertThat(back.toPath()).containsExactly(alice.self);
    assertThat(back.fromPath()).containsExactly(a.get(0), b.get(0), bob.self);
    assertThat(back.headers().status().code()).isEqualTo(200);
    // Both came over the connection of the Use-Path URI they named first (from a client) and
    // were written to another client of this relay (to a client).
    assertThat(r.metrics().chunks(RelayMetrics.Direction.FROM_CLIENT)).isEqualTo(2);
    assertThat(r.metrics().chunks(RelayMetrics.Direction.TO_CLIENT)).isEqualTo(2);
    assertThat(r.metrics().messages(RelayMetrics.Direction.FROM_CLIENT)).isEqualTo(1);
    assertThat(r.metrics().messages(RelayMetrics.Direction.TO_CLIENT)).isEqualTo(1);
    assertThat(r.metrics().bytes(RelayMetrics.Direction.FROM_CLIENT)).isEqualTo(6);
    assertThat(r.metrics().bytes(RelayMetrics.Direction.TO_CLIENT)).isEqualTo(6);
  }

  @Test
  void throughTwoRelays() throws Exception {
    Relay r1 = fx.relay();
    Relay r2 = fx.relay();
    TestClient alice = fx.client(r1);
    TestClient bob = fx.client(r2);
    List<MsrpUri> a = alice.usePath(r1.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r2.uri(), "bob", Fixture.BOB_PW);

    for (int i = 0; i < 3; i++) {
      MsrpRequest s = send(path(a, b.get(0), bob.self), alice.self, "message " + i);
      alice.send(s, ("message " + i).getBytes(UTF_8), ContinuationFlag.END);
      assertThat(alice.responseTo(s).code()).isEqualTo(200);
      TestClient.Frame got = bob.nextRequest(MsrpMethod.SEND);
      assertThat(new String(got.body(), UTF_8)).isEqualTo("message " + i);
      assertThat(got.request().fromPath()).containsExactly(b.get(0), a.get(0), alice.self);
    }
    // And the other way.
    MsrpRequest s = send(path(b, a.get(0), alice.self), bob.self, "back");
    bob.send(s, "back".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(bob.responseTo(s).code()).isEqualTo(200);
    assertThat(alice.nextRequest(MsrpMethod.SEND).request().fromPath())
        .containsExactly(a.get(0), b.get(0), bob.self);
  }

  @Test
  void unknownSessionGets481() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    MsrpUri unknown = r.uri().toBuilder().sessionId("nosuchsession").build();
    MsrpRequest s = send(List.of(unknown, alice.self), alice.self, "x");
    alice.send(s, "x".getBytes(UTF_8), ContinuationFlag.END);
    MsrpResponse res = alice.responseTo(s);
    assertThat(res.code()).isEqualTo(481);
    assertThat(r.metrics().errors(481)).isEqualTo(1);
  }

  @Test
  void aRequestNotAddressedToTheRelayDropsTheConnection() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    MsrpRequest s =
        send(List.of(MsrpUri.parse("msrp://192.0.2.1:9/abcd;tcp")), alice.self, "misrouted");
    alice.send(s, "misrouted".getBytes(UTF_8), ContinuationFlag.END);
    alice.closed.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void unreachableNextHopGetsA408FailureReport() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    MsrpUri nowhere = MsrpUri.parse("msrp://127.0.0.1:" + closedPort + "/gone;tcp");
    MsrpRequest s = send(path(a, nowhere), alice.self, "lost");
    alice.send(s, "lost".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(s).code()).isEqualTo(200); // received by this hop
    MsrpRequest report = alice.nextRequest(MsrpMethod.REPORT).request();
    assertThat(report.headers().status().code()).isEqualTo(408);
    assertThat(report.messageId()).isEqualTo(s.messageId());
    assertThat(report.toPath()).containsExactly(alice.self);
    assertThat(report.fromPath()).containsExactly(a.get(0));
    assertThat(report.byteRange()).isEqualTo(s.byteRange());
    assertThat(r.metrics().reports(408)).isEqualTo(1);
  }

  @Test
  void anErrorResponseDownstreamBecomesAFailureReport() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest s = send(path(a, b.get(0), bob.self), alice.self, "<b>html</b>");
    alice.send(s, "<b>html</b>".getBytes(UTF_8), ContinuationFlag.END);
    MsrpRequest in = bob.nextRequest(MsrpMethod.SEND).request();
    bob.send(
        MsrpResponse.of(
            in.transactionId(),
            415,
            "Unsupported Media Type",
            MsrpResponse.to(in, 415, null)
                .withPaths(List.of(b.get(0)), List.of(bob.self))
                .headers()));
    MsrpRequest report = alice.nextRequest(MsrpMethod.REPORT).request();
    assertThat(report.headers().status().code()).isEqualTo(415);
    assertThat(report.headers().status().reason()).isEqualTo("Unsupported Media Type");
  }

  @Test
  void noResponseInTimeGetsA408Report() throws Exception {
    Relay r =
        fx.relay(
            c -> c.limits(c.limits().withTransactionTimeout(java.time.Duration.ofMillis(200))));
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest s = send(path(a, b.get(0), bob.self), alice.self, "silence");
    alice.send(s, "silence".getBytes(UTF_8), ContinuationFlag.END);
    bob.nextRequest(MsrpMethod.SEND); // and never answered
    MsrpRequest report = alice.nextRequest(MsrpMethod.REPORT).request();
    assertThat(report.headers().status().code()).isEqualTo(408);
  }

  @Test
  void failureReportNoMeansNoResponseAndNoReport() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    MsrpUri nowhere = MsrpUri.parse("msrp://127.0.0.1:1/gone;tcp");
    MsrpRequest quiet =
        send(path(a, nowhere), alice.self, "q").toBuilder().failureReport(FailureReport.NO).build();
    alice.send(quiet, "q".getBytes(UTF_8), ContinuationFlag.END);
    MsrpRequest loud = send(path(a, nowhere), alice.self, "l");
    alice.send(loud, "l".getBytes(UTF_8), ContinuationFlag.END);
    // The first frame Alice gets is about the second SEND: nothing came for the first.
    TestClient.Frame first = alice.next();
    assertThat(first.response().transactionId()).isEqualTo(loud.transactionId());
    MsrpRequest report = alice.nextRequest(MsrpMethod.REPORT).request();
    assertThat(report.messageId()).isEqualTo(loud.messageId());
  }

  @Test
  void anUnauthenticatedPeerCanOnlyReachTheClientOfTheUri() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    TestClient mallory = fx.client(r); // never authenticates
    MsrpUri elsewhere = MsrpUri.parse("msrp://127.0.0.1:1/victim;tcp");
    // Mallory names Alice's URI and then somewhere else: it can only go to Alice.
    MsrpRequest s = send(List.of(a.get(0), elsewhere), mallory.self, "spam?");
    mallory.send(s, "spam?".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(mallory.responseTo(s).code()).isEqualTo(200);
    MsrpRequest in = alice.nextRequest(MsrpMethod.SEND).request();
    assertThat(in.toPath()).containsExactly(elsewhere);
    assertThat(in.fromPath()).containsExactly(a.get(0), mallory.self);
    assertThat(r.metrics().connections()).isEqualTo(2); // no connection to "elsewhere"
    // And the relay's own URI is not a way out.
    MsrpRequest out = send(List.of(r.uri(), elsewhere), mallory.self, "out");
    mallory.send(out, "out".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(mallory.responseTo(out).code()).isEqualTo(481);
  }

  @Test
  void unknownMethodsAreForwardedAndAnsweredEndToEnd() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest ping =
        MsrpRequest.builder(MsrpMethod.of("PING"))
            .toPath(path(a, b.get(0), bob.self))
            .fromPath(List.of(alice.self))
            .build();
    alice.send(ping);
    MsrpRequest in = bob.nextRequest(MsrpMethod.of("PING")).request();
    // Bob answers end to end: To-Path is the whole From-Path he got.
    bob.send(
        MsrpResponse.of(
            in.transactionId(),
            501,
            "Not Implemented",
            MsrpResponse.to(in, 501, null).withPaths(in.fromPath(), List.of(bob.self)).headers()));
    MsrpResponse back = alice.responseTo(ping);
    assertThat(back.code()).isEqualTo(501);
    assertThat(back.toPath()).containsExactly(alice.self);
    assertThat(back.fromPath()).containsExactly(a.get(0), b.get(0), bob.self);
  }

  @Test
  void authThroughTheFirstRelayToTheSecond() throws Exception {
    Relay intra = fx.relay();
    Relay extra = fx.relay();
    TestClient alice = fx.client(intra);
    List<MsrpUri> a = alice.usePath(intra.uri(), "alice", Fixture.ALICE_PW);
    MsrpResponse ok = alice.authenticate(path(a, extra.uri()), "alice", Fixture.ALICE_PW);
    assertThat(ok.toPath()).containsExactly(alice.self);
    assertThat(ok.fromPath()).containsExactly(a.get(0), extra.uri());
    List<MsrpUri> use = ok.headers().usePath();
    assertThat(use).hasSize(2);
    assertThat(use.get(0)).isEqualTo(a.get(0));
    assertThat(use.get(1).port()).isEqualTo(extra.uri().port());

    // Bob, on extra, reaches Alice through extra then intra.
    TestClient bob = fx.client(extra);
    List<MsrpUri> b = bob.usePath(extra.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest s = send(path(b, use.get(1), use.get(0), alice.self), bob.self, "via two");
    bob.send(s, "via two".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(bob.responseTo(s).code()).isEqualTo(200);
    TestClient.Frame got = alice.nextRequest(MsrpMethod.SEND);
    assertThat(new String(got.body(), UTF_8)).isEqualTo("via two");
    assertThat(got.request().fromPath())
        .containsExactly(use.get(0), use.get(1), b.get(0), bob.self);
  }
}
