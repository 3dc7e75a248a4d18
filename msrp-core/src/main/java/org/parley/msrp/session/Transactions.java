package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.transport.MsrpConnection;

/**
 * The transactions of one stack's requests, by transaction-id: each ends with its response, its
 * time-out (RFC 4975 §7.1.2; a whole request timed from when it is handed to its connection, so
 * that a write that never ends still times out, a streamed chunk from the write of its end-line) or
 * the loss of its connection, whichever comes first. The only owner of the waiting requests;
 * thread-safe.
 */
final class Transactions {
  private final Map<String, Transaction> pending = new ConcurrentHashMap<>();
  private final Duration timeout;

  Transactions(Duration timeout) {
    this.timeout = timeout;
  }

  /** How long a request waits for its response. */
  Duration timeout() {
    return timeout;
  }

  /** A request on its way: written to the socket, then answered. */
  static final class Sent {
    private final CompletableFuture<Void> written;
    private final CompletableFuture<MsrpResponse> response;

    Sent(CompletableFuture<Void> written, CompletableFuture<MsrpResponse> response) {
      this.written = written;
      this.response = response;
    }

    CompletableFuture<Void> written() {
      return written;
    }

    /** The response, failed on time-out or when the connection is lost. */
    CompletableFuture<MsrpResponse> response() {
      return response;
    }
  }

  /** Sends a request and follows its transaction. */
  Sent request(
      MsrpConnection c, MsrpRequest request, @Nullable ByteBuf body, ContinuationFlag flag) {
    Transaction t = follow(c, request);
    startTimer(t);
    CompletableFuture<Void> written = c.send(request, body, flag);
    written.whenComplete(
        (v, e) -> {
          if (e != null) {
            fail(t, e);
          }
        });
    return new Sent(written, t.response);
  }

  /**
   * Follows the transaction of a request written in parts (a streamed chunk): its time-out starts
   * when the caller says the end-line is out ({@link #ended}).
   */
  Transaction follow(MsrpConnection c, MsrpRequest request) {
    Transaction t = new Transaction(request.transactionId(), request, c);
    pending.put(t.id, t);
    return t;
  }

  /** The request's end-line was written (or failed, with {@code error}): the timer starts. */
  void ended(Transaction t, Throwable error) {
    if (error != null) {
      fail(t, error);
    } else {
      startTimer(t);
    }
  }

  /** A response came: it ends the transaction it names, if one waits for it. */
  void answered(MsrpResponse response) {
    Transaction t = pending.remove(response.transactionId());
    if (t != null) {
      cancelTimer(t);
      t.response.complete(response);
    }
  }

  /** {@code c} closed: every transaction waiting on it fails with the reason. */
  void connectionClosed(MsrpConnection c) {
    for (Transaction t : pending.values()) {
      if (t.connection == c) {
        Throwable cause = c.closeCause();
        fail(t, cause != null ? cause : new ClosedChannelException());
      }
    }
  }

  private void startTimer(Transaction t) {
    if (t.response.isDone()) {
      return; // answered before the end-line's write completed
    }
    t.timeout =
        t.connection
            .channel()
            .eventLoop()
            .schedule(
                () -> fail(t, new TransactionTimeoutException(t.request, timeout)),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
  }

  private void fail(Transaction t, Throwable cause) {
    if (pending.remove(t.id, t)) {
      cancelTimer(t);
      t.response.completeExceptionally(cause);
    }
  }

  private static void cancelTimer(Transaction t) {
    ScheduledFuture<?> timer = t.timeout;
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
