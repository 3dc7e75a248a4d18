package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.codec.MsrpAnswers;
import org.parley.msrp.transport.MsrpConnection;

/**
 * What arrives for one {@link MsrpSession}: who may send to it (RFC 4975 §7.3 session matching),
 * its limits (max-size, accept-types, unfinished messages: 413 and 415), the reassembly of its
 * incoming messages, the 200s and REPORTs it sends back, and the REPORTs it waits for. The only
 * owner of the session's incoming messages.
 *
 * <p>Runs on the event loop of the connection a frame comes over. Frames of one session may come
 * over several connections (event loops) at once: the state of a frame is its {@link
 * InboundFrame}'s (one event loop), that of a message its {@link IncomingMessage}'s (under the
 * message's monitor, held while the listener hears about it), and the map of messages is
 * concurrent.
 */
final class SessionInbox {
  /** Message-IDs refused lately are remembered, at most this many, with their code. */
  static final int REFUSALS_REMEMBERED = 64;

  private static final AtomicIntegerFieldUpdater<SessionInbox> UNFINISHED =
      AtomicIntegerFieldUpdater.newUpdater(SessionInbox.class, "unfinished");

  private final MsrpSession session;
  private final Map<String, IncomingMessage> incoming = new ConcurrentHashMap<>();

  /**
   * Who waits for a REPORT about a message the session sent, by Message-ID; made at the first wait,
   * as most sessions never wait for one.
   */
  private volatile @Nullable Map<String, CompletableFuture<MsrpStatus>> reportWaiters;

  /** Messages in {@link #incoming}: at most {@link MsrpStack#maxIncompleteMessages}. */
  @SuppressWarnings("UnusedVariable") // read and written through UNFINISHED: no object per session
  private volatile int unfinished;

  /**
   * Message-IDs refused lately with their code, so that later chunks of a refused message get the
   * same answer; made at the first refusal, as most sessions never refuse one (guarded by this).
   */
  private @Nullable Map<String, Integer> refusals;

  SessionInbox(MsrpSession session) {
    this.session = session;
  }

  /**
   * RFC 4975 §7.3 session matching, for a session whose peer is known (a remote path from SDP): the
   * sender, the last URI of From-Path, must be the peer (§6.1 comparison, or the session-id alone
   * with {@link MsrpStack.Builder#matchSessionIdOnly}), and once the session is bound, the request
   * must come over its connection (a REPORT on it may come from a relay of the path). A session
   * without a remote path (a listener that takes any peer, as {@code parley msrp listen}) accepts
   * every sender.
   */
  boolean mayCome(MsrpConnection c, MsrpRequest request) {
    List<MsrpUri> peer = session.remotePath();
    // The SDP fingerprint is the peer's own: checked on a direct connection, not on a relay's.
    List<Fingerprint> certificates = session.remoteFingerprints();
    if (!certificates.isEmpty()
        && peer.size() <= 1
        && session.relays().isEmpty()
        && !c.peerCertificateMatches(certificates)) {
      return false;
    }
    if (peer.isEmpty()) {
      return true;
    }
    MsrpUri expected = peer.get(peer.size() - 1);
    List<MsrpUri> from = request.fromPath();
    MsrpUri sender = from.get(from.size() - 1);
    boolean same =
        session.stack().matchSessionIdOnly()
            ? expected.sessionId() != null && expected.sessionId().equals(sender.sessionId())
            : expected.equals(sender);
    MsrpConnection bound = session.connection();
    // Direct session: only over the connection it is bound to. Through relays a relay may deliver
    // over a connection it opened itself (RFC 4976: towards a To-Path URI it has no connection
    // for), so there the sender's URI is what is checked.
    boolean direct = peer.size() == 1 && session.relays().isEmpty();
    if (direct && bound != null && bound != c) {
      return false;
    }
    if (same || !request.method().equals(MsrpMethod.REPORT)) {
      return same;
    }
    // A relay of the path reports failures from its own URI (RFC 4976).
    return bound == c
        || peer.subList(0, peer.size() - 1).contains(sender)
        || session.relays().contains(sender);
  }

