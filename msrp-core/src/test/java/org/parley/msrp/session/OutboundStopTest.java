package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpListener;
import org.parley.msrp.transport.MsrpTransport;

/**
 * What our own messages put in a connection's outbound buffer is bounded: a sender stops reading
 * its source once the connection holds the high-water mark ({@link
 * MsrpTransport#DEFAULT_HIGH_WATER_MARK}, 1 MB), with at most {@value #IN_FLIGHT} chunks or pieces
 * on their way beyond it, and goes on when the peer reads again. Shown with a receiver that stops
 * reading after the first bytes of a 64 MB message, and a source that counts what was taken from
 * it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OutboundStopTest {
  private static final long MESSAGE = 64L << 20;

  /**
   * Chunks or pieces a sender may have written and not yet seen handed to the socket (the writer
   * runs on its own thread, so the connection may turn unwritable with these on their way).
   */
  private static final int IN_FLIGHT = 16;

  /** Room for a chunk's head and end-line. */
  private static final int HEAD = 512;

  @RegisterExtension final Stacks stacks = new Stacks();

  private final IdleExecutor blocking = new IdleExecutor();

  /** The stacks first (a sender they stop may still hand the executor a task), then it. */
  @AfterEach
  void stopExecutor() {
    stacks.afterEach(null);
    blocking.shutdown();
  }

  /**
   * With Failure-Report: no nothing is answered, so only the connection's buffer can stop the
   * sender. The receiver suspends reading at the first bytes; once the sender has parked (its
   * executor idle) no more than the high-water mark, the chunks in flight and what the kernel's
   * socket buffers hold may have left the source ahead of what the receiver got, and no more than
   * the high-water mark and the chunks in flight ever wait in the connection. Then the receiver
   * reads again and gets all 64 MB.
   */
  @ParameterizedTest(name = "streamDirect={0}")
  @ValueSource(booleans = {true, false})
  void aSenderStopsAtTheHighWaterMarkWhileThePeerDoesNotRead(boolean streamDirect)
      throws Exception {
    int chunk = 64 << 10; // the size of a streamed piece too
    MsrpStack alice =
        stacks.add(
            MsrpStack.builder()
                .blockingExecutor(blocking)
                .chunkSize(chunk)
                .streamDirect(streamDirect)
                .build());
    MsrpStack bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    Receiver receiver = new Receiver();
    MsrpSession b =
        bob.session(
            MsrpUri.parse("msrp://127.0.0.1:" + l.localAddress().getPort() + "/os1;tcp"), receiver);
    MsrpSession a = alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/os1;tcp"), null);
    a.remotePath(List.of(b.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);

    CountingSource source = new CountingSource(MESSAGE, receiver);
    source.channel = a.connection().channel();
    CompletableFuture<Void> sent =
        a.send(
            "application/octet-stream",
            source,
            SendOptions.builder().failureReport(FailureReport.NO).build());

    receiver.suspended.get(20, TimeUnit.SECONDS);
    blocking.awaitIdle();
    long ahead = source.taken.get() - receiver.received;
    long queued = MsrpTransport.DEFAULT_HIGH_WATER_MARK + IN_FLIGHT * (chunk + HEAD);
    long bound = queued + KernelBuffers.largest();
    assertThat(ahead)
        .as("bytes taken from the source ahead of the receiver, bound " + bound)
        .isLessThan(bound);
    assertThat(source.taken.get()).as("taken from the source").isLessThan(MESSAGE);

    b.resumeReading();
    try {
      sent.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "not sent: taken "
              + source.taken.get()
              + ", received "
              + receiver.received
              + ", writable "
              + a.connection().isWritable()
              + ", pending "
              + a.connection().channel().unsafe().outboundBuffer().totalPendingWriteBytes()
              + ", idle "
              + blocking.idle()
              + ", bob suspended "
              + b.readingSuspended()
              + ", bob autoRead "
              + b.connection().channel().config().isAutoRead()
              + ", alice flushes "
              + a.connection()
                  .channel()
                  .eventLoop()
                  .submit(
                      () -> {
                        a.connection().channel().flush();
                        return a.connection()
                            .channel()
                            .unsafe()
                            .outboundBuffer()
                            .totalPendingWriteBytes();
                      })
                  .get(),
          e);
    }
    assertThat(receiver.done.get(60, TimeUnit.SECONDS)).as("aborted").isFalse();
    assertThat(receiver.received).isEqualTo(MESSAGE);
    assertThat(source.mostAhead).as("most ever ahead").isLessThan(bound);
    assertThat(source.mostPending)
        .as("most ever waiting in the connection")
        .isLessThanOrEqualTo(queued);
  }

  /** Counts the body bytes; suspends reading at the first ones. */
  private static final class Receiver implements SessionListener {
    final CompletableFuture<Void> suspended = new CompletableFuture<>();
    final CompletableFuture<Boolean> done = new CompletableFuture<>();
    volatile long received;

    @Override
    public void bytes(MsrpSession session, IncomingMessage message, long position, ByteBuf slice) {
      // One copy: the tests' leak detector records every access to a buffer.
      byte[] got = new byte[slice.readableBytes()];
      slice.getBytes(slice.readerIndex(), got);
      for (int i = 0; i < got.length; i++) {
        if (got[i] != CountingSource.at(position + i)) {
          done.completeExceptionally(new AssertionError("wrong byte at " + position));
          return;
        }
      }
      received = position + slice.readableBytes();
      if (!suspended.isDone()) {
        session.suspendReading();
        suspended.complete(null);
      }
    }

    @Override
    public void completed(MsrpSession session, IncomingMessage message, boolean aborted) {
      done.complete(aborted);
    }
  }

  /**
   * {@code size} bytes of a known pattern; records how far reads ever ran ahead of the receiver.
   */
  private static final class CountingSource extends InputStream {
    private final long size;
    private final Receiver receiver;
    final AtomicLong taken = new AtomicLong();
    volatile long mostAhead;

    /** The most bytes the sender's connection held unsent when the source was read. */
    volatile long mostPending;

    volatile @Nullable Channel channel;

    CountingSource(long size, Receiver receiver) {
      this.size = size;
      this.receiver = receiver;
    }

    static byte at(long position) {
      return (byte) (position % 251);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      long at = taken.get();
      if (at == size) {
        return -1;
      }
      int n = (int) Math.min(len, size - at);
      for (int i = 0; i < n; i++) {
        b[off + i] = at(at + i);
      }
      long now = taken.addAndGet(n);
      mostAhead = Math.max(mostAhead, now - receiver.received);
      Channel ch = channel;
      ChannelOutboundBuffer out = ch == null ? null : ch.unsafe().outboundBuffer();
      if (out != null) {
        mostPending = Math.max(mostPending, out.totalPendingWriteBytes());
      }
      return n;
    }
  }

  /**
   * One thread, and a way to wait until it has nothing to do: a sender that parks returns from its
   * task, so the executor goes idle; one that never stops keeps it busy until its source ends.
   */
  private static final class IdleExecutor implements Executor {
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private int pending;

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        pending++;
      }
      thread.execute(
          () -> {
            try {
              task.run();
            } finally {
              synchronized (this) {
                pending--;
                notifyAll();
              }
            }
          });
    }

    synchronized boolean idle() {
      return pending == 0;
    }

    synchronized void awaitIdle() throws InterruptedException {
      while (pending > 0) {
        wait();
      }
    }

    void shutdown() {
      thread.shutdownNow();
    }
  }
}
