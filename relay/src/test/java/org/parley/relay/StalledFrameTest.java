package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;

/**
 * No frame towards a client holds its connection for long: a request other than SEND whose sender
 * stalls is aborted after the frame time-out, and one whose body passes the bound is cut off, so
 * the client's other traffic (its own 200s included) goes on.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StalledFrameTest extends FixtureTest {

  private static MsrpRequest ping(List<MsrpUri> to, MsrpUri from) {
    return MsrpRequest.builder(MsrpMethod.of("PING"))
        .toPath(to)
        .fromPath(List.of(from))
        .contentType("text/plain")
        .build();
  }

  @Test
  void aStalledRequestFromAnUnauthenticatedPeerLosesTheClientsSlot() throws Exception {
    // Short only on this relay of the test's own.
    Relay r = fx.relay(c -> c.limits(c.limits().withFrameTimeout(Duration.ofMillis(300))));
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);

    // Mallory knows Bob's Use-Path URI (it is in his SDP), sends a head and a few bytes, and stops.
    TestClient mallory = fx.client(r);
    mallory.connection.write(ping(List.of(b.get(0), bob.self), mallory.self));
    mallory.connection.write(Unpooled.copiedBuffer("hold", UTF_8));
    mallory.connection.flush();
    TestClient.Frame cut = bob.nextRequest(MsrpMethod.of("PING"));
    assertThat(cut.flag()).isEqualTo(ContinuationFlag.ABORT);
    assertThat(new String(cut.body(), UTF_8)).isEqualTo("hold");

    // Bob's traffic goes on both ways: Alice's message reaches him, his own SEND gets its 200.
    MsrpRequest s = RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "hi");
    alice.send(s, "hi".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(s).code()).isEqualTo(200);
    assertThat(new String(bob.nextRequest(MsrpMethod.SEND).body(), UTF_8)).isEqualTo("hi");
    MsrpRequest back =
        RelayRoutingTest.send(List.of(b.get(0), a.get(0), alice.self), bob.self, "back");
    bob.send(back, "back".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(bob.responseTo(back).code()).isEqualTo(200);
    assertThat(new String(alice.nextRequest(MsrpMethod.SEND).body(), UTF_8)).isEqualTo("back");

    // What Mallory sends later of that frame goes nowhere.
    mallory.connection.write(Unpooled.copiedBuffer("more", UTF_8));
    mallory.connection.write(ContinuationFlag.END);
    mallory.connection.flush();
    MsrpRequest again =
        RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "again");
    alice.send(again, "again".getBytes(UTF_8), ContinuationFlag.END);
    TestClient.Frame next = bob.next();
    assertThat(next.request().messageId()).isEqualTo(again.messageId());
  }

  @Test
  void aLongBodyOfAnotherMethodIsCutOffAtItsBound() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    int bound = r.config().limits().maxOtherBody();

    TestClient mallory = fx.client(r);
    MsrpRequest big = ping(List.of(b.get(0), bob.self), mallory.self);
    mallory.stream(big, 4L * bound, 8192, ContinuationFlag.END);
    TestClient.Frame cut = bob.nextRequest(MsrpMethod.of("PING"));
    assertThat(cut.flag()).isEqualTo(ContinuationFlag.ABORT);
    assertThat(cut.body().length).isLessThanOrEqualTo(bound);
    assertThat(mallory.responseTo(big).code()).isEqualTo(413);

    MsrpRequest s = RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "ok");
    alice.send(s, "ok".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(s).code()).isEqualTo(200);
    assertThat(new String(bob.nextRequest(MsrpMethod.SEND).body(), UTF_8)).isEqualTo("ok");
  }
}
