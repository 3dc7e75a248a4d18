package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;

/**
 * A Byte-Range whose bytes would pass position 2^63 - 1 is the sender's error (400), found with
 * checked arithmetic where the relay counts and continues ranges; nobody else's connection suffers.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ByteRangeOverflowTest extends FixtureTest {

  private static MsrpRequest sendAt(List<MsrpUri> to, MsrpUri from, long start) {
    return MsrpRequest.builder(MsrpMethod.SEND)
        .toPath(to)
        .fromPath(List.of(from))
        .messageId(TransactionIds.next())
        .byteRange(ByteRange.of(start, ByteRange.UNKNOWN, ByteRange.UNKNOWN))
        .contentType("text/plain")
        .build();
  }

  @Test
  void aChunkContinuedPastTheLastPositionIsTheSendersBadRequest() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient carol = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> c = carol.usePath(r.uri(), "carol", Fixture.CAROL_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);

    // Ten positions are left before 2^63 - 1: Alice sends ten bytes and stalls.
    MsrpRequest head =
        sendAt(List.of(a.get(0), b.get(0), bob.self), alice.self, Long.MAX_VALUE - 9);
    alice.connection.write(head);
    alice.connection.write(Unpooled.copiedBuffer("x".repeat(10), UTF_8));
    alice.connection.flush();
    bob.whenBodyBytes(10).get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);

    // Carol's message interrupts Alice's chunk, which would go on at position 2^63.
    MsrpRequest s = RelayRoutingTest.send(List.of(c.get(0), b.get(0), bob.self), carol.self, "hi");
    carol.send(s, "hi".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(carol.responseTo(s).code()).isEqualTo(200);
    TestClient.Frame first = bob.nextRequest(MsrpMethod.SEND);
    assertThat(first.request().messageId()).isEqualTo(head.messageId());
    assertThat(first.flag()).isEqualTo(ContinuationFlag.MORE);
    assertThat(bob.nextRequest(MsrpMethod.SEND).request().messageId()).isEqualTo(s.messageId());

    alice.connection.write(Unpooled.copiedBuffer("y".repeat(5), UTF_8));
    alice.connection.write(ContinuationFlag.END);
    alice.connection.flush();
    assertThat(alice.responseTo(head).code()).isEqualTo(400);

    // Everyone's connection is still there.
    MsrpRequest later =
        RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "later");
    alice.send(later, "later".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(later).code()).isEqualTo(200);
    TestClient.Frame got = bob.nextRequest(MsrpMethod.SEND);
    assertThat(got.request().messageId()).isEqualTo(later.messageId());
    assertThat(new String(got.body(), UTF_8)).isEqualTo("later");
  }

  @Test
  void aChunkPastTheLastPositionIsAbortedAndRefused() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest head =
        sendAt(List.of(a.get(0), b.get(0), bob.self), alice.self, Long.MAX_VALUE - 3);
    alice.send(head, "twelve bytes".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(head).code()).isEqualTo(400);
    TestClient.Frame cut = bob.nextRequest(MsrpMethod.SEND);
    assertThat(cut.flag()).isEqualTo(ContinuationFlag.ABORT);
    assertThat(cut.body().length).isLessThanOrEqualTo(4);
  }
}
