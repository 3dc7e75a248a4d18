package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.transport.FrameStream;
import org.parley.msrp.transport.MsrpConnection;

/**
 * One message on its way out (RFC 4975 §5.1, §7.1), in one of two ways:
 *
 * <ul>
 *   <li><b>Chunks</b> of the stack's chunk size, each a whole frame. At most {@link #WINDOW} chunks
 *       are in memory: a chunk is read from the source only while fewer are waiting for the socket
 *       and the connection is writable. Responses are not awaited between chunks, unless the
 *       session bounds the chunks in flight ({@link ChunkWindow}: chunks of all its messages
 *       written and not yet answered, for peers that cannot take pipelined chunks).
 *   <li><b>Streamed</b> (direct sessions, messages larger than one chunk): one chunk whose
 *       Byte-Range end is {@code *}, its body written piece by piece as the connection takes it.
 *       When another frame waits for the connection, the chunk ends with {@code +} after the piece
 *       being written and the rest follows in a new chunk (§7.1.1), so a text is never stuck behind
 *       a file.
 * </ul>
 *
 * <p>The first error response (413, 415, …) fails the message and no further chunk is written. When
 * the message is done, by Failure-Report: {@code yes} when every chunk was answered with 200;
 * {@code partial} and {@code no} when the last chunk was written, as no 200 will come. With {@code
 * partial} an error response that arrives before that still fails the message.
 */
final class OutgoingMessage {
  /** Chunks (or streamed pieces) written to the connection and not yet handed to the socket. */
  private static final int WINDOW = 16;

  /** Body bytes per piece of a streamed chunk. */
  private static final int PIECE = 64 << 10;

  private final MsrpStack stack;
  private final MsrpConnection connection;
  private final ChunkSource source;
  private final Function<String, MsrpRequest.Builder> head;
  private final FailureReport failureReport;
  private final @Nullable LongConsumer progress;
  private final @Nullable ChunkWindow window;
  private final boolean streamed;
  private final AtomicLong done = new AtomicLong();
  private final CompletableFuture<Void> result = new CompletableFuture<>();

  /** Where the next chunk starts (guarded by this). */
  private long nextOffset;

  /** The streamed chunk being written, its transaction and where it started (guarded by this). */
  private @Nullable FrameStream open;

  private @Nullable Transaction openTransaction;
  private long openStart;

  private final AtomicInteger inFlight = new AtomicInteger();

  /** The window handed this message a room for its next chunk (guarded by this). */
  private boolean roomGranted;

  /** Where a parked writer goes on, or -1 when none is parked; taken by exactly one party. */
  private final AtomicLong resumeAt = new AtomicLong(-1);

  /** Chunks written and not yet answered with 200, plus one until the last chunk is written. */
  private final AtomicInteger unanswered = new AtomicInteger(1);

  /**
   * @param progress hears the body bytes done so far, or null
   * @param window the session's bound on chunks written and not yet answered (Failure-Report {@code
   *     yes})
   * @param stream {@code true} to stream a message larger than one chunk (direct sessions)
   * @param head a request builder for a transaction id, with paths, reports, Message-ID and
   *     Content-Type set
   */
  OutgoingMessage(
      MsrpStack stack,
      MsrpConnection connection,
      ChunkSource source,
      FailureReport failureReport,
      @Nullable LongConsumer progress,
      @Nullable ChunkWindow window,
      boolean stream,
      Function<String, MsrpRequest.Builder> head) {
    this.stack = stack;
    this.connection = connection;
    this.source = source;
    this.failureReport = failureReport;
    this.progress = progress;
    this.window = window;
    long size = source.size();
    this.streamed = stream && (size == ByteRange.UNKNOWN || size > stack.chunkSize());
    this.head = head;
  }

  /**
   * Starts sending. Cancelling the returned future aborts the message: no further chunk is written,
   * and the receiver hears of it by a chunk with the {@code #} flag (RFC 4975 §7.1).
   */
  CompletableFuture<Void> start() {
    result.whenComplete(
        (v, e) -> {
          if (e instanceof CancellationException) {
            abort();
          }
          source.close();
        });
    resume(0);
    return result;
  }

