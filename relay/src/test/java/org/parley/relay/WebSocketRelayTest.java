package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.ResourceLeakDetector;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;
import org.parley.msrp.session.SessionListener;
import org.parley.msrp.transport.MsrpWebSocket;

/**
 * The relay as the WebSocket server of RFC 7977: browser-like clients (`.invalid` hosts, `;ws`)
 * authenticate over a ws listener, get a TCP Use-Path, and are reached over the connection they
 * authenticated on, by TCP clients and by each other, with chunks of any size.
 */
@Timeout(120)
class WebSocketRelayTest extends FixtureTest {
  private static final String PATH = "/msrp";

  private Relay relay() throws Exception {
    return fx.relay(
        b -> b.listen(MsrpUri.parse("msrp://127.0.0.1:0;ws")).webSocketOrigin("https://chat.test"));
  }

  private static MsrpUri wsUri(Relay r) {
    return r.uris().stream().filter(RelayConfig::isWebSocket).findFirst().orElseThrow();
  }

  private TestClient wsClient(Relay r) {
    return TestClient.connect(fx.clients, wsUri(r), null, PATH);
  }

  private static MsrpRequest send(List<MsrpUri> to, MsrpUri from, byte[] body) {
    return RelayRoutingTest.send(to, from, "x").toBuilder()
        .byteRange(ByteRange.of(1, body.length, body.length))
        .build();
  }

  private static void deliver(TestClient from, List<MsrpUri> to, TestClient at, String text) {
    byte[] b = text.getBytes(UTF_8);
    MsrpRequest s = send(to, from.self, b);
    from.send(s, b, ContinuationFlag.END);
    MsrpResponse hop = from.responseTo(s);
    assertThat(hop.code()).isEqualTo(200);
    TestClient.Frame got = at.nextRequest(MsrpMethod.SEND);
    assertThat(new String(got.body(), UTF_8)).isEqualTo(text);
    assertThat(got.request().toPath()).containsExactly(at.self);
    assertThat(got.request().messageId()).isEqualTo(s.messageId());
  }

  @Test
  void aWebSocketClientChatsWithATcpClientThroughItsTcpUsePath() throws Exception {
    Relay r = relay();
    TestClient alice = wsClient(r);
    TestClient bob = fx.client(r);
    assertThat(alice.self.host()).endsWith(".invalid");
    assertThat(alice.self.transport()).isEqualTo("ws");

    List<MsrpUri> a = alice.usePath(wsUri(r), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    assertThat(a).hasSize(1);
    assertThat(a.get(0).transport()).as("RFC 7977 §8: a TCP Use-Path").isEqualTo("tcp");
    assertThat(a.get(0).port()).isEqualTo(r.uri().port());

    deliver(alice, RelayRoutingTest.path(a, b.get(0), bob.self), bob, "Hi Bob, from a browser");
    deliver(
        bob, RelayRoutingTest.path(b, a.get(0), alice.self), alice, "Hi Alice, from a terminal");
  }

  private static final class Inbox implements SessionListener {
    final CompletableFuture<IncomingMessage> done = new CompletableFuture<>();

    @Override
    public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
      done.complete(m);
    }
  }

  /**
   * msrp-core's session API behind a WebSocket relay, as {@code parley load --relay wss://...} uses
   * it: the AUTH goes over WebSocket, and the session whose first hop is the (TCP) Use-Path goes
   * over that same WebSocket connection, both ways.
   */
  @Test
  void theSessionApiChatsOverTheWebSocketItAuthenticatedOn() throws Exception {
    Relay r = relay();
    try (MsrpStack alice = MsrpStack.builder().build();
        MsrpStack bob = MsrpStack.builder().build()) {
      MsrpUri aliceUri = MsrpUri.parse("msrp://a1b2c3.invalid:9/alice1;ws");
      MsrpUri bobUri = MsrpUri.parse("msrp://127.0.0.1:9/bob1;tcp");
      RelayBinding a =
          alice
              .authenticate(wsUri(r), aliceUri, "alice", Fixture.ALICE_PW, null, null)
              .get(20, TimeUnit.SECONDS);
      RelayBinding b =
          bob.authenticate(r.uri(), bobUri, "bob", Fixture.BOB_PW, null, null)
              .get(20, TimeUnit.SECONDS);
      assertThat(a.usePath().get(0).transport()).isEqualTo("tcp");

      Inbox bobInbox = new Inbox();
      MsrpSession bs = bob.session(bobUri, bobInbox);
      Inbox aliceInbox = new Inbox();
      MsrpSession as = alice.session(aliceUri, aliceInbox);
      as.relays(a.usePath());
      as.remotePath(b.pathTo(bobUri));
      bs.relays(b.usePath());
      bs.remotePath(a.pathTo(aliceUri));
      as.connect(null).get(20, TimeUnit.SECONDS);
      as.send("text/plain", "from the browser side".getBytes(UTF_8)).get(20, TimeUnit.SECONDS);
      assertThat(bobInbox.done.get(20, TimeUnit.SECONDS).received()).isEqualTo(21);
      bs.send("text/plain", "back to it".getBytes(UTF_8)).get(20, TimeUnit.SECONDS);
      assertThat(aliceInbox.done.get(20, TimeUnit.SECONDS).received()).isEqualTo(10);
    }
  }

