package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpListener;

/**
 * Issue 13, defect 6: what a peer announces costs nothing until it sends it. Unfinished messages
 * are bounded per session and per connection, and scattered chunks are put back together in O(log
 * n) each.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IncomingLimitsTest {
  @RegisterExtension final Stacks stacks = new Stacks();

  private MsrpListener listener;

  private MsrpSession session(MsrpStack stack, String id, SessionListener l) {
    listener = stack.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    return stack.session(
        MsrpUri.parse("msrp://127.0.0.1:" + listener.localAddress().getPort() + "/" + id + ";tcp"),
        l);
  }

  /** {@link MsrpStack#DEFAULT_MAX_INCOMPLETE_MESSAGES}, spelled out as the documented default. */
  private static final int DEFAULT_LIMIT = 16;

  private static final String FROM = "msrp://127.0.0.1:7777/raw1;tcp";

  /** A promise of 16 MiB per Message-ID: 16 are taken, the 17th gets 413. */
  @Test
  void unfinishedMessagesOfASessionAreBounded() throws Exception {
    MsrpStack bob = stacks.add(MsrpStack.builder().build());
    Recorder recorder = new Recorder();
    MsrpSession s = session(bob, "lim1", recorder);
    String to = s.localUri().toString();
    try (RawClient c = new RawClient(listener.localAddress().getPort())) {
      for (int i = 0; i < DEFAULT_LIMIT; i++) {
        c.write(RawClient.send("tp" + (1000 + i), to, FROM, "big" + i, "1-1/16777216", "x", '+'));
        assertThat(c.readStatus()).as("message " + i).isEqualTo(200);
      }
      c.write(RawClient.send("tp9999", to, FROM, "big-too-many", "1-1/16777216", "x", '+'));
      assertThat(c.readStatus()).isEqualTo(413);
    }
    // The connection that carried them closed: nothing more of them can come.
    for (int i = 0; i < DEFAULT_LIMIT; i++) {
      assertThat(recorder.ended("big" + i).get(20, TimeUnit.SECONDS).aborted()).isTrue();
    }
    try (RawClient c = new RawClient(listener.localAddress().getPort())) {
      c.write(RawClient.send("tpok0001", to, FROM, "fine", "1-4/4", "fine", '$'));
      assertThat(c.readStatus()).isEqualTo(200);
    }
    assertThat(recorder.ended("fine").get(20, TimeUnit.SECONDS).aborted()).isFalse();
  }

  @Test
  void unfinishedMessagesOfAConnectionAreBounded() throws Exception {
    MsrpStack bob = stacks.add(MsrpStack.builder().maxIncompletePerConnection(2).build());
    Recorder recorder = new Recorder();
    MsrpSession s1 = session(bob, "limc1", recorder);
    MsrpSession s2 =
        bob.session(MsrpUri.parse(s1.localUri().toString().replace("limc1", "limc2")), recorder);
    try (RawClient c = new RawClient(listener.localAddress().getPort())) {
      String to1 = s1.localUri().toString();
      String to2 = s2.localUri().toString();
      c.write(RawClient.send("tq000001", to1, FROM, "one1", "1-1/10", "x", '+'));
      c.write(RawClient.send("tq000002", to2, FROM, "two1", "1-1/10", "x", '+'));
      c.write(RawClient.send("tq000003", to2, FROM, "two2", "1-1/10", "x", '+'));
      assertThat(c.readStatus()).isEqualTo(200);
      assertThat(c.readStatus()).isEqualTo(200);
      assertThat(c.readStatus()).isEqualTo(413);
      // Chunks of the messages it carries go on.
      c.write(RawClient.send("tq000004", to1, FROM, "one1", "2-10/10", "123456789", '$'));
      assertThat(c.readStatus()).isEqualTo(200);
      assertThat(recorder.ended("one1").get(20, TimeUnit.SECONDS).aborted()).isFalse();
    }
  }

  /**
   * 200,000 one-byte chunks of one message (Failure-Report no: nothing is answered), every other
   * byte first and the gaps filled from the end: at O(log n) per chunk they are through in a few
   * seconds, well within the bound; a linear scan and insert per chunk (about 10^10 steps, half a
   * minute here) was not. The message is right.
   */
  @Test
  void twoHundredThousandScatteredChunksArePutTogetherQuickly() throws Exception {
    int n = 200_000;
    MsrpStack bob = stacks.add(MsrpStack.builder().build());
    Recorder recorder = new Recorder();
    MsrpSession s = session(bob, "scat1", recorder);
    String to = s.localUri().toString();
    byte[] message = new byte[n];
    for (int i = 0; i < n; i++) {
      message[i] = (byte) ('a' + i % 26);
    }
    // The bound counts from the first chunk: a slow receiver holds the writes back too.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try (RawClient c = new RawClient(listener.localAddress().getPort())) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      int sent = 0;
      for (int step = 0; step < 2; step++) {
        for (int k = 0; k < n / 2; k++) {
          int i = step == 0 ? 2 * k + 1 : n - 2 - 2 * k; // odd ones up, then even ones down
          String tid = "t" + (1_000_000 + i);
          String chunk =
              RawClient.send(
                      tid, to, FROM, "scattered", (i + 1) + "-" + (i + 1) + "/" + n, "?", '+')
                  .replace("Message-ID:", "Failure-Report: no\r\nMessage-ID:");
          byte[] bytes = chunk.getBytes(StandardCharsets.US_ASCII);
          bytes[chunk.indexOf("\r\n\r\n") + 4] = message[i];
          batch.writeBytes(bytes);
          if (++sent % 1000 == 0) {
            c.write(batch.toByteArray());
            batch.reset();
          }
        }
      }
      c.write(batch.toByteArray());
      Recorder.Ended e =
          recorder
              .ended("scattered")
              .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(e.aborted()).isFalse();
      assertThat(e.bytes()).isEqualTo(message);
    }
  }
}
