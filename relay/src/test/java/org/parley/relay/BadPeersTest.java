package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.codec.MsrpEncoder;

/**
 * Peers that misbehave get a clear error or a closed connection, and another client's session keeps
 * working meanwhile. Limits are set small so that the time-outs fire quickly; nothing here waits
 * for time to pass, only for the relay's reaction.
 */
class BadPeersTest {
  @TempDir Path dir;
  Fixture fx;
  Relay r;
  TestClient alice;
  TestClient bob;
  List<MsrpUri> a;
  List<MsrpUri> b;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture(dir);
    // The time limits stay at their defaults here: a short one would also cut off the well-behaved
    // clients of a slow run. The tests of a time limit start a relay with that limit short.
    r = fx.relay(c -> c.limits(c.limits().withMaxConnections(8).withNextHopReserve(0)));
    alice = fx.client(r);
    bob = fx.client(r);
    a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** Alice's session with Bob through the relay still works. */
  private void aliceStillReachesBob(String text) {
    reaches(alice, a, bob, b, text);
  }

  /** A message from {@code from} (bound as {@code fp}) reaches {@code to} (bound as {@code tp}). */
  private static void reaches(
      TestClient from, List<MsrpUri> fp, TestClient to, List<MsrpUri> tp, String text) {
    MsrpRequest s = RelayRoutingTest.send(List.of(fp.get(0), tp.get(0), to.self), from.self, text);
    from.send(s, text.getBytes(UTF_8), ContinuationFlag.END);
    assertThat(from.responseTo(s).code()).isEqualTo(200);
    assertThat(new String(to.nextRequest(MsrpMethod.SEND).body(), UTF_8)).isEqualTo(text);
  }

