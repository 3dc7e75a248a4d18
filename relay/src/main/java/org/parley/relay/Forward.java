package org.parley.relay;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
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
 * §6.4.1). A request the relay stops on its way (a Byte-Range past 2^63 - 1, a body of another
 * method past its bound, a frame over its time) is {@linkplain #refusal refused}: the sender gets
 * that answer at its end-line as RFC 4975 §7.2 allows.
 *
 * <p>Its {@link ForwardState} changes here only, called by the target {@link Outbound} under its
 * monitor (which also guards the piece counters). The upstream's event loop calls {@link #content},
 * {@link #end} and the upstream marks; {@link #fail} and {@link #report} may come from any loop.
 */
final class Forward implements Inbound, Turn {
  private final Relay relay;
  private final Peer upstream;
  private final MsrpRequest request;

  /**
   * This relay's URIs the request named and this hop took off To-Path, in To-Path order: one, or
   * two when the next hop is another client of this relay.
   */
  private final List<MsrpUri> hops;

  private final boolean send;
  private final Set<RelayMetrics.Direction> directions;
  private final ByteRange range;

  /** Where it goes; null while the connection to the next hop is being made. */
  private volatile Outbound target;

  private volatile int failure;
  private volatile String failureReason;
  private volatile boolean cut;
  private volatile int refusal;
  private volatile String refusalReason;
  private volatile boolean ended;
  private static final AtomicIntegerFieldUpdater<Forward> REPORTED =
      AtomicIntegerFieldUpdater.newUpdater(Forward.class, "reported");

  /** 1 once the failure REPORT went (no AtomicBoolean per forwarded frame). */
  @SuppressWarnings("UnusedVariable") // read and written through REPORTED
  private volatile int reported;

  // Guarded by the target Outbound's monitor.
  private ForwardState state = ForwardState.NEW;
  private String pieceTransactionId;
  private long pieceBytes;
  private long forwarded;
  private int pieces;
  private MsrpRequest firstHead;

  // The upstream's loop (starved is read by the target's loop too).
  private volatile boolean starved;
  private boolean upstreamGone;

  Forward(
      Relay relay,
      Peer upstream,
      MsrpRequest request,
      List<MsrpUri> hops,
      Set<RelayMetrics.Direction> directions) {
    this.relay = relay;
    this.upstream = upstream;
    this.request = request;
    this.hops = List.copyOf(hops);
    this.directions = Set.copyOf(directions);
    this.send = request.method().equals(MsrpMethod.SEND);
    ByteRange r = request.byteRange();
    this.range = r != null ? r : ByteRange.of(1, ByteRange.UNKNOWN, ByteRange.UNKNOWN);
  }

  MsrpRequest request() {
    return request;
  }

  Peer upstream() {
    return upstream;
  }

  List<MsrpUri> hops() {
    return hops;
  }

  /**
   * The last of {@link #hops}: first in the downstream From-Path, first in a response's To-Path.
   */
  MsrpUri hop() {
    return hops.get(hops.size() - 1);
  }

  boolean send() {
    return send;
  }

  /**
   * The ways it counts in the metrics: from a client, to a client, or both (from one client of this
   * relay to another).
   */
  Set<RelayMetrics.Direction> directions() {
    return directions;
  }

  /** Where it goes, or null while the next hop's connection is being made. */
  Outbound target() {
    return target;
  }

  /** Its next hop is known: asks for the slot there. */
  void attach(Outbound t) {
    target = t;
    t.begin(this);
  }

  // ---------------------------------------------------------------------------------------------
  // Upstream side

  @Override
  public boolean content(ByteBuf slice) {
    Outbound t = target;
    if (t == null) {
      if (failure != 0) {
        slice.release();
        return true;
      }
      return false;
    }
    if (!t.content(this, slice)) {
      return false;
    }
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

  /** The upstream has read everything it had of this frame for now ({@code true}), or more came. */
  void starved(boolean now) {
    starved = now;
  }

  boolean starved() {
    return starved;
  }

  /** The upstream's connection closed before the end-line: the frame ends with {@code #}. */
  void upstreamGone() {
    upstreamGone = true;
  }

  boolean isUpstreamGone() {
    return upstreamGone;
  }

  void wakeUpstream() {
    upstream.wake();
  }

  // ---------------------------------------------------------------------------------------------
  // Downstream side: the slot (under the target's monitor)

  ForwardState state() {
    return state;
  }

  private void become(ForwardState next) {
    if (!state.mayBecome(next)) {
      throw new IllegalStateException("a forward cannot go from " + state + " to " + next);
    }
    state = next;
  }

  /** It joins the queue for the slot. */
  void queued() {
    become(ForwardState.WAITING);
  }

  /**
   * It takes the slot: returns the head of its next piece, the first one as relayed, later ones
   * continuing its range, or null when the range cannot continue (its last byte was at 2^63 - 1;
   * the caller refuses it).
   */
  MsrpRequest granted() {
    String tid = TransactionIds.next();
    MsrpRequest head;
    if (pieces == 0) {
      head = request.relayed(tid, hops.size());
      if (send && request.byteRange() == null) {
        head = head.toBuilder().byteRange(range).build(); // an interrupted chunk continues from it
      }
      firstHead = head;
    } else {
      long start;
      try {
        start = Math.addExact(range.start(), forwarded);
      } catch (ArithmeticException e) {
        return null;
      }
      head =
          firstHead.toBuilder()
              .transactionId(tid)
              .byteRange(ByteRange.of(start, ByteRange.UNKNOWN, range.total()))
              .build();
    }
    become(ForwardState.OWNER);
    pieces++;
    pieceTransactionId = tid;
    pieceBytes = 0;
    return head;
  }

  /**
   * Whether {@code n} more body bytes stay within the positions a Byte-Range can name: the last one
   * at most 2^63 - 1 (checked arithmetic; RFC 4975 §7.1.1 positions count from 1).
   */
  boolean fits(long n) {
    return n <= Long.MAX_VALUE - (range.start() - 1) - forwarded;
  }

  /** Whether a piece of it was written. */
  boolean begun() {
    return pieces > 0;
  }

  /** Bytes of the current piece written. */
  long pieceBytes() {
    return pieceBytes;
  }

  /** {@code n} body bytes of the current piece are written. */
  void wrote(long n) {
    pieceBytes += n;
    forwarded += n;
  }

  /** Its piece ends with {@code +}; returns the piece's transaction to follow, or null. */
  Pending interrupted() {
    become(ForwardState.INTERRUPTED);
    return pendingFor(pieceTransactionId);
  }

  /**
   * Its frame ends (the piece's end-line is written); returns the transaction to follow, or null.
   */
  Pending finished() {
    become(ForwardState.FINISHED);
    return pendingFor(pieceTransactionId);
  }

  /** Nothing more of it is written (failed, refused, or cut off before it began). */
  void dropped() {
    if (state != ForwardState.FINISHED) {
      become(ForwardState.FINISHED);
    }
  }

  /**
   * It is stopped on its way: nothing more is written, what the upstream still sends of it is
   * dropped, and the upstream's request gets {@code code} at its end-line (RFC 4975 §7.2), or
   * nothing when {@code code} is 0.
   */
  void refused(int code, String reason) {
    if (!cut) {
      refusalReason = reason;
      refusal = code;
      cut = true;
    }
    dropped();
  }

  /** Whether it was stopped on its way ({@link #refused}). */
  boolean cut() {
    return cut;
  }

  /** The status the upstream's request is answered with instead of relaying it, or 0: none. */
  int refusal() {
    return refusal;
  }

  String refusalReason() {
    return refusalReason;
  }

  /** The transaction to follow for the piece {@code tid}, or null when no response will come. */
  private Pending pendingFor(String tid) {
    if (send) {
      FailureReport fr = request.failureReport();
      return fr == FailureReport.NO ? null : new Pending(this, tid, fr == FailureReport.YES);
    }
    if (request.method().equals(MsrpMethod.REPORT) || cut) {
      return null; // REPORTs are never answered; a cut-off frame is not either
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
    if (!send || cut || !REPORTED.compareAndSet(this, 0, 1)) {
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
    return upstream.out().sendWholeThen(report);
  }
}
