package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.transport.MsrpTransport;

/**
 * Cut-through and backpressure: a chunk far larger than the relay's buffers goes through to a
 * receiver that does not read, and the relay holds at most its write buffer and one read of it.
 */
class BackpressureTest extends FixtureTest {
  /**
   * Far more than every buffer on the way can take (loopback sockets take up to 4 + 6 MB each way,
   * the transports 1 MB each): the sender cannot finish while the receiver does not read.
   */
  static final long TOTAL = 64L << 20;

  /** The relay's bound: the high-water mark, plus what one read and one head can add past it. */
  static final long BOUND = MsrpTransport.DEFAULT_HIGH_WATER_MARK + (192 << 10);

  @Test
  void aSlowReceiverPausesTheSenderAndTheRelayHoldsLittle() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    bob.connection.channel().config().setAutoRead(false); // Bob stops reading

    CompletableFuture<Void> paused = new CompletableFuture<>();
    r.onDownstreamPause = () -> paused.complete(null);
    MsrpRequest head =
        MsrpRequest.builder(MsrpMethod.SEND)
            .toPath(List.of(a.get(0), b.get(0), bob.self))
            .fromPath(List.of(alice.self))
            .messageId(TransactionIds.next())
            .byteRange(ByteRange.of(1, TOTAL, TOTAL))
            .contentType("application/octet-stream")
            .build();
    CompletableFuture<byte[]> sent =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return alice.stream(head, TOTAL, 64 << 10, ContinuationFlag.END);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    // The relay stops reading Alice because Bob's connection is full, long before the chunk ends.
    paused.get(TestClient.WAIT_SECONDS * 3, TimeUnit.SECONDS);
    assertThat(sent).isNotDone();
    assertThat(r.metrics().pendingWriteBytesPeak()).isLessThanOrEqualTo(BOUND);
    assertThat(r.metrics().queuedBytesPeak()).isLessThanOrEqualTo(192 << 10);

    bob.connection.channel().config().setAutoRead(true); // Bob reads again
    byte[] sha = sent.get(TestClient.WAIT_SECONDS * 6, TimeUnit.SECONDS);
    TestClient.Frame got = bob.nextRequest(MsrpMethod.SEND);
    assertThat(got.flag()).isEqualTo(ContinuationFlag.END);
    assertThat(bob.bodyBytes).isEqualTo(TOTAL);
    assertThat(bob.sha256.digest()).isEqualTo(sha);
    assertThat(got.request().byteRange()).isEqualTo(ByteRange.of(1, TOTAL, TOTAL));
    assertThat(alice.responseTo(head).code()).isEqualTo(200);

