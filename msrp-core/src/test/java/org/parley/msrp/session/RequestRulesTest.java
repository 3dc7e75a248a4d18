package org.parley.msrp.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;

/**
 * Every kind of request the stack sends, read by a {@link StrictPeer} over a real socket: the
 * binding SEND, the keep-alive SEND, a text, a chunked message, a streamed message, a streamed
 * message interrupted by a text, an aborted message, and the success and failure REPORTs. Each must
 * keep RFC 4975 §7.1's header rules.
 */
@Timeout(120)
class RequestRulesTest {
  @RegisterExtension final Stacks stacks = new Stacks();
  private final StrictPeer peer = new StrictPeer();

  @AfterEach
  void rulesHeld() {
    peer.close();
    assertThat(peer.violations).as("RFC 4975 §7.1 rules broken").isEmpty();
  }

  private MsrpSession connect(MsrpStack stack, String id) throws Exception {
    MsrpSession a =
        stack.session(
            MsrpUri.parse("msrp://127.0.0.1:7777/" + id + ";tcp"), new SessionListener() {});
    a.remotePath(List.of(peer.uri("strict")));
    a.connect(null).get(30, TimeUnit.SECONDS);
    StrictPeer.Frame bind = peer.next();
    assertThat(bind.request().method()).isEqualTo(MsrpMethod.SEND);
    assertThat(bind.request().messageId()).as("the binding SEND's Message-ID").isNotNull();
    assertThat(bind.request().byteRange()).isEqualTo(ByteRange.of(1, 0, 0));
    return a;
  }

  @Test
  void theBindingAndKeepAliveSendsCarryAMessageId() throws Exception {
    MsrpSession a = connect(stacks.add(MsrpStack.builder().build()), "keep");
    a.keepAlive(Duration.ofMillis(50));
    StrictPeer.Frame ping = peer.next();
    a.keepAlive(null);
    assertThat(ping.request().method()).isEqualTo(MsrpMethod.SEND);
    assertThat(ping.request().messageId()).isNotNull();
    assertThat(ping.body()).isEmpty();
  }

  @Test
  void aTextIsOneChunk() throws Exception {
    MsrpSession a = connect(stacks.add(MsrpStack.builder().build()), "text");
    a.send("text/plain", "Hello".getBytes(UTF_8)).get(30, TimeUnit.SECONDS);
    StrictPeer.Frame f = peer.next();
    assertThat(f.request().byteRange()).isEqualTo(ByteRange.of(1, 5, 5));
    assertThat(f.flag()).isEqualTo(ContinuationFlag.END);
    assertThat(new String(f.body(), UTF_8)).isEqualTo("Hello");
  }

