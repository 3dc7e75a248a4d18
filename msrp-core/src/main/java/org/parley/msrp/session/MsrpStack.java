package org.parley.msrp.session;

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
import org.jspecify.annotations.Nullable;
import org.parley.msrp.MsrpUri;
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

  private final MsrpTransport transport;
  private final boolean ownsTransport;
  private final int chunkSize;
  private final boolean streamDirect;
  private final int maxIncompleteMessages;
  private final int maxIncompletePerConnection;
  private final Map<MsrpUri, MsrpSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, MsrpSession> bySessionId = new ConcurrentHashMap<>();
  private final boolean matchSessionIdOnly;
  private final Executor blockingExecutor;
  private final @Nullable ExecutorService ownExecutor;
  private final Transactions transactions;

  /** Default {@link Builder#webSocketPath}: where Parley's relay takes WebSocket upgrades. */
  public static final String DEFAULT_WEB_SOCKET_PATH = "/msrp";

  private final FrameHandler handler = new Router(this);
  private final String webSocketPath;
  private final SharedConnections shared;

  private MsrpStack(Builder b) {
    this.ownsTransport = b.transport == null;
    this.transport = b.transport != null ? b.transport : MsrpTransport.builder().build();
    this.transactions = new Transactions(b.transactionTimeout);
    this.shared = new SharedConnections(transport, handler);
    this.chunkSize = b.chunkSize;
    this.streamDirect = b.streamDirect;
    this.webSocketPath = b.webSocketPath;
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
  public CompletableFuture<MsrpListener> listen(InetSocketAddress address, @Nullable MsrpTls tls) {
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
  @Nullable MsrpSession find(MsrpUri uri) {
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

  /** The transactions of this stack's requests. */
  Transactions transactions() {
    return transactions;
  }

  SharedConnections shared() {
    return shared;
  }

  Iterable<MsrpSession> sessions() {
    return sessions.values();
  }

  /** {@code true} when another session of this stack is bound to {@code c}. */
  boolean usedByOthers(MsrpConnection c, @Nullable MsrpSession except) {
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

  String webSocketPath() {
    return webSocketPath;
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

  /** Closes every session, and the transport if the stack made it. */
  @Override
  public void close() {
    for (MsrpSession s : sessions.values()) {
      s.close();
    }
    shared.closeAll(); // connections still held (by an AUTH's binding, say) close with the stack
    if (ownsTransport) {
      transport.close();
    }
    if (ownExecutor != null) {
      ownExecutor.shutdownNow();
    }
  }

  /** Settings of a stack. */
  public static final class Builder {
    private @Nullable MsrpTransport transport;
    private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private boolean streamDirect = true;
    private String webSocketPath = DEFAULT_WEB_SOCKET_PATH;
    private boolean matchSessionIdOnly;
    private @Nullable Executor blockingExecutor;
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

    /**
     * The HTTP path of the WebSocket upgrade when authenticating with a relay over WebSocket (a
     * relay URI with {@code ;ws}, RFC 7977); default {@value #DEFAULT_WEB_SOCKET_PATH}, Parley's
     * relay's.
     */
    public Builder webSocketPath(String path) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("a WebSocket path starts with '/': " + path);
      }
      this.webSocketPath = path;
      return this;
    }

    public MsrpStack build() {
      return new MsrpStack(this);
    }
  }
}
