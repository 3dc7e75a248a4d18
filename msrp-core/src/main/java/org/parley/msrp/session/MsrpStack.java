package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.codec.MsrpAnswers;
import org.parley.msrp.codec.MsrpDecodeError;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpListener;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;

/**
 * The sessions of one process: it listens, routes incoming requests to sessions by the first URI of
 * To-Path (RFC 4975 §6.1 comparison), answers requests for unknown sessions with 481, and matches
 * responses to the transactions waiting for them.
 *
 * <pre>{@code
 * try (MsrpStack alice = MsrpStack.builder().build(); MsrpStack bob = MsrpStack.builder().build()) {
 *   MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
 *   MsrpUri bobUri = MsrpUri.parse("msrp://127.0.0.1:" + l.localAddress().getPort() + "/bob1;tcp");
 *   MsrpSession b = bob.session(bobUri, new SessionListener() { ... });
 *   MsrpSession a = alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice1;tcp"), listener);
 *   a.remotePath(List.of(bobUri));
 *   a.connect(null).join();                       // the active side binds with an empty SEND
 *   a.send("text/plain", "Hi".getBytes(UTF_8)).join();
 * }
 * }</pre>
 */
public final class MsrpStack implements AutoCloseable {
  /** RFC 4975 §7.1.2: a transaction not answered in 30 seconds has failed. */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

  /** Bytes of body per chunk; Kamailio's relay refuses frames over ~10 KB. */
  public static final int DEFAULT_CHUNK_SIZE = 4096;

  /**
   * Unfinished incoming messages a session takes at once by default; a new one beyond them is
   * refused with 413.
   */
  public static final int DEFAULT_MAX_INCOMPLETE_MESSAGES = 16;

  /**
   * Unfinished incoming messages one connection may carry chunks of at once, by default: room for
   * many sessions sharing the connection (each bounded by {@link
   * #DEFAULT_MAX_INCOMPLETE_MESSAGES}), a bound on a peer that spreads them over sessions.
   */
  public static final int DEFAULT_MAX_INCOMPLETE_PER_CONNECTION = 1024;

  /** What each connection is receiving; created by its first request, used on its event loop. */
  private static final AttributeKey<InboundConnection> INBOUND =
      AttributeKey.valueOf("parley.msrp.inbound");

  private final MsrpTransport transport;
  private final boolean ownsTransport;
  private final Duration transactionTimeout;
  private final int chunkSize;
  private final boolean streamDirect;
  private final int maxIncompleteMessages;
  private final int maxIncompletePerConnection;
  private final Map<MsrpUri, MsrpSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, MsrpSession> bySessionId = new ConcurrentHashMap<>();
  private final boolean matchSessionIdOnly;
  private final Executor blockingExecutor;
  private final ExecutorService ownExecutor;
  private final Map<String, Transaction> pending = new ConcurrentHashMap<>();
  private final FrameHandler handler = new Router();

  /** Connections sessions share, by scheme, address and TLS settings (RFC 4975 §6: reuse). */
  private final Map<String, Shared> shared = new ConcurrentHashMap<>();

  private MsrpStack(Builder b) {
    this.ownsTransport = b.transport == null;
    this.transport = b.transport != null ? b.transport : MsrpTransport.builder().build();
    this.transactionTimeout = b.transactionTimeout;
    this.chunkSize = b.chunkSize;
    this.streamDirect = b.streamDirect;
    this.maxIncompleteMessages = b.maxIncompleteMessages;
    this.maxIncompletePerConnection = b.maxIncompletePerConnection;
    this.matchSessionIdOnly = b.matchSessionIdOnly;
    if (b.blockingExecutor != null) {
      this.ownExecutor = null;
      this.blockingExecutor = b.blockingExecutor;
    } else {
      this.ownExecutor = Executors.newCachedThreadPool(new SourceThreads());
      this.blockingExecutor = ownExecutor;
    }
  }

