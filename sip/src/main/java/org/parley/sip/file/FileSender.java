package org.parley.sip.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.SendOptions;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.sdp.FileRange;
import org.parley.sip.ChatSession;
import org.parley.sip.FileProgress;
import org.parley.sip.FileTransferResult;
import org.parley.sip.SessionEnd;
import org.parley.sip.SipFailure;

/**
 * The sending end of an RFC 5547 transfer once the session is up: the file, or the part of it the
 * peer's {@code a=file-range} asks for, as one MSRP message read from disk a chunk at a time
 * (Byte-Range counting from 1 at the range's start) with Success-Report {@code yes}, then, once the
 * peer's success report came, BYE. A transfer that fails fails at once; its BYE goes on its own.
 */
public final class FileSender {
  /** How long the success report may take after the last 200: the MSRP transaction time-out. */
  static final Duration REPORT_WAIT = Duration.ofSeconds(30);

  private FileSender() {}

  /**
   * Sends and ends the session. Completes when every chunk was answered 200 and the BYE answered;
   * fails (without waiting for the BYE's answer) with the MSRP layer's exception, or {@link
   * SipFailure.Kind#NOT_ACCEPTABLE} for a range outside the file (the session is ended either way).
   *
   * @param used told when the peer has taken bytes of the file (a message crossed the session)
   * @param sha1 the file's SHA-1 for the result, or null
   * @param range the peer's file-range, or null for the whole file
   */
  public static CompletableFuture<FileTransferResult> send(
      ChatSession chat,
      Runnable used,
      Path file,
      String contentType,
      String name,
      long size,
      String sha1,
      FileRange range,
      FileProgress progress) {
    long offset = range == null ? 0 : range.start() - 1;
    long stop = range == null || range.stop() < 0 ? size : range.stop();
    if (offset > size || stop > size) {
      SipFailure f =
          new SipFailure(
              SipFailure.Kind.NOT_ACCEPTABLE,
              "file-range-attr " + range + " is outside the file's " + size + " bytes");
      return chat.bye()
          .handle(
              (b, e) -> {
                throw completion(f);
              });
    }
    long length = stop - offset;
    ThrottledProgress p = new ThrottledProgress(progress, size);
    String messageId = TransactionIds.next();
    SendOptions options =
        SendOptions.builder()
            .messageId(messageId)
            .successReport(SuccessReport.YES)
            .progress(
                done -> {
                  if (done > 0) {
                    used.run();
                  }
                  p.update(offset + done);
                })
            .build();
    MsrpSession session = chat.msrp().orElseThrow();
    MsrpConnection connection = session.connection();
    CompletableFuture<MsrpStatus> report = session.awaitReport(messageId);
    // A session the peer ends first will not bring the report: stop waiting then.
    chat.ended()
        .thenRun(
            () -> report.completeExceptionally(new SipFailure(SipFailure.Kind.CLOSED, "ended")));
    CompletableFuture<Boolean> delivered;
    try {
      delivered =
          session
              .send(contentType, file, offset, length, options)
              .thenCompose(v -> delivered(report))
              .whenComplete((v, e) -> report.cancel(false));
    } catch (RuntimeException e) {
      report.cancel(false);
      delivered = CompletableFuture.failedFuture(e);
    }
    return delivered
        .handle(
            (verified, e) -> {
              CompletableFuture<SessionEnd> bye = chat.bye();
              if (e != null) {
                // Failed now: a peer that died never answers the BYE (32 s over UDP).
                return CompletableFuture.<FileTransferResult>failedFuture(lost(connection, e));
              }
              p.last(stop);
              return bye.thenApply(
                  b -> new FileTransferResult(name, size, sha1, verified, file, offset));
            })
        .thenCompose(f -> f);
  }

  /**
   * Every chunk was answered 200, by the peer or by a relay (RFC 4976: relays answer hop by hop):
   * waits for the peer's success report before the BYE, so that the BYE cannot overtake the last
   * chunks still on their way through relays. True when it came; false when none came within {@link
   * #REPORT_WAIT} (a peer that ignores Success-Report) or the session ended first; fails for a
   * failure report.
   */
  private static CompletableFuture<Boolean> delivered(CompletableFuture<MsrpStatus> report) {
    return report
        .orTimeout(REPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (status, e) -> {
              if (e != null) {
                return false;
              }
              if (status.code() != 200) {
                throw new CompletionException(
                    new SipFailure(
                        SipFailure.Kind.MEDIA,
                        "the receiver reported " + status + " for the file"));
              }
              return true;
            });
  }

  /**
   * The failure of a transfer whose connection closed under it, in words ({@link LostConnection}):
   * the writes that fail first say only that the channel closed.
   */
  private static Throwable lost(MsrpConnection connection, Throwable e) {
    if (connection == null || connection.isOpen()) {
      return e;
    }
    Throwable cause = connection.closeCause();
    return new SipFailure(
        SipFailure.Kind.MEDIA, 0, LostConnection.why(cause), cause != null ? cause : e);
  }

  private static CompletionException completion(Throwable e) {
    return e instanceof CompletionException ? (CompletionException) e : new CompletionException(e);
  }
}