  void requestArrived(InboundFrame f) {
    MsrpConnection c = f.inbound.connection;
    MsrpRequest request = f.request;
    session.link().boundBy(c); // the passive side is bound by the first request for the session
    ByteRange range = request.byteRange();
    f.position = range == null ? 0 : range.start() - 1;
    if (request.method().equals(MsrpMethod.REPORT)) {
      reportArrived(request);
      return;
    }
    String id = request.messageId();
    String type = request.contentType();
    if (!request.method().equals(MsrpMethod.SEND) || type == null || id == null) {
      return;
    }
    int earlier = refusedCode(id);
    int code = earlier != 0 ? earlier : limitBroken(request, type);
    if (code != 0) {
      refuse(f, code, reason(code), earlier == 0);
      return;
    }
    long total = range == null ? -1 : range.total();
    IncomingMessage m = incoming.get(id);
    if (!f.inbound.mayCarry(m, session.stack().maxIncompletePerConnection())) {
      refuse(f, 413, "Too Many Unfinished Messages On This Connection", true);
      return;
    }
    if (m == null) {
      m = start(id, type, total);
      if (m == null) {
        refuse(f, 413, "Too Many Unfinished Messages", true);
        return;
      }
    }
    synchronized (m) {
      if (m.ended()) {
        return; // ended on another connection just now: this chunk repeats bytes it had
      }
      m.total(total);
      m.carriedBy(c);
    }
    f.message = m;
    f.inbound.carry(m, this);
  }

  /**
   * A new message in {@link #incoming}, the listener told, or null when the session has {@link
   * MsrpStack.Builder#maxIncompleteMessages} unfinished ones already. When another connection
   * started the same Message-ID at the same moment, that one's message.
   */
  private @Nullable IncomingMessage start(String id, String contentType, long total) {
    if (UNFINISHED.incrementAndGet(this) > session.stack().maxIncompleteMessages()) {
      UNFINISHED.decrementAndGet(this);
      return null;
    }
    IncomingMessage fresh = new IncomingMessage(id, contentType, total);
    // Held from before the message is visible, so no chunk of it is handled before started().
    synchronized (fresh) {
      IncomingMessage other = incoming.putIfAbsent(id, fresh);
      if (other != null) {
        UNFINISHED.decrementAndGet(this);
        return other;
      }
      session.listener().started(session, fresh);
    }
    return fresh;
  }

  /** Ends {@code m} (delivered or aborted); the caller holds its monitor. */
  private void end(IncomingMessage m, boolean aborted) {
    m.end();
    if (incoming.remove(m.messageId(), m)) {
      UNFINISHED.decrementAndGet(this);
    }
    session.listener().completed(session, m, aborted);
  }

  private void abort(IncomingMessage m) {
    synchronized (m) {
      if (!m.ended()) {
        end(m, true);
      }
    }
  }

  /** 415 for a type not in accept-types, 413 for a Byte-Range beyond max-size, else 0. */
  private int limitBroken(MsrpRequest request, String type) {
    if (!AcceptTypes.accepts(session.acceptTypes(), type)) {
      return 415;
    }
    long max = session.maxSize();
    ByteRange range = request.byteRange();
    if (max >= 0 && range != null && (range.total() > max || range.end() > max)) {
      return 413;
    }
    return 0;
  }

  private static String reason(int code) {
    return code == 413 ? "Message Too Large" : "Unsupported Media Type";
  }

  /**
   * Refuses the chunk being read and drops its message: the error response now (as Failure-Report
   * allows), a failure REPORT unless Failure-Report is {@code no}, and the rest of the chunk and of
   * the message ignored.
   */
  private void refuse(InboundFrame f, int code, String reason, boolean report) {
    MsrpConnection c = f.inbound.connection;
    MsrpRequest request = f.request;
    f.refusal = code;
    String id = request.messageId();
    remember(id, code);
    answer(c, request, code, reason);
    if (report && request.failureReport() != FailureReport.NO) {
      sendReport(c, request, MsrpStatus.of(0, code, reason), request.byteRange());
    }
    IncomingMessage m = f.message != null ? f.message : incoming.get(id);
    if (m != null) {
      abort(m);
      f.inbound.ended(m);
    }
  }

  private void reportArrived(MsrpRequest request) {
    MsrpStatus status = request.headers().status();
    String id = request.messageId();
    if (id != null && status != null) {
      Map<String, CompletableFuture<MsrpStatus>> waiters = reportWaiters;
      CompletableFuture<MsrpStatus> waiter = waiters == null ? null : waiters.remove(id);
      if (waiter != null) {
        waiter.complete(status);
      }
      session.listener().report(session, id, status, request.byteRange());
    }
  }

  /** A REPORT about {@code request}'s message, straight back to its sender (RFC 4975 §7.1.2). */
  private void sendReport(
      MsrpConnection c, MsrpRequest request, MsrpStatus status, @Nullable ByteRange range) {
    MsrpRequest.Builder b =
        MsrpRequest.builder(MsrpMethod.REPORT)
            .transactionId(TransactionIds.next())
            .toPath(request.fromPath())
            .fromPath(List.of(session.localUri()))
            .messageId(Objects.requireNonNull(request.messageId(), "a REPORT is about a message"));
    if (range != null) {
      b.byteRange(range);
    }
    c.send(b.status(status).build(), null, ContinuationFlag.END);
  }

