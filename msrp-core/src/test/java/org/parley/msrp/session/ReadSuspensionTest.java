package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.transport.MsrpListener;

/**
 * {@link MsrpSession#suspendReading()}: counted per connection, reads stop while any session holds
 * a suspension and go on when the last lets go; and what a sender hears of its progress, a part of
 * a file sent as a message of its own, and the success report awaited by Message-ID.
 */
class ReadSuspensionTest {
  @RegisterExtension final Stacks stacks = new Stacks();

  private MsrpStack alice;
  private MsrpStack bob;

  /** Whether the channel reads, asked on its event loop after what was queued there before. */
  private static boolean reads(MsrpSession s) throws Exception {
    Channel ch = s.connection().channel();
    return ch.eventLoop().submit(() -> ch.config().isAutoRead()).get(20, TimeUnit.SECONDS);
  }

  /** Bob's sessions b1 and b2 and Alice's a1 and a2 bound to them, all on one connection. */
  private record Shared(MsrpSession b1, MsrpSession b2, MsrpSession a1, MsrpSession a2) {}

  private Shared twoSessionsOnOneConnection(SessionListener hears1, SessionListener hears2)
      throws Exception {
    alice = stacks.add(MsrpStack.builder().build());
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    int port = l.localAddress().getPort();
    MsrpSession b1 = bob.session(MsrpUri.parse("msrp://127.0.0.1:" + port + "/b1;tcp"), hears1);
    MsrpSession b2 = bob.session(MsrpUri.parse("msrp://127.0.0.1:" + port + "/b2;tcp"), hears2);
    MsrpSession a1 = alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/a1;tcp"), null);
    MsrpSession a2 = alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/a2;tcp"), null);
    a1.remotePath(List.of(b1.localUri()));
    a2.remotePath(List.of(b2.localUri()));
    a1.connect(null).get(20, TimeUnit.SECONDS);
    a2.connect(null).get(20, TimeUnit.SECONDS);
    assertThat(b1.connection()).as("one shared connection").isSameAs(b2.connection());
    return new Shared(b1, b2, a1, a2);
  }

  @Test
  void readsStopWhileAnySessionOnTheConnectionHoldsASuspension() throws Exception {
    MsrpSessionTest.Inbox in1 = new MsrpSessionTest.Inbox();
    Shared s = twoSessionsOnOneConnection(in1, new SessionListener() {});
    MsrpSession b1 = s.b1();
    MsrpSession b2 = s.b2();
    MsrpSession a1 = s.a1();

    b1.suspendReading();
    b1.suspendReading(); // counts once
    b2.suspendReading();
    assertThat(ReadSuspensions.count(b1.connection())).isEqualTo(2);
    assertThat(reads(b1)).isFalse();

    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    CompletableFuture<Void> sent = a1.send("application/octet-stream", data);

    b2.resumeReading();
    assertThat(b1.readingSuspended()).isTrue();
    assertThat(b2.readingSuspended()).isFalse();
    assertThat(reads(b1)).as("b1 still holds its suspension").isFalse();
    assertThat(in1.done).isNotDone();

    b1.resumeReading();
    b1.resumeReading(); // nothing held any more: no effect
    assertThat(ReadSuspensions.count(b1.connection())).isZero();
    assertThat(reads(b1)).isTrue();
    sent.get(20, TimeUnit.SECONDS);
    in1.done.get(20, TimeUnit.SECONDS);
    assertThat(in1.bytes.toByteArray()).isEqualTo(data);
  }

  @Test
  void closingASuspendedSessionLetsTheConnectionRead() throws Exception {
    MsrpSessionTest.Inbox in2 = new MsrpSessionTest.Inbox();
    Shared s = twoSessionsOnOneConnection(new SessionListener() {}, in2);
    MsrpSession b1 = s.b1();
    MsrpSession b2 = s.b2();
    MsrpSession a2 = s.a2();

    b1.suspendReading();
    assertThat(reads(b2)).isFalse();
    b1.close();
    assertThat(reads(b2)).isTrue();
    a2.send("text/plain", "after".getBytes()).get(20, TimeUnit.SECONDS);
    assertThat(new String(in2.bytes.toByteArray())).isEqualTo("after");
  }

  @Test
  void aPartOfAFileIsAMessageOfItsOwnAndProgressCountsItsAnsweredBytes(@TempDir Path dir)
      throws Exception {
    alice = stacks.add(MsrpStack.builder().chunkSize(1000).streamDirect(false).build());
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    MsrpSessionTest.Inbox inbox = new MsrpSessionTest.Inbox();
    MsrpSession b =
        bob.session(
            MsrpUri.parse("msrp://127.0.0.1:" + l.localAddress().getPort() + "/b;tcp"), inbox);
    MsrpSession a = alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/a;tcp"), null);
    a.remotePath(List.of(b.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);
    byte[] data = new byte[20_000];
    new Random(9).nextBytes(data);
    Path file = Files.write(dir.resolve("f.bin"), data);
    List<Long> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<MsrpStatus> report = a.awaitReport("part1");

    a.send(
            "application/octet-stream",
            file,
            4_500,
            -1,
            SendOptions.builder()
                .messageId("part1")
                .successReport(SuccessReport.YES)
                .progress(progress::add)
                .build())
        .get(20, TimeUnit.SECONDS);
    assertThat(report.get(20, TimeUnit.SECONDS).code()).isEqualTo(200);

    IncomingMessage m = inbox.done.get(20, TimeUnit.SECONDS);
    assertThat(m.total()).isEqualTo(15_500);
    assertThat(inbox.bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 4_500, 20_000));
    assertThat(progress).hasSize(16).isSorted();
    assertThat(progress.get(progress.size() - 1)).isEqualTo(15_500);
  }
}
