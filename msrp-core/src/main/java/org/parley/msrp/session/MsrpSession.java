package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ByteRange;
import org.parley.msrp.FailureReport;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.Hosts;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
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
  private final SessionInbox inbox = new SessionInbox(this);
  private volatile List<MsrpUri> remotePath = List.of();
  private volatile List<MsrpUri> relays = List.of();
  private volatile List<Fingerprint> remoteFingerprints = List.of();

  /** The connection the session is bound to, and all that goes with it. */
  private final SessionConnection link = new SessionConnection(this);

  private volatile long maxSize = -1;

  /** The bound on unanswered chunks, or null for none (most sessions: no memory spent). */
  private volatile @Nullable ChunkWindow window;

  private volatile List<String> acceptTypes = List.of();

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
  public @Nullable MsrpConnection connection() {
    return link.connection();
  }

  /**
   * Completes when the session is bound to a connection: on the active side when the peer answered
   * the binding SEND, on the passive side when the first request for the session arrived. From then
   * on the session can send.
   */
  public CompletableFuture<Void> bound() {
    return link.bound();
  }

  /**
   * Active side: connects to the first hop of the remote path and binds the connection with an
   * empty SEND; completes when the peer answered it with 200.
   *
   * @param tls client TLS settings for an msrps path, or null
   */
  public CompletableFuture<Void> connect(@Nullable MsrpTls tls) {
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
    return link.bind(address, tls, true);
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
    MsrpConnection c = link.connection();
    if (c == null) {
      throw new IllegalStateException("the session is not connected");
    }
    return c;
  }

  /** An empty SEND: the binding request of RFC 4975 §5.4, and a keep-alive. */
  MsrpRequest emptySend() {
    return headBuilder(TransactionIds.next(), SuccessReport.NO, FailureReport.YES)
        .messageId(TransactionIds.next())
        .byteRange(ByteRange.of(1, 0, 0))
        .build();
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
    return inbox.awaitReport(messageId);
  }

  MsrpStack stack() {
    return stack;
  }

  SessionListener listener() {
    return listener;
  }

  SessionInbox inbox() {
    return inbox;
  }

  List<Fingerprint> remoteFingerprints() {
    return remoteFingerprints;
  }

  SessionConnection link() {
    return link;
  }

  /**
   * Stops reading from the session's connection until {@link #resumeReading}: a receiver whose
   * consumer (a disk) is slower than the network holds the sender back by TCP flow control instead
   * of queueing without bound. Counted per connection: sessions sharing a connection each hold
   * their own suspension, and reading goes on when none holds one (the channel's {@code autoRead}).
   * Repeated calls before a resume count once; the suspension ends with the session or its
   * connection. May be called from any thread; from one outside Netty's event loops it returns once
   * the connection reads no more. Does nothing when the session is not connected.
   */
  public void suspendReading() {
    link.suspendReading();
  }

  /** Ends this session's {@link #suspendReading} suspension; does nothing when it holds none. */
  public void resumeReading() {
    link.resumeReading();
  }

  /** {@code true} while this session holds a suspension of its connection's reads. */
  public boolean readingSuspended() {
    return link.readingSuspended();
  }

  /**
   * Sends an empty SEND (the binding request of RFC 4975 §5.4, which carries no message) every
   * {@code interval} while the session is connected, so that NATs and firewalls keep the connection
   * open and a dead peer is noticed; as {@link #keepAlive(Duration, Duration)} with the stack's
   * transaction time-out. {@code null} stops keep-alives.
   *
   * @throws IllegalStateException when the session is not connected
   */
  public void keepAlive(Duration interval) {
    link.keepAlive(interval, interval == null ? null : stack.transactions().timeout());
  }

  /**
   * Sends an empty SEND every {@code interval} while the session is connected, and closes the
   * connection when the peer stops responding: a SEND unanswered for {@code timeout} while nothing
   * came from the peer and none of the bytes waiting for it went out (a peer reading a long chunk
   * ahead of the SEND is alive), with {@link PeerNotRespondingException} as the connection's {@link
   * MsrpConnection#closeCause} and {@link #closeCause}; the listener hears {@link
   * SessionListener#closed}. A SEND answered with an error, or whose write failed, closes the
   * connection too. While this session's connection is not read ({@link #suspendReading}), silence
   * is not held against the peer and a SEND goes every interval all the same, so that the peer,
   * which reads, hears this end is alive. A stopped or unplugged peer is noticed within {@code
   * interval + timeout} once the socket buffers between the two ends are full (at once on a local
   * network; on a slow link, a large transfer fills them more slowly). {@code null} stops
   * keep-alives.
   *
   * @throws IllegalStateException when the session is not connected, or has no remote path
   */
  public void keepAlive(Duration interval, Duration timeout) {
    link.keepAlive(interval, timeout);
  }

  /**
   * Why the session's connection closed under it, when it did: a keep-alive unanswered ({@link
   * PeerNotRespondingException}), a reset socket, a TLS failure; null when it closed cleanly, or
   * was closed on purpose, or is open. Set before the listener hears {@link
   * SessionListener#closed}.
   */
  public @Nullable Throwable closeCause() {
    return link.closeCause();
  }

  /** Ends the session: it no longer takes requests, and its connection is closed. */
  public void close() {
    link.close();
  }

  /**
   * {@code true}: {@link #connect} opens a connection of the session's own; {@code false} (the
   * default): it shares an open connection to the same first hop with the stack's other sessions.
   */
  public void ownConnection(boolean own) {
    link.own(own);
  }

  @Override
  public String toString() {
    return "MsrpSession[" + localUri + "]";
  }
}
