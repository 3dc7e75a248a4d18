package org.parley.relay;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;

/**
 * One request being relayed, from its head to its end-line (RFC 4976 §6.4): written to the next hop
 * as it arrives (cut-through), under this hop's own transaction ids, as one chunk or, when the
 * {@link Outbound} interrupts it, as several whose Byte-Range continues where the previous one
 * stopped. Failures downstream (an error response, no response in time, a lost or unreachable next
 * hop) become one failure REPORT to the original sender when Failure-Report asks for it (RFC 4976
 * §6.4.1).
 *
 * <p>Threads: the upstream's event loop calls {@link #content} and {@link #end}; the fields marked
 * so are guarded by the target {@link Outbound}'s monitor; {@link #fail} and {@link #report} may
 * come from any loop.
 */
final class Forward implements Inbound {
  static final int IDLE = 0;
  static final int OWNER = 1;
  static final int DETACHED = 2;
  static final int DONE = 3;

  private final Relay relay;
  final Peer upstream;
  final MsrpRequest request;

  /**
   * This relay's URIs the request named and this hop took off To-Path, in To-Path order: one, or
   * two when the next hop is another client of this relay.
   */
  final List<MsrpUri> hops;

  /** The last of {@link #hops}: first in the downstream From-Path. */
  final MsrpUri hop;

  private final List<MsrpUri> toPath;
  private final List<MsrpUri> fromPath;
  final boolean send;
  final RelayMetrics.Direction direction;
  private final ByteRange range;

  /** Where it goes; null while the connection to the next hop is being made. */
  volatile Outbound target;

  private volatile int failure;
  private volatile boolean ended;
  private final AtomicBoolean reported = new AtomicBoolean();

  // Guarded by the target Outbound's monitor.
  int state = IDLE;
  boolean queued;
  String pieceTransactionId;
  long pieceBytes;
  long forwarded;
  private int pieces;
  private MsrpRequest firstHead;

  // The upstream's loop.
  volatile boolean starved;
  boolean upstreamGone;
  long received;

  Forward(
      Relay relay,
      Peer upstream,
      MsrpRequest request,
      List<MsrpUri> hops,
      List<MsrpUri> toPath,
      List<MsrpUri> fromPath,
      RelayMetrics.Direction direction) {
    this.relay = relay;
    this.upstream = upstream;
    this.request = request;
    this.hops = List.copyOf(hops);
    this.hop = hops.get(hops.size() - 1);
    this.toPath = toPath;
    this.fromPath = fromPath;
    this.direction = direction;
    this.send = request.method().equals(MsrpMethod.SEND);
    ByteRange r = request.byteRange();
    this.range = r != null ? r : ByteRange.of(1, ByteRange.UNKNOWN, ByteRange.UNKNOWN);
  }

  // ---------------------------------------------------------------------------------------------
  // Upstream side

  @Override
  public boolean content(ByteBuf slice) {
    Outbound t = target;
    int n = slice.readableBytes();
    if (t == null) {
      if (failure != 0) {
        slice.release();
        received += n;
        return true;
      }
      return false;
    }
    if (!t.content(this, slice)) {
      return false;
    }
    received += n;
    if (t.blockUntilWritable(upstream)) {
      upstream.pause(Peer.DOWNSTREAM);
      relay.downstreamPaused();
    }
    return true;
  }

  @Override
  public boolean end(ContinuationFlag flag) {
    Outbound t = target;
    if (t == null) {
      if (failure == 0) {
        return false;
      }
    } else if (!t.end(this, flag)) {
      return false;
    }
    ended = true;
    return true;
  }

  /** Whether the upstream frame's end-line was handled. */
  boolean ended() {
    return ended;
  }

  void wakeUpstream() {
    upstream.wake();
  }

  // ---------------------------------------------------------------------------------------------
  // Downstream side (under the target's monitor)

  /** The head of the next piece: the first one as relayed, later ones continuing its range. */
  MsrpRequest nextPieceHead() {
    String tid = TransactionIds.next();
    if (pieces++ == 0) {
      MsrpRequest.Builder b =
          request.toBuilder().transactionId(tid).toPath(toPath).fromPath(fromPath);
      if (send && request.byteRange() == null) {
        b.byteRange(range); // an interrupted chunk needs a range to continue from
      }
      firstHead = b.build();
      return firstHead;
    }
    return firstHead.toBuilder()
        .transactionId(tid)
        .byteRange(ByteRange.of(range.start() + forwarded, ByteRange.UNKNOWN, range.total()))
        .build();
  }

  /** The transaction to follow for the piece {@code tid}, or null when no response will come. */
  Pending pendingFor(String tid) {
    if (send) {
      FailureReport fr = request.failureReport();
      return fr == FailureReport.NO ? null : new Pending(this, tid, fr == FailureReport.YES);
    }
    if (request.method().equals(MsrpMethod.REPORT)) {
      return null; // REPORTs are never answered
    }
    return new Pending(this, tid, false); // AUTH and unknown methods: answered end to end
  }

  // ---------------------------------------------------------------------------------------------
  // Failures

  /** The status of the failure, or 0. */
  int failure() {
    return failure;
  }

  /**
   * Marks the request as failed; the REPORT goes now when the upstream chunk has ended, else when
   * it ends (after this hop's 200, RFC 4976 §6.4.1).
   */
  void fail(int code, String reason) {
    if (failure == 0) {
      failureReason = reason;
      failure = code;
    }
    if (ended) {
      report(failure, failureReason);
    }
  }

  private volatile String failureReason;

  /** Reports a failure that {@link #fail} recorded, once the upstream chunk has ended. */
  void reportFailure() {
    if (failure != 0) {
      report(failure, failureReason);
    }
  }

  /**
   * Sends the failure REPORT for this SEND, once at most: back along its From-Path, from this hop's
   * URIs, for the chunk's Byte-Range, when Failure-Report is {@code yes} or {@code partial} (RFC
   * 4975 §7.1.2, RFC 4976 §6.4.1).
   */
  CompletableFuture<Void> report(int code, String reason) {
    if (!send || !reported.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    if (request.failureReport() == FailureReport.NO || request.messageId() == null) {
      return CompletableFuture.completedFuture(null);
    }
    MsrpRequest report =
        MsrpRequest.builder(MsrpMethod.REPORT)
            .toPath(request.fromPath())
            .fromPath(hops)
            .messageId(request.messageId())
            .byteRange(range)
            .status(MsrpStatus.of(0, code, reason))
            .build();
    relay.metrics().error(code, true);
    relay.log().reportSent(upstream, request, code, reason);
    return upstream.out().sendWhole(report);
  }
}