  /** A raw socket's input ends (the relay closed it); returns what it read. */
  private static String readUntilClosed(Socket s) throws Exception {
    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TestClient.WAIT_SECONDS));
    InputStream in = s.getInputStream();
    return new String(in.readAllBytes(), UTF_8);
  }

  @Test
  void garbageClosesTheConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", r.uri().port())) {
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: relay\r\n\r\n".getBytes(UTF_8));
      out.flush();
      assertThat(readUntilClosed(s)).isEmpty();
    }
    aliceStillReachesBob("after garbage");
  }

  @Test
  void aSlowDripOfHeadersIsCutOff() throws Exception {
    Relay quick = fx.relay(c -> c.limits(c.limits().withHeadTimeout(Duration.ofMillis(300))));
    try (Socket s = new Socket("127.0.0.1", quick.uri().port())) {
      OutputStream out = s.getOutputStream();
      byte[] head = "MSRP drip1234 SEND\r\nTo-Path: msrp://127.0.0.1".getBytes(UTF_8);
      for (byte x : head) {
        out.write(x);
        out.flush();
      }
      assertThat(readUntilClosed(s)).isEmpty(); // the head never completed: closed
    }
    TestClient carol = fx.client(quick);
    TestClient dave = fx.client(quick);
    List<MsrpUri> c = carol.usePath(quick.uri(), "carol", Fixture.CAROL_PW);
    List<MsrpUri> d = dave.usePath(quick.uri(), "alice", Fixture.ALICE_PW);
    reaches(carol, c, dave, d, "after the drip");
  }

  @Test
  void anUnauthenticatedFloodIsRefusedThenClosed() throws Exception {
    TestClient mallory = fx.client(r);
    MsrpUri nowhere = r.uri().toBuilder().sessionId("notasession").build();
    ByteBuf burst = Unpooled.buffer();
    MsrpEncoder enc = new MsrpEncoder();
    List<Object> out = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) {
      MsrpRequest req =
          RelayRoutingTest.send(List.of(nowhere, mallory.self), mallory.self, "spam " + i);
      enc.encode(mallory.connection.channel().alloc(), req, out);
      enc.encode(mallory.connection.channel().alloc(), Unpooled.copiedBuffer("spam", UTF_8), out);
      enc.encode(mallory.connection.channel().alloc(), ContinuationFlag.END, out);
    }
    for (Object o : out) {
      burst.writeBytes((ByteBuf) o);
      ((ByteBuf) o).release();
    }
    // Raw bytes, under the MSRP encoder of the connection.
    mallory.connection.channel().pipeline().firstContext().writeAndFlush(burst);
    assertThat(mallory.next().response().code()).isEqualTo(481);
    mallory.closed.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    aliceStillReachesBob("after the flood");
  }

  @Test
  void aFloodFromAnAuthenticatedClientIsAnsweredAndOthersGoOn() throws Exception {
    TestClient carol = fx.client(r);
    List<MsrpUri> c = carol.usePath(r.uri(), "carol", Fixture.CAROL_PW);
    MsrpUri gone = r.uri().toBuilder().sessionId("expiredlongago").build();
    for (int i = 0; i < 300; i++) {
      MsrpRequest req = RelayRoutingTest.send(List.of(c.get(0), gone, carol.self), carol.self, "x");
      carol.connection.write(req);
      carol.connection.write(Unpooled.copiedBuffer("x", UTF_8));
      carol.connection.write(ContinuationFlag.END);
    }
    carol.connection.flush();
    aliceStillReachesBob("during the flood");
    for (int i = 0; i < 300; i++) {
      assertThat(carol.next().response().code()).isEqualTo(481);
    }
    assertThat(r.metrics().errors(481)).isEqualTo(300);
  }

  @Test
  void aConnectionThatNeverSucceedsIsClosedAfterItsProbation() throws Exception {
    Relay quick = fx.relay(c -> c.limits(c.limits().withProbation(Duration.ofMillis(300))));
    try (Socket s = new Socket("127.0.0.1", quick.uri().port())) {
      assertThat(readUntilClosed(s)).isEmpty();
    }
    aliceStillReachesBob("after probation");
  }

  @Test
  void connectionsPastTheLimitAreClosed() throws Exception {
    // alice, bob and the six below fill the limit of 8; the ninth is closed at once.
    List<Socket> held = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        held.add(new Socket("127.0.0.1", r.uri().port()));
      }
      TestClient extra = TestClient.connect(fx.clients, r.uri());
      extra.closed.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(r.metrics().connectionsRejected()).isEqualTo(1);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    aliceStillReachesBob("after the limit");
  }

  @Test
  void aHeadOverTheHeaderLimitGets400() throws Exception {
    TestClient carol = fx.client(r);
    List<MsrpUri> c = carol.usePath(r.uri(), "carol", Fixture.CAROL_PW);
    MsrpRequest big =
        RelayRoutingTest.send(List.of(c.get(0), b.get(0), bob.self), carol.self, "x").toBuilder()
            .header("X-Padding", "p".repeat(9000))
            .build();
    carol.connection.channel().writeAndFlush(big);
    carol.connection.channel().write(Unpooled.copiedBuffer("x", UTF_8));
    carol
        .connection
        .channel()
        .writeAndFlush(ContinuationFlag.END)
        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    assertThat(carol.next().response().code()).isEqualTo(400);
    aliceStillReachesBob("after the big head");
  }

  @Test
  void aHeaderFloodIsClosedAtTheHeaderLimit() throws Exception {
    // Head time-out and probation far away: only the header limit can end this connection.
    Relay patient =
        fx.relay(
            c ->
                c.limits(
                    c.limits()
                        .withHeadTimeout(Duration.ofMinutes(10))
                        .withProbation(Duration.ofMinutes(10))));
    int port = patient.uri().port();
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("MSRP flood1 SEND\r\nTo-Path: msrp://127.0.0.1:"
                  + port
                  + "/x;tcp\r\nFrom-Path: msrp://127.0.0.1:9/y;tcp\r\nX-Flood: ")
              .getBytes(UTF_8));
      byte[] more = "f".repeat(8192).getBytes(UTF_8);
      try {
        for (int i = 0; i < 128; i++) { // 1 MB of one header line, never a blank line
          out.write(more);
          out.flush();
        }
      } catch (java.io.IOException closedMeanwhile) {
        // the relay closed the connection while the flood went on: what this test wants
      }
      String answer;
      try {
        answer = readUntilClosed(s);
      } catch (java.net.SocketException reset) {
        answer = ""; // closed with unread input: a reset
      }
      assertThat(answer).doesNotContain("200");
    }
    aliceStillReachesBob("after the flood of headers");
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    // Long enough for the two AUTHs of a slow run, whose gaps count as idle time too.
    Relay quick = fx.relay(c -> c.limits(c.limits().withIdleTimeout(Duration.ofSeconds(3))));
    TestClient idle = fx.client(quick);
    idle.usePath(quick.uri(), "carol", Fixture.CAROL_PW);
    idle.closed.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
