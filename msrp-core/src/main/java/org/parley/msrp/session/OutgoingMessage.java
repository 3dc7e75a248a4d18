package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.transport.MsrpConnection;

/**
 * One message on its way out, chunk after chunk (RFC 4975 §5.1, §7.1). At most {@link #WINDOW}
 * chunks are in memory: a chunk is read from the source only while fewer are waiting for the socket
 * and the connection is writable. Responses are not awaited between chunks. The first error
 * response (413, 415, …) fails the message and no further chunk is written.
 *
 * <p>When the message is done, by Failure-Report: {@code yes} when every chunk was answered with
 * 200; {@code partial} and {@code no} when the last chunk was written, as no 200 will come. With
 * {@code partial} an error response that arrives before that still fails the message.
 */
final class OutgoingMessage {
  private final MsrpStack stack;
  private final MsrpConnection connection;
  private final ChunkSource source;
  private final Function<String, MsrpRequest.Builder> head;
  private final FailureReport failureReport;
  private final LongConsumer progress;
  private final AtomicLong done = new AtomicLong();
  private final CompletableFuture<Void> result = new CompletableFuture<>();

  /** Where the next chunk starts (guarded by this). */
  private long nextOffset;

  /** Chunks written to the connection and not yet handed to the socket, at most. */
  private static final int WINDOW = 16;

  private final AtomicInteger inFlight = new AtomicInteger();

  /** Where a parked writer goes on, or -1 when none is parked; taken by exactly one party. */
  private final AtomicLong resumeAt = new AtomicLong(-1);

  /** Chunks written and not yet answered with 200, plus one until the last chunk is written. */
  private final AtomicInteger unanswered = new AtomicInteger(1);

  /**
   * @param progress hears the body bytes done so far, or null
   * @param head a request builder for a transaction id, with paths, reports, Message-ID and
   *     Content-Type set
   */
  OutgoingMessage(
      MsrpStack stack,
      MsrpConnection connection,
      ChunkSource source,
      FailureReport failureReport,
      LongConsumer progress,
      Function<String, MsrpRequest.Builder> head) {
    this.stack = stack;
    this.connection = connection;
    this.source = source;
    this.failureReport = failureReport;
    this.progress = progress;
    this.head = head;
  }

  /**
   * Starts sending. Cancelling the returned future aborts the message: no further chunk is written,
   * and an empty chunk with the {@code #} flag tells the receiver (RFC 4975 §7.1).
   */
  CompletableFuture<Void> start() {
    result.whenComplete(
        (v, e) -> {
          if (e instanceof CancellationException) {
            abort();
          }
          source.close();
        });
    if (source.blocking()) {
      stack.blockingExecutor().execute(() -> writeFrom(0));
    } else {
      writeFrom(0);
    }
    return result;
  }

  /** Writes the abort chunk after the last chunk written. */
  private synchronized void abort() {
    long at = nextOffset;
    MsrpRequest chunk =
        head.apply(TransactionIds.next())
            .byteRange(ByteRange.of(at + 1, at, source.size()))
            .build();
    connection.send(chunk, Unpooled.EMPTY_BUFFER, ContinuationFlag.ABORT);
  }

  /**
   * Writes chunks from {@code offset} while fewer than {@link #WINDOW} are in flight (written to
   * the connection but not yet handed to the socket) and the connection is writable; the write
   * completion that makes room goes on. One writer at a time; a source that blocks (a file) is read
   * only on the stack's executor, never on an event loop.
   */
  private void writeFrom(long offset) {
    long at = offset;
    while (true) {
      // Under the lock, so that an abort is never overtaken by a chunk of the same message.
      synchronized (this) {
        if (result.isDone()) {
          return; // failed: stop sending (RFC 4975 §7.1.2 for 413)
        }
        long known = source.size();
        int length =
            known == ByteRange.UNKNOWN
                ? stack.chunkSize()
                : (int) Math.min(stack.chunkSize(), known - at);
        ByteBuf body;
        try {
          body = source.read(at, length);
        } catch (IOException | RuntimeException e) {
          result.completeExceptionally(e);
          return;
        }
        int bodyLength = body.readableBytes();
        long end = at + bodyLength;
        long total = source.size(); // known now if this read reached the end of a stream
        boolean last = end == total;
        MsrpRequest chunk =
            head.apply(TransactionIds.next()).byteRange(ByteRange.of(at + 1, end, total)).build();
        ContinuationFlag flag = last ? ContinuationFlag.END : ContinuationFlag.MORE;
        CompletableFuture<Void> written;
        if (failureReport == FailureReport.NO) {
          written = connection.send(chunk, body, flag);
        } else {
          if (failureReport == FailureReport.YES) {
            unanswered.incrementAndGet();
          }
          MsrpStack.Sent sent = stack.request(connection, chunk, body, flag);
          sent.response().whenComplete((r, e) -> answered(r, e, bodyLength));
          written = sent.written();
        }
        inFlight.incrementAndGet();
        nextOffset = end;
        long next = end;
        written.whenComplete(
            (v, e) -> {
              int left = inFlight.decrementAndGet();
              if (e == null && failureReport != FailureReport.YES) {
                advance(bodyLength);
              }
              if (e != null) {
                result.completeExceptionally(e);
              } else if (last) {
                countDown();
              } else if (left <= WINDOW / 2) {
                long from = resumeAt.getAndSet(-1);
                if (from >= 0) {
                  resume(from);
                }
              }
            });
        if (last) {
          return;
        }
        at = next;
        if (inFlight.get() >= WINDOW || !connection.isWritable()) {
          // Park: the completion that brings the window down to half resumes from here. If the
          // window drained before we parked, resume now.
          resumeAt.set(at);
          if (inFlight.get() <= WINDOW / 2 && resumeAt.compareAndSet(at, -1)) {
            continue;
          }
          return;
        }
      }
    }
  }

  /**
   * Goes on writing from {@code offset}: on the connection's event loop when the source is in
   * memory (a task, so that the completion that called this returns first), else on the stack's
   * executor for blocking reads, so that no event loop waits for a disk.
   */
  private void resume(long offset) {
    if (source.blocking()) {
      stack.blockingExecutor().execute(() -> writeFrom(offset));
    } else {
      connection.channel().eventLoop().execute(() -> writeFrom(offset));
    }
  }

  private void advance(int bytes) {
    long total = done.addAndGet(bytes);
    LongConsumer p = progress;
    if (p != null && !result.isDone()) {
      try {
        p.accept(total);
      } catch (RuntimeException e) {
        // the application's listener must not stop the message
      }
    }
  }

  private void answered(MsrpResponse response, Throwable error, int bytes) {
    if (error != null) {
      if (!(failureReport == FailureReport.PARTIAL
          && error instanceof TransactionTimeoutException)) {
        result.completeExceptionally(error);
      }
    } else if (!response.isSuccess()) {
      result.completeExceptionally(new MsrpResponseException(response));
    } else if (failureReport == FailureReport.YES) {
      advance(bytes);
      countDown();
    }
  }

  private void countDown() {
    if (unanswered.decrementAndGet() == 0) {
      result.complete(null);
    }
  }
}