    // Over the whole transfer, the relay never held more than that.
    assertThat(r.metrics().pendingWriteBytesPeak()).isLessThanOrEqualTo(BOUND);
    assertThat(r.metrics().queuedBytesPeak()).isLessThanOrEqualTo(192 << 10);
    assertThat(r.metrics().queuedBytes()).isZero();
    assertThat(r.metrics().pausedUpstreams()).isZero();
    assertThat(r.metrics().bytes(RelayMetrics.Direction.FROM_CLIENT)).isEqualTo(TOTAL);
  }

  @Test
  void aStalledChunkIsInterruptedSoOthersGetThrough() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient carol = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> c = carol.usePath(r.uri(), "carol", Fixture.CAROL_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);

    // Alice starts a 100-byte chunk to Bob, sends 40 bytes of it and stalls.
    String id = TransactionIds.next();
    MsrpRequest half =
        MsrpRequest.builder(MsrpMethod.SEND)
            .toPath(List.of(a.get(0), b.get(0), bob.self))
            .fromPath(List.of(alice.self))
            .messageId(id)
            .byteRange(ByteRange.of(1, 100, 100))
            .contentType("text/plain")
            .build();
    alice.connection.write(half);
    alice.connection.write(io.netty.buffer.Unpooled.copiedBuffer("x".repeat(40), UTF_8));
    alice.connection.flush();
    // The relay has relayed those 40 bytes to Bob (cut-through: the chunk is not complete).
    bob.whenBodyBytes(40).get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);

    // Carol's message to Bob still arrives whole.
    MsrpRequest s = RelayRoutingTest.send(List.of(c.get(0), b.get(0), bob.self), carol.self, "hi");
    carol.send(s, "hi".getBytes(UTF_8), ContinuationFlag.END);
    TestClient.Frame first = bob.nextRequest(MsrpMethod.SEND);
    TestClient.Frame second = bob.nextRequest(MsrpMethod.SEND);
    // Alice's first piece ended with '+' after what had come; then Carol's message.
    assertThat(first.request().messageId()).isEqualTo(id);
    assertThat(first.flag()).isEqualTo(ContinuationFlag.MORE);
    assertThat(new String(first.body(), UTF_8)).isEqualTo("x".repeat(40));
    assertThat(second.request().messageId()).isEqualTo(s.messageId());
    assertThat(new String(second.body(), UTF_8)).isEqualTo("hi");
    assertThat(r.metrics().splits()).isEqualTo(1);

    // Alice finishes; the rest arrives as a new chunk continuing the range.
    alice.connection.write(io.netty.buffer.Unpooled.copiedBuffer("y".repeat(60), UTF_8));
    alice.connection.write(ContinuationFlag.END);
    alice.connection.flush();
    TestClient.Frame rest = bob.nextRequest(MsrpMethod.SEND);
    assertThat(rest.request().messageId()).isEqualTo(id);
    assertThat(rest.request().byteRange()).isEqualTo(ByteRange.of(41, ByteRange.UNKNOWN, 100));
    assertThat(new String(rest.body(), UTF_8)).isEqualTo("y".repeat(60));
    assertThat(rest.flag()).isEqualTo(ContinuationFlag.END);
    assertThat(rest.request().transactionId()).isNotEqualTo(first.request().transactionId());
  }

  @Test
  void aSenderLostMidChunkIsAbortedDownstream() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest half =
        MsrpRequest.builder(MsrpMethod.SEND)
            .toPath(List.of(a.get(0), b.get(0), bob.self))
            .fromPath(List.of(alice.self))
            .messageId(TransactionIds.next())
            .byteRange(ByteRange.of(1, 100, 100))
            .contentType("text/plain")
            .build();
    alice.connection.write(half);
    alice.connection.write(io.netty.buffer.Unpooled.copiedBuffer("z".repeat(30), UTF_8));
    alice.connection.flush();
    alice.close();
    TestClient.Frame got = bob.nextRequest(MsrpMethod.SEND);
    assertThat(got.flag()).isEqualTo(ContinuationFlag.ABORT);
    assertThat(new String(got.body(), UTF_8)).isEqualTo("z".repeat(30));
  }

  @Test
  void forwardsWaitWhileTheNextHopHasTheMostTransactionsOpen() throws Exception {
    Relay r = fx.relay(c -> c.limits(c.limits().withMaxPending(2)));
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    List<MsrpRequest> sent = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      MsrpRequest s =
          RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "m" + i);
      alice.send(s, ("m" + i).getBytes(UTF_8), ContinuationFlag.END);
      sent.add(s);
    }
    MsrpRequest first = bob.nextRequest(MsrpMethod.SEND).request();
    assertThat(bob.nextRequest(MsrpMethod.SEND).request().messageId())
        .isEqualTo(sent.get(1).messageId());
    // Bob does not answer: the third waits, and frames the relay makes for Bob pass it.
    MsrpRequest own = RelayRoutingTest.send(List.of(b.get(0), a.get(0), alice.self), bob.self, "o");
    bob.send(own, "o".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(bob.next().response().transactionId()).isEqualTo(own.transactionId());

    bob.send(
        org.parley.msrp.MsrpResponse.of(
            first.transactionId(),
            200,
            "OK",
            org.parley.msrp.MsrpResponse.to(first, 200, "OK")
                .withPaths(List.of(b.get(0)), List.of(bob.self))
                .headers()));
    assertThat(bob.nextRequest(MsrpMethod.SEND).request().messageId())
        .isEqualTo(sent.get(2).messageId());
    assertThat(alice.responseTo(sent.get(2)).code()).isEqualTo(200);
  }
}
