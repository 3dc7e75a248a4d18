package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpListener;

/**
 * A peer that breaks the rules, over raw sockets to an {@link MsrpStack} on 127.0.0.1: whatever it
 * sends, it gets an answer or a closed connection, nothing it leaves unfinished is taken for
 * delivered, nothing acknowledged is lost, and a good client on another connection is served
 * afterwards (each case ends by checking that).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostilePeerTest {
  /** The generous bound within which a connection that cannot be MSRP must be closed. */
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

  @RegisterExtension final Stacks stacks = new Stacks();

  private MsrpStack bob;
  private MsrpListener listener;
  private MsrpSession session;
  private final Recorder recorder = new Recorder();
  private String to;
  private final ExecutorService clients = Executors.newCachedThreadPool();
  private int good;

  @BeforeEach
  void listen() {
    bob = stacks.add(MsrpStack.builder().build());
    listener = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    session =
        bob.session(
            MsrpUri.parse("msrp://127.0.0.1:" + listener.localAddress().getPort() + "/hp1;tcp"),
            recorder);
    to = session.localUri().toString();
  }

  @AfterEach
  void stopClients() {
    clients.shutdownNow();
  }

  private RawClient raw() throws Exception {
    return new RawClient(listener.localAddress().getPort());
  }

  private static String from(int n) {
    return "msrp://127.0.0.1:7777/raw" + n + ";tcp";
  }

  /** A good client, on a connection of its own, sends a message and the session gets it whole. */
  private void aGoodClientIsStillServed() throws Exception {
    MsrpStack alice = stacks.add(MsrpStack.builder().build());
    good++;
    MsrpSession a =
        alice.session(
            MsrpUri.parse("msrp://127.0.0.1:7777/good" + good + ";tcp"), new SessionListener() {});
    a.remotePath(List.of(session.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);
    String id = "good-" + good;
    byte[] text = ("still served " + good).getBytes(StandardCharsets.UTF_8);
    a.send("text/plain", text, SendOptions.builder().messageId(id).build())
        .get(20, TimeUnit.SECONDS);
    Recorder.Ended e = recorder.ended(id).get(20, TimeUnit.SECONDS);
    assertThat(e.aborted()).isFalse();
    assertThat(e.bytes()).isEqualTo(text);
  }

  @Test
  void garbageClosesTheConnection() throws Exception {
    byte[] garbage = new byte[300];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) (0x80 + i % 100); // no line end: the old decoder waited for one
    }
    try (RawClient c = raw()) {
      c.write(garbage);
      assertThat(c.closedWithin(CLOSE_BOUND)).as("closed").isTrue();
    }
    aGoodClientIsStillServed();
  }

  @Test
  void aTlsClientHelloOnAPlainPortClosesTheConnection() throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
    engine.setUseClientMode(true);
    ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), hello);
    hello.flip();
    byte[] bytes = new byte[hello.remaining()];
    hello.get(bytes);
    try (RawClient c = raw()) {
      c.write(bytes); // and the client waits for a ServerHello
      assertThat(c.closedWithin(CLOSE_BOUND)).as("closed").isTrue();
    }
    aGoodClientIsStillServed();
  }

  /** A header block without end: its 400 as soon as the limit is passed, then the close. */
  @Test
  void aHeaderFloodGets400AndTheConnectionIsClosed() throws Exception {
    try (RawClient c = raw()) {
      // Just past the 8 KB header block, no line end, in one write: read whole before the close.
      c.write(
          "MSRP tflood01 SEND\r\nTo-Path: "
              + to
              + "\r\nFrom-Path: "
              + from(9)
              + "\r\nX-Flood: "
              + "f".repeat(9 << 10));
      assertThat(c.readStatus()).isEqualTo(400);
      assertThat(c.closedWithin(CLOSE_BOUND)).as("closed").isTrue();
    }
    aGoodClientIsStillServed();
  }

  @Test
  void anHttpRequestClosesTheConnection() throws Exception {
    try (RawClient c = raw()) {
      c.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(c.closedWithin(CLOSE_BOUND)).as("closed").isTrue();
    }
    try (RawClient c = raw()) {
      c.write("GET /"); // the line has not ended yet: "GET" cannot begin a frame
      assertThat(c.closedWithin(CLOSE_BOUND)).as("closed").isTrue();
    }
    aGoodClientIsStillServed();
  }

  /**
   * A chunk whose body runs past its message's total (as msrp-java writes when it loses an
   * end-line, and the next frames become body): 400, the message aborted, and the listener never
   * hears of a byte past the total.
   */
  @Test
  void aBodyPastTheTotalIsRefusedAndNeverReachesTheListener() throws Exception {
    String lost = "0123456789\r\nMSRP tnext001 SEND\r\nTo-Path: " + to + "\r\n";
    try (RawClient c = raw()) {
      c.write(RawClient.send("tpast001", to, from(1), "past", "1-*/10", lost, '$'));
      assertThat(c.readStatus()).isEqualTo(400);
    }
    Recorder.Ended e = recorder.ended("past").get(20, TimeUnit.SECONDS);
    assertThat(e.aborted()).isTrue();
    assertThat(e.bytes().length).isLessThanOrEqualTo(10);
    aGoodClientIsStillServed();
  }

  @Test
  void endOfInputMidChunkAbortsTheMessage() throws Exception {
    String whole =
        RawClient.send("tmid0001", to, from(1), "midchunk", "1-10/10", "0123456789", '$');
    try (RawClient c = raw()) {
      c.write(whole.substring(0, whole.indexOf("0123") + 4));
    }
    assertThat(recorder.ended("midchunk").get(20, TimeUnit.SECONDS).aborted()).isTrue();
    aGoodClientIsStillServed();
  }

  @Test
  void endOfInputInsideTheEndLineAbortsTheMessage() throws Exception {
    String whole = RawClient.send("tend0001", to, from(1), "inend", "1-10/10", "0123456789", '$');
    try (RawClient c = raw()) {
      c.write(whole.substring(0, whole.length() - 5)); // "-------tend0" of the end-line
    }
    Recorder.Ended e = recorder.ended("inend").get(20, TimeUnit.SECONDS);
    assertThat(e.aborted()).isTrue(); // what came of the end-line counts as body: no '$' seen
    aGoodClientIsStillServed();
  }

  @Test
  void aFrameDrippedOneBytePerWriteIsDelivered() throws Exception {
    byte[] frame =
        RawClient.send("tdrip001", to, from(1), "drip", "1-12/12", "drip by drip", '$')
            .getBytes(StandardCharsets.US_ASCII);
    try (RawClient c = raw()) {
      for (byte b : frame) {
        c.write(new byte[] {b});
      }
      assertThat(c.readStatus()).isEqualTo(200);
    }
    Recorder.Ended e = recorder.ended("drip").get(20, TimeUnit.SECONDS);
    assertThat(e.aborted()).isFalse();
    assertThat(new String(e.bytes(), StandardCharsets.US_ASCII)).isEqualTo("drip by drip");
    aGoodClientIsStillServed();
  }

  @Test
  void duplicateChunksAreDeliveredOnce() throws Exception {
    try (RawClient c = raw()) {
      c.write(RawClient.send("tdup0001", to, from(1), "dupl", "1-4/8", "abcd", '+'));
      c.write(RawClient.send("tdup0002", to, from(1), "dupl", "1-4/8", "abcd", '+'));
      c.write(RawClient.send("tdup0003", to, from(1), "dupl", "3-6/8", "cdef", '+'));
      c.write(RawClient.send("tdup0004", to, from(1), "dupl", "5-8/8", "efgh", '$'));
      for (int i = 0; i < 4; i++) {
        assertThat(c.readStatus()).isEqualTo(200);
      }
    }
    Recorder.Ended e = recorder.ended("dupl").get(20, TimeUnit.SECONDS);
    assertThat(e.aborted()).isFalse();
    assertThat(e.received()).isEqualTo(8);
    assertThat(new String(e.bytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdefgh");
    aGoodClientIsStillServed();
  }

  /**
   * Issue 13, defect 1: 200 connections each send one whole message to one session at once and
   * close after its 200. Every message is delivered; none is taken for aborted because another
   * connection of the session closed.
   */
  @Test
  void twoHundredConnectionsAtOnceEachGetTheirMessageDelivered() throws Exception {
    int n = 200;
    CompletableFuture<Void> go = new CompletableFuture<>();
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      statuses.add(
          clients.submit(
              () -> {
                String body = ("message " + k + " ").repeat(20);
                String frame =
                    RawClient.send(
                        "tc" + (1000 + k),
                        to,
                        from(k),
                        "msg" + k,
                        "1-" + body.length() + "/" + body.length(),
                        body,
                        '$');
                try (RawClient c = raw()) {
                  go.join();
                  c.write(frame);
                  return c.readStatus(); // and close right after it
                }
              }));
    }
    go.complete(null);
    for (Future<Integer> s : statuses) {
      assertThat(s.get(60, TimeUnit.SECONDS)).isEqualTo(200);
    }
    for (int k = 0; k < n; k++) {
      Recorder.Ended e = recorder.ended("msg" + k).get(20, TimeUnit.SECONDS);
      assertThat(e.aborted()).as("msg" + k + " aborted").isFalse();
      assertThat(new String(e.bytes(), StandardCharsets.US_ASCII))
          .isEqualTo(("message " + k + " ").repeat(20));
    }
    assertThat(recorder.aborts.get()).isZero();
    aGoodClientIsStillServed();
  }

  /**
   * A message whose chunks come over two connections: the first closing after its chunk's 200 does
   * not abort it (the second still carries it), and the rest arrives whole.
   */
  @Test
  void aMessageCarriedByTwoConnectionsOutlivesTheFirst() throws Exception {
    try (RawClient b = raw()) {
      try (RawClient a = raw()) {
        a.write(RawClient.send("ttwo0001", to, from(1), "twoways", "1-5/10", "01234", '+'));
        assertThat(a.readStatus()).isEqualTo(200);
        b.write(RawClient.send("ttwo0002", to, from(1), "twoways", "6-8/10", "567", '+'));
        assertThat(b.readStatus()).isEqualTo(200);
      }
      recorder.closed.get(20, TimeUnit.SECONDS); // the session was bound to the first one
      assertThat(recorder.ended("twoways")).as("not aborted with the first").isNotDone();
      b.write(RawClient.send("ttwo0003", to, from(1), "twoways", "9-10/10", "89", '$'));
      assertThat(b.readStatus()).isEqualTo(200);
    }
    Recorder.Ended e = recorder.ended("twoways").get(20, TimeUnit.SECONDS);
    assertThat(e.aborted()).isFalse();
    assertThat(new String(e.bytes(), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
    aGoodClientIsStillServed();
  }

  /** Issue 13, defect 4: a SEND without To-Path is answered with 400. */
  @Test
  void aSendWithoutToPathIsAnswered400() throws Exception {
    try (RawClient c = raw()) {
      c.write(RawClient.send("tnoto001", null, from(1), "noto", "1-2/2", "hi", '$'));
      assertThat(c.readStatus()).isEqualTo(400);
      // The connection goes on: a good request on it is served.
      c.write(RawClient.send("tnoto002", to, from(1), "after", "1-2/2", "ok", '$'));
      assertThat(c.readStatus()).isEqualTo(200);
    }
    assertThat(recorder.ended("after").get(20, TimeUnit.SECONDS).aborted()).isFalse();
    aGoodClientIsStillServed();
  }

  /** Issue 13, defect 4: a SEND without From-Path cannot be answered: the connection closes. */
  @Test
  void aSendWithoutFromPathClosesTheConnection() throws Exception {
    try (RawClient c = raw()) {
      c.write(RawClient.send("tnofr001", to, null, "nofrom", "1-2/2", "hi", '$'));
      assertThat(c.closedWithin(CLOSE_BOUND)).as("closed").isTrue();
    }
    aGoodClientIsStillServed();
  }

  /**
   * Issue 13, defect 4: a NUL in To-Path gets 400, or the connection closes at once. Today it
   * closes: the decoder stops at the faulty To-Path line, before the From-Path an answer needs.
   */
  @Test
  void aNulInToPathIsAnsweredOrClosed() throws Exception {
    String nul = "msrp://127.0.0.1:" + listener.localAddress().getPort() + "/hp\u00001;tcp";
    try (RawClient c = raw()) {
      c.write(RawClient.send("tnul0001", nul, from(1), "nulpath", "1-2/2", "hi", '$'));
      boolean answered;
      try {
        answered = c.readStatus() == 400;
      } catch (java.io.EOFException closed) {
        answered = true; // closed: nobody to answer
      }
      assertThat(answered).isTrue();
    }
    aGoodClientIsStillServed();
  }
}