  /** Daemon threads that read files and streams for outgoing messages. */
  private static final class SourceThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "parley-msrp-source-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  /** Where reads that may block (files, streams) run: never on an event loop. */
  Executor blockingExecutor() {
    return blockingExecutor;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Accepts connections at {@code address} (TLS when {@code tls} is given). */
  public CompletableFuture<MsrpListener> listen(InetSocketAddress address, MsrpTls tls) {
    return transport.listen(address, tls, handler);
  }

  /**
   * A new session whose own URI is {@code localUri}; requests whose To-Path starts with it are its.
   *
   * @throws IllegalArgumentException when a session with that URI exists
   */
  public MsrpSession session(MsrpUri localUri, SessionListener listener) {
    MsrpSession s = new MsrpSession(this, localUri, listener);
    if (sessions.putIfAbsent(localUri, s) != null) {
      throw new IllegalArgumentException("a session with URI " + localUri + " exists already");
    }
    if (localUri.sessionId() != null) {
      bySessionId.putIfAbsent(localUri.sessionId(), s);
    }
    return s;
  }

  /**
   * Authenticates with a relay (RFC 4976 §5.1): AUTH over a connection to {@code relay} (shared, so
   * that sessions connecting with the same {@code tls} use the authenticated connection), the
   * Digest challenge answered with {@code username} and {@code password}, and the granted Use-Path.
   * Fails with {@link MsrpResponseException} (403 refused, 401 wrong credentials, 423 Expires out
   * of bounds twice) or a transport error.
   *
   * @param client the URI the AUTH comes from (its From-Path)
   * @param expires the binding's lifetime to ask for, or null for the relay's default
   */
  public CompletableFuture<RelayBinding> authenticate(
      MsrpUri relay,
      MsrpUri client,
      String username,
      String password,
      MsrpTls tls,
      Duration expires) {
    return authenticate(relay, client, username, password, tls, expires, false);
  }

  /**
   * {@link #authenticate(MsrpUri, MsrpUri, String, String, MsrpTls, Duration)}, answering a
   * challenge without {@code qop} (RFC 2069 digest: no client nonce, and no rspauth to check) only
   * when {@code digestWithoutQop}; otherwise such a challenge fails with {@link
   * RelayAuthException}. Either way an rspauth in the 200's Authentication-Info must be the one the
   * password gives, or the exchange fails with {@link RelayAuthException}.
   */
  public CompletableFuture<RelayBinding> authenticate(
      MsrpUri relay,
      MsrpUri client,
      String username,
      String password,
      MsrpTls tls,
      Duration expires,
      boolean digestWithoutQop) {
    return new RelayAuth(this, relay, client, username, password, tls, digestWithoutQop)
        .run(expires);
  }

  void remove(MsrpSession session) {
    sessions.remove(session.localUri(), session);
    if (session.localUri().sessionId() != null) {
      bySessionId.remove(session.localUri().sessionId(), session);
    }
  }

  /**
   * The session a To-Path URI names: by RFC 4975 §6.1 comparison, or, with {@link
   * Builder#matchSessionIdOnly}, by session-id alone (RFC 6714: a middlebox may have rewritten the
   * host and port).
   */
  private MsrpSession find(MsrpUri uri) {
    MsrpSession s = sessions.get(uri);
    if (s == null && matchSessionIdOnly && uri.sessionId() != null) {
      s = bySessionId.get(uri.sessionId());
    }
    return s;
  }

  MsrpTransport transport() {
    return transport;
  }

  FrameHandler handler() {
    return handler;
  }

  /**
   * A connection to {@code address}: an open one that sessions share when there is one made with
   * the same TLS settings (so a certificate checked against one fingerprint is never taken for
   * another), else a new one; {@code own} always makes a new one. Each call on a shared connection
   * counts one holder, under the same lock as {@link #release}, so a connection handed out here is
   * never closed by its last previous holder at the same moment.
   */
  CompletableFuture<MsrpConnection> connectionTo(
      InetSocketAddress address, MsrpTls tls, boolean own) {
    return lease(address, tls, own).future();
  }

  /**
   * A connection handed out by {@link #lease}: {@code reused} when it was a shared connection that
   * was up already (only such a connection can have been closed by the peer before our first
   * request on it), whatever the timing of a fresh connect.
   */
  record Lease(CompletableFuture<MsrpConnection> future, boolean reused) {}

  /** {@link #connectionTo}, saying whether the connection was one already up. */
  Lease lease(InetSocketAddress address, MsrpTls tls, boolean own) {
    if (own) {
      return new Lease(transport.connect(address, tls, handler), false);
    }
    String key =
        (tls == null ? "msrp " : "msrps " + System.identityHashCode(tls) + " ")
            + address.getHostString()
            + ":"
            + address.getPort();
    boolean[] up = {false};
    Shared lease =
        shared.compute(
            key,
            (k, s) -> {
              if (s == null || s.future.isCompletedExceptionally() || s.closed()) {
                s = new Shared(transport.connect(address, tls, handler));
              } else {
                up[0] = s.future.isDone();
              }
              s.holders++;
              return s;
            });
    return new Lease(lease.future, up[0]);
  }

  /**
   * A holder of {@code c} lets go: the last one closes it. Returns {@code false} when {@code c} is
   * not one of the stack's shared connections.
   */
  boolean release(MsrpConnection c) {
    boolean[] found = {false};
    for (String key : shared.keySet()) {
      shared.computeIfPresent(
          key,
          (k, s) -> {
            if (!s.holds(c)) {
              return s;
            }
            found[0] = true;
            if (--s.holders > 0) {
              return s;
            }
            c.close();
            return null;
          });
    }
    return found[0];
  }

  /** A connection sessions share, and how many hold it. Changed only inside {@code compute}. */
  private static final class Shared {
    final CompletableFuture<MsrpConnection> future;
    int holders;

    Shared(CompletableFuture<MsrpConnection> future) {
      this.future = future;
    }

    boolean holds(MsrpConnection c) {
      return future.isDone() && !future.isCompletedExceptionally() && future.join() == c;
    }

    boolean closed() {
      return future.isDone() && !future.isCompletedExceptionally() && !future.join().isOpen();
    }
  }

  /**
   * How long a connection the peer opened may stay without any session of ours on it before we
   * close it: the peer's to close, but not forever.
   */
  static final Duration UNUSED_CONNECTION_GRACE = Duration.ofSeconds(30);

  /** Closes {@code c} if, after {@link #UNUSED_CONNECTION_GRACE}, no session of ours is on it. */
  void closeWhenUnused(MsrpConnection c) {
    c.channel()
        .eventLoop()
        .schedule(
            () -> {
              // A connection the stack shares (an AUTH's, say) stays while it is held.
              boolean held = shared.values().stream().anyMatch(s -> s.holds(c));
              if (!held && !usedByOthers(c, null)) {
                c.close();
              }
            },
            UNUSED_CONNECTION_GRACE.toMillis(),
            java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** {@code true} when another session of this stack is bound to {@code c}. */
  boolean usedByOthers(MsrpConnection c, MsrpSession except) {
    for (MsrpSession s : sessions.values()) {
      if (s != except && s.connection() == c) {
        return true;
      }
    }
    return false;
  }

  boolean matchSessionIdOnly() {
    return matchSessionIdOnly;
  }

  int chunkSize() {
    return chunkSize;
  }

  boolean streamDirect() {
    return streamDirect;
  }

  int maxIncompleteMessages() {
    return maxIncompleteMessages;
  }

  int maxIncompletePerConnection() {
    return maxIncompletePerConnection;
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
  Sent request(MsrpConnection c, MsrpRequest request, ByteBuf body, ContinuationFlag flag) {
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

  private void startTimer(Transaction t) {
    if (t.response.isDone()) {
      return; // answered before the end-line's write completed
    }
    t.timeout =
        t.connection
            .channel()
            .eventLoop()
            .schedule(
                () -> fail(t, new TransactionTimeoutException(t.request, transactionTimeout)),
                transactionTimeout.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void fail(Transaction t, Throwable cause) {
    if (pending.remove(t.id, t)) {
      cancelTimer(t);
      t.response.completeExceptionally(cause);
    }
  }

  private static void cancelTimer(Transaction t) {
    java.util.concurrent.ScheduledFuture<?> timer = t.timeout;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /** Closes every session, and the transport if the stack made it. */
  @Override
  public void close() {
    for (MsrpSession s : sessions.values()) {
      s.close();
    }
    // Connections still held (by an AUTH's binding, say) close with the stack.
    for (Shared s : shared.values()) {
      s.future.thenAccept(MsrpConnection::close);
    }
    shared.clear();
    if (ownsTransport) {
      transport.close();
    }
    if (ownExecutor != null) {
      ownExecutor.shutdownNow();
    }
  }

  /** A request waiting for its response. */
  static final class Transaction {
    final String id;
    final MsrpRequest request;
    final MsrpConnection connection;
    final CompletableFuture<MsrpResponse> response = new CompletableFuture<>();
    volatile java.util.concurrent.ScheduledFuture<?> timeout;

    Transaction(String id, MsrpRequest request, MsrpConnection connection) {
      this.id = id;
      this.request = request;
      this.connection = connection;
    }

    CompletableFuture<MsrpResponse> response() {
      return response;
    }
  }

  /** Routes what every connection of this stack hears. */
  private final class Router implements FrameHandler {
    @Override
    public void head(MsrpConnection c, MsrpHead head) {
      InboundConnection in = c.channel().attr(INBOUND).get();
      if (in != null) {
        in.current = null;
      }
      if (head instanceof MsrpResponse) {
        Transaction t = pending.remove(head.transactionId());
        if (t != null) {
          cancelTimer(t);
          t.response.complete((MsrpResponse) head);
        }
        return;
      }
      MsrpRequest request = (MsrpRequest) head;
      MsrpSession session = find(request.toPath().get(0));
      if (session == null) {
        answer(c, request, 481, "Session Does Not Exist");
        return;
      }
      if (!session.mayCome(c, request)) {
        // Not the peer the session was set up with, or not over its connection: for this sender
        // the session does not exist (RFC 4975 §7.3). The frame's body is skipped.
        answer(c, request, 481, "Session Does Not Exist");
        return;
      }
      if (in == null) {
        in = new InboundConnection(c);
        c.channel().attr(INBOUND).set(in);
      }
      InboundFrame f = new InboundFrame(in, session, request);
      in.current = f;
      session.requestArrived(f);
    }

    @Override
    public void content(MsrpConnection c, ByteBuf slice) {
      InboundConnection in = c.channel().attr(INBOUND).get();
      InboundFrame f = in == null ? null : in.current;
      if (f != null) {
        f.session.bytesArrived(f, slice);
      }
    }

    @Override
    public void end(MsrpConnection c, ContinuationFlag flag) {
      InboundConnection in = c.channel().attr(INBOUND).get();
      InboundFrame f = in == null ? null : in.current;
      if (f != null) {
        in.current = null;
        f.session.requestEnded(f, flag);
      }
    }

    /** A frame the decoder refused gets its answer, or the connection is closed (no silence). */
    @Override
    public void error(MsrpConnection c, MsrpDecodeError error) {
      InboundConnection in = c.channel().attr(INBOUND).get();
      if (in != null && error.action() != MsrpDecodeError.Action.CLOSE) {
        in.current = null; // errors in a head: a frame cut off mid-body is aborted at the close
      }
      MsrpAnswers.Verdict v = MsrpAnswers.toError(error, selfUri(c));
      if (v.response() != null && v.close()) {
        c.send(v.response(), null, ContinuationFlag.END).whenComplete((x, e) -> c.close());
      } else if (v.response() != null) {
        c.send(v.response(), null, ContinuationFlag.END);
      } else if (v.close()) {
        c.close();
      }
    }

    @Override
    public void closed(MsrpConnection c) {
      InboundConnection in = c.channel().attr(INBOUND).getAndSet(null);
      if (in != null) {
        in.closed(); // aborts only what this connection leaves unfinished
      }
      shared.values().removeIf(s -> s.holds(c));
      for (Transaction t : pending.values()) {
        if (t.connection == c) {
          Throwable cause = c.closeCause();
          fail(t, cause != null ? cause : new java.nio.channels.ClosedChannelException());
        }
      }
      for (MsrpSession s : sessions.values()) {
        s.connectionClosed(c);
      }
    }
  }

  /** Answers a request as RFC 4975 §7.2 says ({@link MsrpAnswers#to}). */
  static void answer(MsrpConnection c, MsrpRequest request, int code, String comment) {
    MsrpResponse r = MsrpAnswers.to(request, code, comment);
    if (r != null) {
      c.send(r, null, ContinuationFlag.END);
    }
  }

  /**
   * The URI this side answers as on {@code c} when a broken request names none: the connection's
   * local address, without a session-id.
   */
  private static MsrpUri selfUri(MsrpConnection c) {
    InetSocketAddress local = c.localAddress();
    String host = local.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return MsrpUri.builder(host).secure(c.secure()).port(local.getPort()).build();
  }

  /** Settings of a stack. */
  public static final class Builder {
    private MsrpTransport transport;
    private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private boolean streamDirect = true;
    private boolean matchSessionIdOnly;
    private Executor blockingExecutor;
    private int maxIncompleteMessages = DEFAULT_MAX_INCOMPLETE_MESSAGES;
    private int maxIncompletePerConnection = DEFAULT_MAX_INCOMPLETE_PER_CONNECTION;

    private Builder() {}

    /**
     * Unfinished incoming messages (first chunk in, last not yet) one session takes at once
     * (default {@value MsrpStack#DEFAULT_MAX_INCOMPLETE_MESSAGES}); the first chunk of another is
     * refused with 413, so a peer cannot make the receiver keep any number of messages open.
     */
    public Builder maxIncompleteMessages(int perSession) {
      if (perSession < 1) {
        throw new IllegalArgumentException("maxIncompleteMessages must be positive");
      }
      this.maxIncompleteMessages = perSession;
      return this;
    }

    /**
     * Unfinished incoming messages, of any session, one connection may carry chunks of at once
     * (default {@value MsrpStack#DEFAULT_MAX_INCOMPLETE_PER_CONNECTION}); beyond them 413.
     */
    public Builder maxIncompletePerConnection(int perConnection) {
      if (perConnection < 1) {
        throw new IllegalArgumentException("maxIncompletePerConnection must be positive");
      }
      this.maxIncompletePerConnection = perConnection;
      return this;
    }

    /**
     * Where files and streams of outgoing messages are read (reads that may block, kept off the
     * event loops); by default the stack's own pool of daemon threads, one per message being read.
     */
    public Builder blockingExecutor(Executor executor) {
      this.blockingExecutor = executor;
      return this;
    }

    /**
     * Route requests by the session-id of To-Path alone when no session has the whole URI, and
     * match the sender's URI (the last of From-Path) with the peer's by session-id alone (RFC 6714,
     * for sessions set up with {@code a=msrp-cema} through address-rewriting middleboxes). Off by
     * default: strict RFC 4975 matching.
     */
    public Builder matchSessionIdOnly(boolean on) {
      this.matchSessionIdOnly = on;
      return this;
    }

    /** A transport to share; by default the stack makes (and closes) its own. */
    public Builder transport(MsrpTransport transport) {
      this.transport = transport;
      return this;
    }

    public Builder transactionTimeout(Duration timeout) {
      this.transactionTimeout = timeout;
      return this;
    }

    /**
     * Body bytes per chunk of outgoing messages sent through relays (RFC 4976: relays may have
     * small frame buffers, Kamailio's refuses frames over ~10 KB), and of every message when {@link
     * #streamDirect} is off.
     */
    public Builder chunkSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("chunkSize must be positive");
      }
      this.chunkSize = bytes;
      return this;
    }

    /**
     * {@code true} (the default): on a direct session (no relay in either path) a message larger
     * than one chunk goes out as one streamed chunk ({@code Byte-Range: n-*}{@code /total}) at the
     * connection's speed, ended with {@code +} and resumed in a new chunk whenever another frame
     * waits for the connection (RFC 4975 §7.1.1), so a short message or a response is never stuck
     * behind it. {@code false}: chunks of {@link #chunkSize} bytes everywhere.
     */
    public Builder streamDirect(boolean stream) {
      this.streamDirect = stream;
      return this;
    }

    public MsrpStack build() {
      return new MsrpStack(this);
    }
  }
}