  /**
   * Writes the abort chunk after the last chunk written. A streamed message needs none: its writer
   * ends the chunk it holds with {@code #} when it sees the message done.
   */
  private synchronized void abort() {
    if (streamed) {
      return;
    }
    long at = nextOffset;
    MsrpRequest chunk =
        head.apply(TransactionIds.next())
            .byteRange(ByteRange.of(at + 1, at, source.size()))
            .build();
    connection.send(chunk, Unpooled.EMPTY_BUFFER, ContinuationFlag.ABORT);
  }

  /**
   * Writes chunks from {@code offset} while fewer than {@link #WINDOW} are in flight (written to
   * the connection but not yet handed to the socket), the connection is writable and the session's
   * {@link ChunkWindow} has room; the completion or answer that makes room goes on. One writer at a
   * time; a source that blocks (a file) is read only on the stack's executor, never on an event
   * loop.
   */
  private void writeFrom(long offset) {
    long at = offset;
    while (true) {
      // Under the lock, so that an abort is never overtaken by a chunk of the same message.
      synchronized (this) {
        // The session's window, when it counts this chunk (answered ones only), else null.
        ChunkWindow counted = failureReport == FailureReport.YES ? window : null;
        boolean haveRoom = counted != null && roomGranted;
        roomGranted = false;
        if (result.isDone()) {
          if (counted != null && haveRoom) {
            counted.release(); // handed a room we will not use
          }
          return; // failed: stop sending (RFC 4975 §7.1.2 for 413)
        }
        long from = at;
        if (counted != null && !haveRoom && !counted.takeOrPark(() -> granted(from))) {
          return; // the session's window is full: the room is handed to us in turn
        }
        ByteBuf body = read(at, stack.chunkSize());
        if (body == null) {
          if (counted != null) {
            counted.release();
          }
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
          Transactions.Sent sent = stack.transactions().request(connection, chunk, body, flag);
          sent.response()
              .whenComplete(
                  (r, e) -> {
                    if (counted != null) {
                      counted.release();
                    }
                    answered(r, e, bodyLength);
                  });
          written = sent.written();
        }
        nextOffset = end;
        track(written, bodyLength, last);
        if (last) {
          return;
        }
        at = end;
        if (mustPark(at)) {
          return;
        }
      }
    }
  }

  /**
   * Streams from {@code offset}: opens a chunk when none is open, writes pieces into it while the
   * connection takes them, and ends it with {@code +} when another frame waits (the rest follows in
   * a new chunk, queued behind that frame) or with {@code $} at the end of the message.
   */
  private void streamFrom(long offset) {
    long at = offset;
    int pieces = 0;
    while (true) {
      synchronized (this) {
        if (open == null) {
          if (!result.isDone()) {
            openChunk(at);
          }
          return;
        }
        if (result.isDone()) {
          endChunk(at, ContinuationFlag.ABORT);
          return;
        }
        if (open.othersWaiting() && at > openStart) {
          endChunk(at, ContinuationFlag.MORE);
          openChunk(at);
          return;
        }
        ByteBuf piece = read(at, PIECE);
        if (piece == null) {
          endChunk(at, ContinuationFlag.ABORT);
          return;
        }
        int n = piece.readableBytes();
        long end = at + n;
        boolean last = end == source.size();
        CompletableFuture<Void> written;
        if (n > 0) {
          written = open.body(piece);
        } else {
          piece.release();
          written = CompletableFuture.completedFuture(null);
        }
        nextOffset = end;
        track(written, failureReport == FailureReport.YES ? 0 : n, false);
        if (last) {
          endChunk(end, ContinuationFlag.END)
              .whenComplete(
                  (v, e) -> {
                    if (e != null) {
                      result.completeExceptionally(e);
                    } else {
                      countDown();
                    }
                  });
          return;
        }
        at = end;
        if (mustPark(at)) {
          return;
        }
        if (++pieces == WINDOW) {
          // A turn of the event loop per megabyte: its other connections and tasks go on.
          resume(at);
          return;
        }
      }
    }
  }

  /** The session's window handed this message a room: write the chunk at {@code from}. */
  private void granted(long from) {
    synchronized (this) {
      roomGranted = true;
    }
    resume(from);
  }

