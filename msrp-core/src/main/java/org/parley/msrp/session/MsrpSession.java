package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.Hosts;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpTls;

/**
 * One MSRP session: its own URI, the path to the peer, and the connection it is bound to. The
 * active side {@linkplain #connect connects} to the first hop of the remote path and binds the
 * connection with an empty SEND (RFC 4975 §5.4); the passive side is bound by the first request
 * that arrives for it.
 */
public final class MsrpSession {
  private final MsrpStack stack;
  private final MsrpUri localUri;
  private final SessionListener listener;
  private final Map<String, IncomingMessage> incoming = new ConcurrentHashMap<>();
  private volatile List<MsrpUri> remotePath = List.of();
  private volatile List<MsrpUri> relays = List.of();
  private volatile List<Fingerprint> remoteFingerprints = List.of();
  private volatile MsrpConnection connection;
  // Made when first asked for, as most sessions never are (guarded by this).
  private CompletableFuture<Void> boundFuture;
  private boolean everBound;
  private boolean closed;
  private volatile boolean ownConnection;
  private volatile boolean connectedByUs;

  /** {@code true} while this session holds one of the stack's counts on a shared connection. */
  private volatile boolean leased;

  private volatile long maxSize = -1;

  /** The bound on unanswered chunks, or null for none (most sessions: no memory spent). */
  private volatile ChunkWindow window;

  private volatile List<String> acceptTypes = List.of();

  /** Who waits for a REPORT about a message this session sent, by Message-ID. */
  private final Map<String, CompletableFuture<MsrpStatus>> reportWaiters =
      new ConcurrentHashMap<>();

  /** The connection this session stopped reading from, or null (see {@link #suspendReading}). */
  private volatile MsrpConnection suspended; // through SUSPENDED: no object per session

  private static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<
          MsrpSession, MsrpConnection>
      SUSPENDED =
          java.util.concurrent.atomic.AtomicReferenceFieldUpdater.newUpdater(
              MsrpSession.class, MsrpConnection.class, "suspended");

  private volatile ScheduledFuture<?> keepAlive;

  /** Message-IDs refused lately, with the code, so their later chunks are refused too. */
  private final RefusedMessages refused = new RefusedMessages();

  /** Messages in {@link #incoming}: at most {@link MsrpStack#maxIncompleteMessages}. */
  @SuppressWarnings("UnusedVariable") // read and written through UNFINISHED: no object per session
  private volatile int unfinished;

  private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<MsrpSession>
      UNFINISHED =
          java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(
              MsrpSession.class, "unfinished");

  MsrpSession(MsrpStack stack, MsrpUri localUri, SessionListener listener) {
    this.stack = stack;
    this.localUri = localUri;
    this.listener = listener;
  }

  /** The session's own URI (the last URI of the peer's To-Path). */
  public MsrpUri localUri() {
    return localUri;
  }

  public List<MsrpUri> remotePath() {
    return remotePath;
  }

