package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.transport.MsrpConnection;

/**
 * One message on its way out, chunk after chunk (RFC 4975 §5.1, §7.1). A chunk is read from the
 * source only when the previous one was handed to the socket, so at most one chunk is in memory.
 * Responses are not awaited between chunks. The first error response (413, 415, …) fails the
 * message and no further chunk is written.
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
  private final CompletableFuture<Void> result = new CompletableFuture<>();

  /** Chunks written and not yet answered with 200, plus one until the last chunk is written. */
  private final AtomicInteger unanswered = new AtomicInteger(1);

  /**
   * @param head a request builder for a transaction id, with paths, reports, Message-ID and
   *     Content-Type set
   */
  OutgoingMessage(
      MsrpStack stack,
      MsrpConnection connection,
      ChunkSource source,
      FailureReport failureReport,
      Function<String, MsrpRequest.Builder> head) {
    this.stack = stack;
    this.connection = connection;
    this.source = source;
    this.failureReport = failureReport;
    this.head = head;
  }

  CompletableFuture<Void> start() {
    result.whenComplete((v, e) -> source.close());
    writeFrom(0);
    return result;
  }

  private void writeFrom(long offset) {
    if (result.isDone()) {
      return; // failed: stop sending (RFC 4975 §7.1.2 for 413)
    }
    long total = source.size();
    int length = (int) Math.min(stack.chunkSize(), total - offset);
    long end = offset + length;
    boolean last = end == total;
    ByteBuf body;
    try {
      body = source.read(offset, length);
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    MsrpRequest chunk =
        head.apply(TransactionIds.next()).byteRange(ByteRange.of(offset + 1, end, total)).build();
    ContinuationFlag flag = last ? ContinuationFlag.END : ContinuationFlag.MORE;
    CompletableFuture<Void> written;
    if (failureReport == FailureReport.NO) {
      written = connection.send(chunk, body, flag);
    } else {
      if (failureReport == FailureReport.YES) {
        unanswered.incrementAndGet();
      }
      MsrpStack.Sent sent = stack.request(connection, chunk, body, flag);
      sent.response().whenComplete(this::answered);
      written = sent.written();
    }
    // Off the event loop: the next chunk may come from a file.
    written.whenCompleteAsync(
        (v, e) -> {
          if (e != null) {
            result.completeExceptionally(e);
          } else if (last) {
            countDown();
          } else {
            writeFrom(end);
          }
        });
  }

  private void answered(MsrpResponse response, Throwable error) {
    if (error != null) {
      if (!(failureReport == FailureReport.PARTIAL
          && error instanceof TransactionTimeoutException)) {
        result.completeExceptionally(error);
      }
    } else if (!response.isSuccess()) {
      result.completeExceptionally(new MsrpResponseException(response));
    } else if (failureReport == FailureReport.YES) {
      countDown();
    }
  }

  private void countDown() {
    if (unanswered.decrementAndGet() == 0) {
      result.complete(null);
    }
  }
}