  /** Opens a streamed chunk at {@code at} (guarded by this); the stream goes on once it is ours. */
  private void openChunk(long at) {
    MsrpRequest chunk =
        head.apply(TransactionIds.next())
            .byteRange(ByteRange.of(at + 1, ByteRange.UNKNOWN, source.size()))
            .build();
    Transaction t =
        failureReport == FailureReport.NO ? null : stack.transactions().follow(connection, chunk);
    connection
        .open(chunk)
        .whenComplete(
            (stream, e) -> {
              if (e != null) {
                if (t != null) {
                  stack.transactions().ended(t, e);
                }
                result.completeExceptionally(e);
                return;
              }
              synchronized (this) {
                open = stream;
                openTransaction = t;
                openStart = at;
              }
              resume(at);
            });
  }

  /** Ends the open streamed chunk at {@code at} (guarded by this) and follows its answer. */
  private CompletableFuture<Void> endChunk(long at, ContinuationFlag flag) {
    FrameStream s = Objects.requireNonNull(open, "no chunk is open");
    Transaction t = openTransaction;
    long bytes = at - openStart;
    open = null;
    openTransaction = null;
    CompletableFuture<Void> written = s.end(flag);
    if (t != null) {
      if (failureReport == FailureReport.YES && flag != ContinuationFlag.ABORT) {
        unanswered.incrementAndGet();
        t.response().whenComplete((r, e) -> answered(r, e, bytes));
      } else {
        t.response().whenComplete(this::failsMessage);
      }
      written.whenComplete((v, e) -> stack.transactions().ended(t, e));
    }
    return written;
  }

  /** Reads the next piece or chunk; on a read error fails the message and returns null. */
  private @Nullable ByteBuf read(long at, int max) {
    long known = source.size();
    int length = known == ByteRange.UNKNOWN ? max : (int) Math.min(max, known - at);
    try {
      return source.read(at, length);
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
      return null;
    }
  }

  /** Follows a write: counts it in flight, and on completion counts progress and goes on. */
  private void track(CompletableFuture<Void> written, int progressBytes, boolean last) {
    inFlight.incrementAndGet();
    written.whenComplete(
        (v, e) -> {
          inFlight.decrementAndGet();
          if (e != null) {
            result.completeExceptionally(e);
            return;
          }
          if (failureReport != FailureReport.YES) {
            advance(progressBytes);
          }
          if (last) {
            countDown();
          } else {
            maybeResume();
          }
        });
  }

  /**
   * Parks the writer at {@code at} when the window is full or the connection is not writable: the
   * completion that makes room resumes from there. Returns {@code false} when the room came before
   * the writer parked.
   */
  private boolean mustPark(long at) {
    if (inFlight.get() < WINDOW && connection.isWritable()) {
      return false;
    }
    resumeAt.set(at);
    return !(roomToWrite() && resumeAt.compareAndSet(at, -1));
  }

  private boolean roomToWrite() {
    return inFlight.get() <= WINDOW / 2;
  }

  private void maybeResume() {
    if (roomToWrite()) {
      long from = resumeAt.getAndSet(-1);
      if (from >= 0) {
        resume(from);
      }
    }
  }

  /**
   * Goes on writing from {@code offset}: on the connection's event loop when the source is in
   * memory (a task, so that the completion that called this returns first), else on the stack's
   * executor for blocking reads, so that no event loop waits for a disk.
   */
  private void resume(long offset) {
    Runnable next = streamed ? () -> streamFrom(offset) : () -> writeFrom(offset);
    if (source.blocking()) {
      stack.blockingExecutor().execute(next);
    } else {
      connection.channel().eventLoop().execute(next);
    }
  }

  private void advance(long bytes) {
    if (bytes == 0) {
      return;
    }
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

  private void answered(MsrpResponse response, Throwable error, long bytes) {
    if (!failsMessage(response, error) && failureReport == FailureReport.YES) {
      advance(bytes);
      countDown();
      maybeResume();
    }
  }

  /**
   * Fails the message on an error response, or on a lost transaction (but a time-out with
   * Failure-Report {@code partial}, where no 200 comes); {@code true} when the answer was no 200.
   */
  private boolean failsMessage(MsrpResponse response, Throwable error) {
    if (error != null) {
      if (!(failureReport == FailureReport.PARTIAL
          && error instanceof TransactionTimeoutException)) {
        result.completeExceptionally(error);
      }
      return true;
    }
    if (!response.isSuccess()) {
      result.completeExceptionally(new MsrpResponseException(response));
      return true;
    }
    return false;
  }

  private void countDown() {
    if (unanswered.decrementAndGet() == 0) {
      result.complete(null);
    }
  }
}