  /** The peer's path from its SDP {@code a=path}, first hop first. */
  public void remotePath(List<MsrpUri> path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a path holds at least one URI");
    }
    this.remotePath = List.copyOf(path);
  }

  /**
   * The peer's certificate fingerprints from its SDP {@code a=fingerprint} (RFC 4975 §14.1), for a
   * direct session over msrps: requests are then taken only over a TLS connection whose peer
   * presented a certificate with one of them (481 else), so the passive side checks the active side
   * as the active side checks it. The passive side's listener must ask for client certificates
   * ({@link org.parley.msrp.transport.MsrpTls#serverAskingForClientCertificates}). Empty (the
   * default): no check.
   */
  public void remoteFingerprints(List<Fingerprint> fingerprints) {
    this.remoteFingerprints = List.copyOf(fingerprints);
  }

  /**
   * This side's relays (the Use-Path of a {@link RelayBinding}), first hop first: requests go to
   * the first of them and carry them in front of the remote path in To-Path (RFC 4976 §6). Empty
   * (the default) for a direct connection.
   */
  public void relays(List<MsrpUri> usePath) {
    this.relays = List.copyOf(usePath);
  }

  public List<MsrpUri> relays() {
    return relays;
  }

  /** Where requests go: this side's relays, then the remote path. */
  private List<MsrpUri> toPath() {
    List<MsrpUri> own = relays;
    if (own.isEmpty()) {
      return remotePath;
    }
    List<MsrpUri> path = new java.util.ArrayList<>(own.size() + remotePath.size());
    path.addAll(own);
    path.addAll(remotePath);
    return path;
  }

  /**
   * The largest message the session takes (SDP {@code a=max-size}, RFC 4975 §8.6), or -1 for no
   * limit. A SEND whose Byte-Range end or total is larger, or whose message grows larger while
   * arriving, is answered with 413 and its message dropped: the listener never hears of it when the
   * first chunk is refused, and hears {@link SessionListener#completed completed} with {@code
   * aborted = true} when a later chunk is. Later chunks of a refused message get 413 too.
   */
  public void maxSize(long bytes) {
    if (bytes < -1) {
      throw new IllegalArgumentException("maxSize is -1 or at least 0");
    }
    this.maxSize = bytes;
  }

  public long maxSize() {
    return maxSize;
  }

  /**
   * The media types the session takes (SDP {@code a=accept-types}); empty (the default) takes every
   * type. {@code *} and {@code type/*} are wildcards; parameters after {@code ;} are ignored and
   * case does not matter. A SEND of another type is answered with 415 and its message dropped, as
   * for {@link #maxSize(long)}.
   */
  public void acceptTypes(List<String> types) {
    this.acceptTypes = List.copyOf(types);
  }

  public List<String> acceptTypes() {
    return acceptTypes;
  }

  /**
   * Chunks the session has written and not yet seen answered, at most, across all its messages
   * (Failure-Report {@code yes}); 0 (the default) for no bound: chunks and messages are pipelined.
   * 1 is stop-and-wait, for peers whose parsers lose frame boundaries when several frames arrive in
   * one read (msrp-java). With a bound, messages go in chunks of the stack's chunk size, never as
   * one streamed chunk.
   */
  public void maxChunksInFlight(int chunks) {
    if (chunks < 0) {
      throw new IllegalArgumentException("maxChunksInFlight is 0 (no bound) or more: " + chunks);
    }
    window = chunks == 0 ? null : new ChunkWindow(chunks);
  }

  public int maxChunksInFlight() {
    ChunkWindow w = window;
    return w == null ? 0 : w.max();
  }

  /** The connection the session is bound to, or null. */
  public MsrpConnection connection() {
    return connection;
  }

  /**
   * Completes when the session is bound to a connection: on the active side when the peer answered
   * the binding SEND, on the passive side when the first request for the session arrived. From then
   * on the session can send.
   */
  public CompletableFuture<Void> bound() {
    synchronized (this) {
      if (boundFuture == null) {
        boundFuture = new CompletableFuture<>();
        if (everBound) {
          boundFuture.complete(null);
        } else if (closed) {
          boundFuture.completeExceptionally(closedBeforeBound());
        }
      }
      return boundFuture;
    }
  }

  private static IllegalStateException closedBeforeBound() {
    return new IllegalStateException("the session was closed before it was bound");
  }

  private void markBound() {
    CompletableFuture<Void> b;
    synchronized (this) {
      everBound = true;
      b = boundFuture;
    }
    if (b != null) {
      b.complete(null);
    }
  }

  /**
   * Active side: connects to the first hop of the remote path and binds the connection with an
   * empty SEND; completes when the peer answered it with 200.
   *
   * @param tls client TLS settings for an msrps path, or null
   */
  public CompletableFuture<Void> connect(MsrpTls tls) {
    if (remotePath.isEmpty()) {
      throw new IllegalStateException("set the remote path first");
    }
    MsrpUri first = toPath().get(0);
    if (!first.hasPort()) {
      throw new IllegalArgumentException("the first hop " + first + " has no port");
    }
    if (first.secure() != (tls != null)) {
      throw new IllegalArgumentException("msrps needs TLS settings, msrp none: " + first);
    }
    InetSocketAddress address =
        new InetSocketAddress(Hosts.unbracketed(first.host()), first.port());
    return bind(address, tls, true);
  }

  /**
   * Connects (or takes a shared connection) and binds it with an empty SEND. A shared connection
   * the peer closed just before the bind went out (it had no session left on it) is no failure of
   * ours: the bind is tried once more on a fresh connection.
   */
  private CompletableFuture<Void> bind(InetSocketAddress address, MsrpTls tls, boolean mayRetry) {
    boolean own = ownConnection;
    MsrpStack.Lease lease = stack.lease(address, tls, own);
    CompletableFuture<MsrpConnection> connected = lease.future();
    // Only a connection that was open already can have been closed by the peer under us (a fresh
    // connect may also be done by now, on loopback: that is no reason to try again).
    boolean reused = lease.reused();
    return connected
        .thenCompose(
            c -> {
              connection = c;
              connectedByUs = true;
              leased = !own;
              MsrpRequest bind =
                  headBuilder(TransactionIds.next(), SuccessReport.NO, FailureReport.YES)
                      .messageId(TransactionIds.next())
                      .byteRange(ByteRange.of(1, 0, 0))
                      .build();
              return stack.request(c, bind, null, ContinuationFlag.END).response();
            })
        .handle(
            (r, e) -> {
              if (e == null) {
                requireSuccess(r);
                markBound();
                return CompletableFuture.<Void>completedFuture(null);
              }
              Throwable cause =
                  e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
              MsrpConnection c = connection;
              if (mayRetry
                  && reused
                  && !own
                  && c != null
                  && !c.isOpen()
                  && cause instanceof java.nio.channels.ClosedChannelException) {
                stack.release(c);
                leased = false;
                connection = null;
                return bind(address, tls, false);
              }
              return CompletableFuture.<Void>failedFuture(cause);
            })
        .thenCompose(f -> f);
  }

  /** Sends a message with the {@linkplain SendOptions#DEFAULT default options}. */
  public CompletableFuture<Void> send(String contentType, byte[] data) {
    return send(contentType, data, SendOptions.DEFAULT);
  }

  /**
   * Sends a message, split into chunks of the stack's chunk size. Chunks are written one after the
   * other as the connection takes them, without waiting for responses, so several transactions are
   * outstanding at once. The future completes as {@link OutgoingMessage} says for the options'
   * Failure-Report ({@code yes}: every chunk answered with 200; {@code partial}, {@code no}: every
   * chunk written), and fails with {@link MsrpResponseException} (after which no further chunk is
   * sent) or {@link TransactionTimeoutException}.
   *
   * @throws IllegalStateException when the session is not connected
   */
  public CompletableFuture<Void> send(String contentType, byte[] data, SendOptions options) {
    return send(contentType, ChunkSource.of(data), options);
  }

  /**
   * Sends the readable bytes of {@code data} as {@link #send(String, byte[], SendOptions)} does,
   * each chunk a slice of it: no copy, and a direct buffer goes to the socket as it is. The
   * buffer's reader index and reference count are left alone; keep it unchanged (and unreleased)
   * until the returned future completes.
   */
  public CompletableFuture<Void> send(String contentType, ByteBuf data, SendOptions options) {
    return send(contentType, ChunkSource.of(data), options);
  }

  /** Sends a file with the {@linkplain SendOptions#DEFAULT default options}. */
  public CompletableFuture<Void> send(String contentType, Path file) {
    return send(contentType, file, SendOptions.DEFAULT);
  }

  /**
   * Sends a file as one message, as {@link #send(String, byte[], SendOptions)} does, reading it one
   * chunk at a time: a chunk is read only when the previous one was written, so memory stays
   * bounded by one chunk whatever the file's size. The size is taken when the file is opened. An
   * empty file is one chunk with Byte-Range {@code 1-0/0}. The future fails with an {@link
   * java.io.IOException} when the file cannot be read.
   *
   * @throws IllegalStateException when the session is not connected
   */
  public CompletableFuture<Void> send(String contentType, Path file, SendOptions options) {
    return send(contentType, file, 0, -1, options);
  }

  /**
   * Sends {@code length} bytes of a file from byte {@code offset} (0-based; {@code length} -1: to
   * the end) as one message, as {@link #send(String, Path, SendOptions)} sends a whole file: the
   * message is that part alone, its Byte-Range counting from 1 at {@code offset} (RFC 5547's {@code
   * file-range} carries the part of a file in an MSRP message this way).
   *
   * @throws IllegalStateException when the session is not connected
   * @throws IllegalArgumentException when the range is not inside the file
   */
  public CompletableFuture<Void> send(
      String contentType, Path file, long offset, long length, SendOptions options) {
    requireConnection();
    ChunkSource source;
    try {
      source = ChunkSource.open(file, offset, length);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return send(contentType, source, options);
  }

  /**
   * Sends what {@code in} holds until it ends, as one message whose size is unknown until then:
   * chunks carry a Byte-Range total of {@code *} and the last one ends with {@code $} (RFC 4975
   * §7.1.1). The stream is read on the stack's executor one chunk at a time, only while the
   * connection takes them, and closed at the end.
   *
   * @throws IllegalStateException when the session is not connected
   */
  public CompletableFuture<Void> send(String contentType, InputStream in, SendOptions options) {
    requireConnection();
    return send(contentType, ChunkSource.of(in), options);
  }

  private CompletableFuture<Void> send(
      String contentType, ChunkSource source, SendOptions options) {
    MsrpConnection c = requireConnection();
    String messageId = options.messageId() != null ? options.messageId() : TransactionIds.next();
    return new OutgoingMessage(
            stack,
            c,
            source,
            options.failureReport(),
            options.progress(),
            window,
            stack.streamDirect() && window == null && relays.isEmpty() && remotePath.size() == 1,
            tid ->
                headBuilder(tid, options.successReport(), options.failureReport())
                    .messageId(messageId)
                    .contentType(contentType))
        .start();
  }

  private MsrpConnection requireConnection() {
    MsrpConnection c = connection;
    if (c == null) {
      throw new IllegalStateException("the session is not connected");
    }
    return c;
  }

  private static void requireSuccess(MsrpResponse r) {
    if (!r.isSuccess()) {
      throw new MsrpResponseException(r);
    }
  }

  private MsrpRequest.Builder headBuilder(
      String transactionId, SuccessReport successReport, FailureReport failureReport) {
    return MsrpRequest.builder(MsrpMethod.SEND)
        .transactionId(transactionId)
        .toPath(toPath())
        .fromPath(List.of(localUri))
        .successReport(successReport)
        .failureReport(failureReport);
  }

  // Incoming, on the event loop of the connection the frame comes over. Frames of one session may
  // come over several connections (event loops) at once: the state of a frame is its InboundFrame's
  // (one event loop), that of a message its IncomingMessage's (under the message's monitor, held
  // while the listener hears about it), and the map of messages is concurrent.

  /**
   * RFC 4975 §7.3 session matching, for a session whose peer is known (a remote path from SDP): the
   * sender, the last URI of From-Path, must be the peer (§6.1 comparison, or the session-id alone
   * with {@link MsrpStack.Builder#matchSessionIdOnly}), and once the session is bound, the request
   * must come over its connection (a REPORT on it may come from a relay of the path). A session
   * without a remote path (a listener that takes any peer, as {@code parley msrp listen}) accepts
   * every sender.
   */
  boolean mayCome(MsrpConnection c, MsrpRequest request) {
    List<MsrpUri> peer = remotePath;
    // The SDP fingerprint is the peer's own: checked on a direct connection, not on a relay's.
    List<Fingerprint> certificates = remoteFingerprints;
    if (!certificates.isEmpty()
        && peer.size() <= 1
        && relays.isEmpty()
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
        stack.matchSessionIdOnly()
            ? expected.sessionId() != null && expected.sessionId().equals(sender.sessionId())
            : expected.equals(sender);
    MsrpConnection bound = connection;
    // Direct session: only over the connection it is bound to. Through relays a relay may deliver
    // over a connection it opened itself (RFC 4976: towards a To-Path URI it has no connection
    // for), so there the sender's URI is what is checked.
    boolean direct = peer.size() == 1 && relays.isEmpty();
    if (direct && bound != null && bound != c) {
      return false;
    }
    if (same || !request.method().equals(MsrpMethod.REPORT)) {
      return same;
    }
    // A relay of the path reports failures from its own URI (RFC 4976).
    return bound == c
        || peer.subList(0, peer.size() - 1).contains(sender)
        || relays.contains(sender);
  }

  void requestArrived(InboundFrame f) {
    MsrpConnection c = f.inbound.connection;
    MsrpRequest request = f.request;
    if (connection == null) {
      connection = c; // the passive side is bound by the first request for the session
      markBound();
    }
    ByteRange range = request.byteRange();
    f.position = range == null ? 0 : range.start() - 1;
    if (request.method().equals(MsrpMethod.REPORT)) {
      reportArrived(request);
      return;
    }
    String id = request.messageId();
    if (!request.method().equals(MsrpMethod.SEND) || request.contentType() == null || id == null) {
      return;
    }
    int earlier = refused.codeOf(id);
    int code = earlier != 0 ? earlier : limitBroken(request);
    if (code != 0) {
      refuse(f, code, reason(code), earlier == 0);
      return;
    }
    long total = range == null ? -1 : range.total();
    IncomingMessage m = incoming.get(id);
    if (!f.inbound.mayCarry(m, stack.maxIncompletePerConnection())) {
      refuse(f, 413, "Too Many Unfinished Messages On This Connection", true);
      return;
    }
    if (m == null) {
      m = start(id, request.contentType(), total);
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
  private IncomingMessage start(String id, String contentType, long total) {
    if (UNFINISHED.incrementAndGet(this) > stack.maxIncompleteMessages()) {
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
      listener.started(this, fresh);
    }
    return fresh;
  }

  /** Ends {@code m} (delivered or aborted); the caller holds its monitor. */
  private void end(IncomingMessage m, boolean aborted) {
    m.end();
    if (incoming.remove(m.messageId(), m)) {
      UNFINISHED.decrementAndGet(this);
    }
    listener.completed(this, m, aborted);
  }

  private void abort(IncomingMessage m) {
    synchronized (m) {
      if (!m.ended()) {
        end(m, true);
      }
    }
  }

  /** 415 for a type not in accept-types, 413 for a Byte-Range beyond max-size, else 0. */
  private int limitBroken(MsrpRequest request) {
    if (!AcceptTypes.accepts(acceptTypes, request.contentType())) {
      return 415;
    }
    long max = maxSize;
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
    refused.refused(id, code);
    MsrpStack.answer(c, request, code, reason);
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
    if (request.messageId() != null && status != null) {
      CompletableFuture<MsrpStatus> waiter = reportWaiters.remove(request.messageId());
      if (waiter != null) {
        waiter.complete(status);
      }
      listener.report(this, request.messageId(), status, request.byteRange());
    }
  }

  /**
   * Completes with the status of the next REPORT about the message {@code messageId} this session
   * sends (RFC 4975 §7.1.2: {@code 000 200} once the whole message arrived, when it was sent with
   * Success-Report {@code yes}; an error code for a failure report). Call it before sending, with
   * the Message-ID of {@link SendOptions.Builder#messageId}: through relays, which answer each
   * chunk themselves (RFC 4976), only the success report says the message reached the peer. The
   * listener hears the REPORT too. Nothing completes the future if no REPORT comes: give it a
   * time-out; cancelling it forgets the wait.
   */
  public CompletableFuture<MsrpStatus> awaitReport(String messageId) {
    CompletableFuture<MsrpStatus> f = new CompletableFuture<>();
    reportWaiters.put(messageId, f);
    f.whenComplete((s, e) -> reportWaiters.remove(messageId, f));
    return f;
  }

  /** A REPORT about {@code request}'s message, straight back to its sender (RFC 4975 §7.1.2). */
  private void sendReport(
      MsrpConnection c, MsrpRequest request, MsrpStatus status, ByteRange range) {
    MsrpRequest.Builder b =
        MsrpRequest.builder(MsrpMethod.REPORT)
            .transactionId(TransactionIds.next())
            .toPath(request.fromPath())
            .fromPath(List.of(localUri))
            .messageId(request.messageId());
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
    long max = maxSize;
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
            listener.bytes(this, m, from, slice.slice((int) (from - at), (int) (to - from)));
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
      MsrpStack.answer(c, request, 200, "OK");
      if (delivered && request.successReport() == SuccessReport.YES) {
        long n = m.received();
        sendReport(c, request, MsrpStatus.of(0, 200, "OK"), ByteRange.of(1, n, n));
      }
    } else if (!request.method().equals(MsrpMethod.REPORT)) {
      MsrpStack.answer(c, request, 501, "Not Implemented"); // AUTH, or a method we do not know
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

  void connectionClosed(MsrpConnection c) {
    if (connection == c) {
      connection = null;
      keepAlive(null);
      SUSPENDED.compareAndSet(this, c, null); // the count goes with the connection
      listener.closed(this);
    }
  }

  /**
   * Stops reading from the session's connection until {@link #resumeReading}: a receiver whose
   * consumer (a disk) is slower than the network holds the sender back by TCP flow control instead
   * of queueing without bound. Counted per connection: sessions sharing a connection each hold
   * their own suspension, and reading goes on when none holds one (the channel's {@code autoRead}).
   * Repeated calls before a resume count once; the suspension ends with the session or its
   * connection. May be called from any thread; does nothing when the session is not connected.
   */
  public void suspendReading() {
    MsrpConnection c = connection;
    if (c != null && SUSPENDED.compareAndSet(this, null, c)) {
      ReadSuspensions.suspend(c);
    }
  }

  /** Ends this session's {@link #suspendReading} suspension; does nothing when it holds none. */
  public void resumeReading() {
    MsrpConnection c = SUSPENDED.getAndSet(this, null);
    if (c != null) {
      ReadSuspensions.resume(c);
    }
  }

  /** {@code true} while this session holds a suspension of its connection's reads. */
  public boolean readingSuspended() {
    return suspended != null;
  }

  /**
   * Sends an empty SEND (the binding request of RFC 4975 §5.4, which carries no message) every
   * {@code interval} while the session is connected, so that NATs and firewalls keep the connection
   * open and a dead peer is noticed. A keep-alive that fails (no answer within the transaction
   * time-out, an error response, a write error) closes the connection: the listener hears {@link
   * SessionListener#closed}. {@code null} stops keep-alives.
   *
   * @throws IllegalStateException when the session is not connected
   */
  public void keepAlive(Duration interval) {
    ScheduledFuture<?> previous = keepAlive;
    if (previous != null) {
      previous.cancel(false);
      keepAlive = null;
    }
    if (interval == null) {
      return;
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("a keep-alive interval is positive: " + interval);
    }
    MsrpConnection c = requireConnection();
    long ms = interval.toMillis();
    keepAlive =
        c.channel()
            .eventLoop()
            .scheduleAtFixedRate(() -> ping(c), ms, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void ping(MsrpConnection c) {
    if (connection != c || !c.isOpen()) {
      keepAlive(null);
      return;
    }
    MsrpRequest ping =
        headBuilder(TransactionIds.next(), SuccessReport.NO, FailureReport.YES)
            .messageId(TransactionIds.next())
            .byteRange(ByteRange.of(1, 0, 0))
            .build();
    stack
        .request(c, ping, null, ContinuationFlag.END)
        .response()
        .whenComplete(
            (r, e) -> {
              if (e != null || !r.isSuccess()) {
                c.close();
              }
            });
  }

  /** Ends the session: it no longer takes requests, and its connection is closed. */
  public void close() {
    CompletableFuture<Void> b;
    synchronized (this) {
      closed = true;
      b = boundFuture;
    }
    if (b != null) {
      b.completeExceptionally(closedBeforeBound());
    }
    keepAlive(null);
    resumeReading();
    stack.remove(this);
    MsrpConnection c = connection;
    if (c == null) {
      return;
    }
    // A shared connection we connected: the last holder closes it. Our own: closed. One the peer
    // connected (we were bound by its request) is the peer's to close: it may be binding its next
    // session on it right now. If no session of ours is on it a while later, the stack closes it.
    if (leased) {
      leased = false;
      stack.release(c);
      return;
    }
    if (ownConnection && connectedByUs) {
      c.close();
    } else if (!stack.usedByOthers(c, this)) {
      stack.closeWhenUnused(c);
    }
  }

  /**
   * {@code true}: {@link #connect} opens a connection of the session's own; {@code false} (the
   * default): it shares an open connection to the same first hop with the stack's other sessions.
   */
  public void ownConnection(boolean own) {
    this.ownConnection = own;
  }

  @Override
  public String toString() {
    return "MsrpSession[" + localUri + "]";
  }
}