  void bytesArrived(InboundFrame f, ByteBuf slice) {
    int n = slice.readableBytes();
    long at = f.position;
    f.position = at + n;
    IncomingMessage m = f.message;
    if (f.refusal != 0 || n == 0 || m == null) {
      return;
    }
    long max = session.maxSize();
    if (max >= 0 && at + n > max) {
      refuse(f, 413, reason(413), true);
      return;
    }
    // A body that runs past its chunk's Byte-Range end or the message's total (a sender that lost
    // its end-line, or a lie) is refused: the listener never hears of bytes outside the message.
    ByteRange range = f.request.byteRange();
    long total = m.total();
    if ((range != null && range.end() != ByteRange.UNKNOWN && at + n > range.end())
        || (total >= 0 && at + n > total)) {
      refuse(f, 400, "Body Beyond Byte-Range", true);
      return;
    }
    synchronized (m) {
      if (m.ended()) {
        return;
      }
      // Only bytes not received before reach the listener: chunks may repeat (RFC 4975 §7.3.1).
      m.ranges.add(
          at,
          at + n,
          (from, to) -> {
            session
                .listener()
                .bytes(session, m, from, slice.slice((int) (from - at), (int) (to - from)));
            m.add(to - from);
          });
    }
  }

  /**
   * The chunk's end-line came. A message whose last byte is in is delivered before the 200 goes
   * out: a 200 for it is a promise that the listener has it.
   */
  void requestEnded(InboundFrame f, ContinuationFlag flag) {
    MsrpConnection c = f.inbound.connection;
    MsrpRequest request = f.request;
    if (request.method().equals(MsrpMethod.SEND)) {
      if (f.refusal != 0) {
        return; // answered when refused
      }
      IncomingMessage m = f.message;
      boolean delivered = false;
      if (m != null) {
        synchronized (m) {
          if (!m.ended()) {
            if (flag == ContinuationFlag.END) {
              m.total(m.total() >= 0 ? m.total() : f.position); // '$' ends the message here
            }
            // Complete when aborted, or when every byte has come, whichever chunk came last.
            if (flag == ContinuationFlag.ABORT || m.whole()) {
              delivered = flag != ContinuationFlag.ABORT;
              end(m, !delivered);
            }
          }
        }
        if (m.ended()) {
          f.inbound.ended(m);
        }
      }
      answer(c, request, 200, "OK");
      if (delivered && m != null && request.successReport() == SuccessReport.YES) {
        long n = m.received();
        sendReport(c, request, MsrpStatus.of(0, 200, "OK"), ByteRange.of(1, n, n));
      }
    } else if (!request.method().equals(MsrpMethod.REPORT)) {
      answer(c, request, 501, "Not Implemented"); // AUTH, or a method we do not know
    }
  }

  /**
   * {@code c} closed while carrying chunks of {@code m}: the message is aborted when the chunk
   * being read was cut off ({@code unfinished}) or no other connection carries it; else its chunks
   * go on over the others.
   */
  void connectionLost(MsrpConnection c, IncomingMessage m, boolean unfinished) {
    synchronized (m) {
      if (!m.ended() && (m.lost(c) || unfinished)) {
        end(m, true);
      }
    }
  }

  /** See {@link MsrpSession#awaitReport}. */
  CompletableFuture<MsrpStatus> awaitReport(String messageId) {
    Map<String, CompletableFuture<MsrpStatus>> waiters = reportWaiters;
    if (waiters == null) {
      synchronized (this) {
        waiters = reportWaiters;
        if (waiters == null) {
          waiters = new ConcurrentHashMap<>();
          reportWaiters = waiters;
        }
      }
    }
    CompletableFuture<MsrpStatus> f = new CompletableFuture<>();
    waiters.put(messageId, f);
    Map<String, CompletableFuture<MsrpStatus>> in = waiters;
    f.whenComplete((st, e) -> in.remove(messageId, f));
    return f;
  }

  /** The code {@code messageId} was refused with lately, or 0. */
  private synchronized int refusedCode(@Nullable String messageId) {
    Integer code = refusals == null ? null : refusals.get(messageId);
    return code == null ? 0 : code;
  }

  private synchronized void remember(@Nullable String messageId, int code) {
    if (messageId == null) {
      return; // a SEND without Message-ID is refused before it has one to remember
    }
    if (refusals == null) {
      refusals =
          new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
              return size() > REFUSALS_REMEMBERED;
            }
          };
    }
    refusals.put(messageId, code);
  }

  /** Answers a request as RFC 4975 §7.2 says ({@link MsrpAnswers#to}). */
  static void answer(MsrpConnection c, MsrpRequest request, int code, @Nullable String comment) {
    MsrpResponse r = MsrpAnswers.to(request, code, comment);
    if (r != null) {
      c.send(r, null, ContinuationFlag.END);
    }
  }
}