  @Test
  void twoWebSocketClientsChatThroughTheSameRelay() throws Exception {
    Relay r = relay();
    TestClient alice = wsClient(r);
    TestClient bob = wsClient(r);
    List<MsrpUri> a = alice.usePath(wsUri(r), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(wsUri(r), "bob", Fixture.BOB_PW);
    deliver(alice, RelayRoutingTest.path(a, b.get(0), bob.self), bob, "one");
    deliver(bob, RelayRoutingTest.path(b, a.get(0), alice.self), alice, "two");
  }

  @Test
  void aChunkOfAnySizeStreamsToAWebSocketClient() throws Exception {
    Relay r = relay();
    TestClient alice = wsClient(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(wsUri(r), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    int size = 3 << 20; // twelve times the largest frame a WebSocket peer reads by default
    MsrpRequest s =
        RelayRoutingTest.send(RelayRoutingTest.path(b, a.get(0), alice.self), bob.self, "x")
            .toBuilder()
            .byteRange(ByteRange.of(1, size, size))
            .build();
    byte[] digest = bob.stream(s, size, 64 << 10, ContinuationFlag.END);
    assertThat(bob.responseTo(s).code()).isEqualTo(200);
    alice.whenBodyBytes(size).join();
    assertThat(HexFormat.of().formatHex(alice.sha256.digest()))
        .isEqualTo(HexFormat.of().formatHex(digest));
  }

  /**
   * Backpressure over WebSocket, both ways: a 64 MB chunk to a receiver that does not read makes
   * the relay stop reading the sender, holding at most its write buffer and what one read of
   * WebSocket frames brings; then everything arrives byte-exact.
   *
   * <p>Netty's leak detection is ADVANCED (sampled) while the sender is a WebSocket client: a
   * client masks every frame it sends and the relay unmasks it (RFC 6455 §5.3), eight bytes per
   * buffer access, and the build's paranoid level records a stack trace at every access: some
   * 16,000 per 64 KB frame on each side, most of a minute of CPU for 64 MB (and past the time-out
   * on a loaded machine), though nothing ever waits. The other direction (the relay's frames to a
   * client are not masked) keeps it paranoid.
   */
  @ParameterizedTest(name = "sender over WebSocket: {0}")
  @ValueSource(booleans = {true, false})
  void aSlowReceiverPausesTheSenderOverWebSocketToo(boolean senderOnWs) throws Exception {
    ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
    if (senderOnWs && before == ResourceLeakDetector.Level.PARANOID) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.ADVANCED);
    }
    try {
      slowReceiverPausesTheSender(senderOnWs);
    } finally {
      ResourceLeakDetector.setLevel(before);
    }
  }

  private void slowReceiverPausesTheSender(boolean senderOnWs) throws Exception {
    Relay r = relay();
    TestClient alice = senderOnWs ? wsClient(r) : fx.client(r);
    TestClient bob = senderOnWs ? fx.client(r) : wsClient(r);
    List<MsrpUri> a = alice.usePath(senderOnWs ? wsUri(r) : r.uri(), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(senderOnWs ? r.uri() : wsUri(r), "bob", Fixture.BOB_PW);
    bob.connection.channel().config().setAutoRead(false);

    CompletableFuture<Void> paused = new CompletableFuture<>();
    r.onDownstreamPause = () -> paused.complete(null);
    long total = BackpressureTest.TOTAL;
    MsrpRequest head =
        RelayRoutingTest.send(List.of(a.get(0), b.get(0), bob.self), alice.self, "x").toBuilder()
            .byteRange(ByteRange.of(1, total, total))
            .build();
    CompletableFuture<byte[]> sent =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return alice.stream(head, total, 64 << 10, ContinuationFlag.END);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    paused.get(TestClient.WAIT_SECONDS * 3, TimeUnit.SECONDS);
    assertThat(sent).isNotDone();
    long readBound = MsrpWebSocket.DEFAULT_MAX_FRAME_PAYLOAD + (192 << 10);
    assertThat(r.metrics().pendingWriteBytesPeak()).isLessThanOrEqualTo(BackpressureTest.BOUND);
    assertThat(r.metrics().queuedBytesPeak()).isLessThanOrEqualTo(readBound);

    bob.connection.channel().config().setAutoRead(true);
    byte[] sha = sent.get(TestClient.WAIT_SECONDS * 6, TimeUnit.SECONDS);
    bob.whenBodyBytes(total).get(TestClient.WAIT_SECONDS * 6, TimeUnit.SECONDS);
    assertThat(bob.sha256.digest()).isEqualTo(sha);
    assertThat(alice.responseTo(head).code()).isEqualTo(200);
    assertThat(r.metrics().pendingWriteBytesPeak()).isLessThanOrEqualTo(BackpressureTest.BOUND);
    assertThat(r.metrics().queuedBytesPeak()).isLessThanOrEqualTo(readBound);
    assertThat(r.metrics().queuedBytes()).isZero();
  }

  /**
   * A WebSocket client is reached through its binding only: a request naming the address its
   * connection comes from (as a TCP client without a relay of its own is reached, RFC 4975 §6) is
   * not written to it.
   */
  @Test
  void aWebSocketClientIsNotReachedByItsAddress() throws Exception {
    Relay r = relay();
    TestClient alice = wsClient(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> a = alice.usePath(wsUri(r), "alice", Fixture.ALICE_PW);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    java.net.InetSocketAddress from = alice.connection.localAddress();
    MsrpUri byAddress =
        MsrpUri.parse("msrp://127.0.0.1:" + from.getPort() + "/" + TransactionIds.next() + ";tcp");
    byte[] body = "by address".getBytes(UTF_8);
    MsrpRequest s = send(RelayRoutingTest.path(b, byAddress), bob.self, body);
    bob.send(s, body, ContinuationFlag.END);
    // Then one through Alice's binding: it is the first (and only) request she gets.
    deliver(bob, RelayRoutingTest.path(b, a.get(0), alice.self), alice, "through the binding");
  }

  @Test
  void aWebSocketUriOutsideABindingIsNeverConnectedTo() throws Exception {
    Relay r = relay();
    TestClient bob = fx.client(r);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpUri stranger = MsrpUri.parse("msrp://k3j4h5.invalid:2855/" + TransactionIds.next() + ";ws");
    byte[] body = "hello?".getBytes(UTF_8);
    MsrpRequest s = send(RelayRoutingTest.path(b, stranger), bob.self, body);
    bob.send(s, body, ContinuationFlag.END);
    assertThat(bob.responseTo(s).code()).isEqualTo(403);
  }

  @Test
  void aWebSocketListenerNeedsATcpOneAndTakesTheWsSpelling() {
    assertThat(RelayConfigFile.listenUri("wss://relay.test:443").toString())
        .isEqualTo("msrps://relay.test:443;ws");
    assertThat(RelayConfigFile.listenUri("ws://127.0.0.1:8080").toString())
        .isEqualTo("msrp://127.0.0.1:8080;ws");
    assertThatThrownBy(
            () ->
                RelayConfig.builder()
                    .listen(MsrpUri.parse("msrp://127.0.0.1:0;ws"))
                    .users(fx.users)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a tcp one");
    assertThatThrownBy(
            () ->
                RelayConfig.builder()
                    .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
                    .listen(MsrpUri.parse("msrps://127.0.0.1:0;ws"))
                    .users(fx.users)
                    .build())
        .as("a wss client's Use-Path is msrps")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a tcp one too, msrps");
  }
}