  @Test
  void chunksOfTheConfiguredSizeWhenStreamingIsOff() throws Exception {
    MsrpStack stack = stacks.add(MsrpStack.builder().chunkSize(1000).streamDirect(false).build());
    MsrpSession a = connect(stack, "chunks");
    a.send("application/octet-stream", new byte[2500]).get(30, TimeUnit.SECONDS);
    List<String> ranges = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      StrictPeer.Frame f = peer.next();
      ranges.add(f.request().byteRange() + " " + f.flag().symbol());
    }
    assertThat(ranges).containsExactly("1-1000/2500 +", "1001-2000/2500 +", "2001-2500/2500 $");
  }

  @Test
  void aLargeMessageOnADirectSessionIsOneStreamedChunk() throws Exception {
    MsrpSession a = connect(stacks.add(MsrpStack.builder().build()), "stream");
    byte[] data = new byte[3 << 20];
    new Random(3).nextBytes(data);
    a.send("application/octet-stream", data).get(30, TimeUnit.SECONDS);
    StrictPeer.Frame f = peer.next();
    assertThat(f.request().byteRange()).isEqualTo(ByteRange.of(1, ByteRange.UNKNOWN, data.length));
    assertThat(f.flag()).isEqualTo(ContinuationFlag.END);
    assertThat(f.body()).isEqualTo(data);
  }

  @Test
  void aTextQueuedDuringAStreamedMessageInterruptsItAndTheRestFollows() throws Exception {
    MsrpSession a = connect(stacks.add(MsrpStack.builder().build()), "interrupt");
    byte[] data = new byte[beyondSocketBuffers()];
    new Random(4).nextBytes(data);
    peer.pauseOnStream = true;
    CompletableFuture<Void> big = a.send("application/octet-stream", data);
    peer.paused.get(30, TimeUnit.SECONDS); // the streamed chunk holds the connection now
    CompletableFuture<Void> text = a.send("text/plain", "urgent".getBytes(UTF_8));
    peer.resume();
    text.get(30, TimeUnit.SECONDS);
    big.get(30, TimeUnit.SECONDS);

    byte[] got = new byte[data.length];
    boolean textSeen = false;
    boolean bigAfterText = false;
    List<String> seen = new ArrayList<>();
    while (true) {
      StrictPeer.Frame f = peer.next();
      seen.add(f.request().contentType() + " " + f.request().byteRange() + " " + f.flag());
      if ("text/plain".equals(f.request().contentType())) {
        textSeen = true;
        assertThat(new String(f.body(), UTF_8)).isEqualTo("urgent");
        continue;
      }
      ByteRange r = f.request().byteRange();
      System.arraycopy(f.body(), 0, got, (int) r.start() - 1, f.body().length);
      bigAfterText |= textSeen;
      if (f.flag() == ContinuationFlag.END) {
        break;
      }
      assertThat(f.flag()).as("an interrupted chunk ends with +").isEqualTo(ContinuationFlag.MORE);
    }
    assertThat(textSeen).as("the text went out before the message ended: %s", seen).isTrue();
    assertThat(bigAfterText).isTrue();
    assertThat(got).isEqualTo(data);
  }

  @Test
  void cancellingAStreamedMessageEndsItsChunkWithHash() throws Exception {
    MsrpSession a = connect(stacks.add(MsrpStack.builder().build()), "abort");
    peer.pauseOnStream = true;
    CompletableFuture<Void> big =
        a.send("application/octet-stream", new byte[beyondSocketBuffers()]);
    peer.paused.get(30, TimeUnit.SECONDS);
    big.cancel(false);
    peer.resume();
    StrictPeer.Frame f = peer.next();
    assertThat(f.flag()).isEqualTo(ContinuationFlag.ABORT);
    assertThat(f.request().messageId()).isNotNull();
  }

  /** A window of one chunk keeps the session's messages in order (the window hands room FIFO). */
  @Test
  void aWindowOfOneKeepsTheMessagesInOrder() throws Exception {
    MsrpSession a =
        connect(
            stacks.add(MsrpStack.builder().chunkSize(8).streamDirect(false).build()), "ordered");
    a.maxChunksInFlight(1);
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sent.add(
          a.send(
              "text/plain",
              String.format("message number %02d", i).getBytes(UTF_8),
              SendOptions.builder().messageId("order" + i).build()));
    }
    CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
    List<String> ended = new ArrayList<>();
    while (ended.size() < 30) {
      StrictPeer.Frame f = peer.next();
      if (f.flag() == ContinuationFlag.END) {
        ended.add(f.request().messageId());
      }
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      expected.add("order" + i);
    }
    assertThat(ended).isEqualTo(expected);
  }

  /** The one request kind the stack sends besides SEND and REPORT: AUTH to a relay (RFC 4976). */
  @Test
  void theAuthRequestCarriesBothPathsAndNoBody() throws Exception {
    MsrpStack stack = stacks.add(MsrpStack.builder().build());
    MsrpUri relay =
        MsrpUri.parse("msrp://127.0.0.1:" + peer.listener.localAddress().getPort() + ";tcp");
    stack.authenticate(
        relay, MsrpUri.parse("msrp://127.0.0.1:7777/auth1;tcp"), "alice", "secret", null, null);
    StrictPeer.Frame f = peer.next();
    assertThat(f.request().method()).isEqualTo(MsrpMethod.AUTH);
    assertThat(f.request().toPath()).containsExactly(relay);
    assertThat(f.body()).isEmpty();
  }

  @Test
  void successAndFailureReportsCarryAMessageIdAndAStatus() throws Exception {
    MsrpSession a = connect(stacks.add(MsrpStack.builder().build()), "reports");
    a.maxSize(10);
    peerSends(a, "okay1", "short", SuccessReport.YES);
    peerSends(a, "large1", "longer than ten bytes", SuccessReport.NO);
    List<String> reports = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      StrictPeer.Frame f = peer.next();
      assertThat(f.request().method()).isEqualTo(MsrpMethod.REPORT);
      reports.add(f.request().messageId() + " " + f.request().headers().status().code());
    }
    assertThat(reports).containsExactlyInAnyOrder("okay1 200", "large1 413");
  }

  private void peerSends(MsrpSession a, String messageId, String text, SuccessReport sr) {
    byte[] body = text.getBytes(UTF_8);
    MsrpRequest send =
        MsrpRequest.builder(MsrpMethod.SEND)
            .transactionId(TransactionIds.next())
            .toPath(List.of(a.localUri()))
            .fromPath(List.of(peer.uri("strict")))
            .messageId(messageId)
            .successReport(sr)
            .byteRange(ByteRange.of(1, body.length, body.length))
            .contentType("text/plain")
            .build();
    peer.connection.send(send, io.netty.buffer.Unpooled.wrappedBuffer(body), ContinuationFlag.END);
  }

  /**
   * A message size that cannot fit in the kernel's socket buffers (the sender's send buffer and the
   * paused peer's receive buffer at their largest) with 8 MiB to spare, so the sender is still
   * streaming when the peer pauses, however far the buffers grew.
   */
  static int beyondSocketBuffers() {
    return (int) Math.min(KernelBuffers.largest() + (8 << 20), 512 << 20);
  }
}
