package org.parley.sip;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.SendOptions;
import org.parley.msrp.session.SessionListener;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.sip.file.FileSink;
import org.parley.sip.file.LostConnection;

/**
 * The MSRP stream of a chat: an {@link MsrpSession} of the agent's stack, whose incoming messages
 * are put together whole (at most the session's max-size, which the MSRP layer enforces with 413)
 * and handed to the chat. On a direct path each session has a connection of its own; through the
 * agent's relay, every session goes over the authenticated connection the stack shares, and each
 * session connects (binds) once, whatever its setup role, so that it holds that shared connection
 * as the stack counts holders.
 */
final class MsrpMedia implements Media, SessionListener {
  /**
   * How long a success report may take after the first relay's 200, per relay on the path: a relay
   * answers at once and reports a failure only when its own transaction, whose 30 s start once it
   * has written the chunk on, times out.
   */
  static final Duration REPORT_WAIT_PER_RELAY = Duration.ofSeconds(35);

  private final MsrpSession session;
  private final Map<String, MessageAssembly> incoming = new ConcurrentHashMap<>();
  private final RelayClient relay;
  private final List<MsrpConnection> retired = new CopyOnWriteArrayList<>();
  private final MsrpKeepAlive keepAlive;
  private final Set<CompletableFuture<MsrpStatus>> reports = ConcurrentHashMap.newKeySet();
  private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile Chat chat;
  private volatile boolean closing;
  private volatile boolean connectCalled;
  private volatile FileSink sink;

  MsrpMedia(
      MsrpStack stack,
      MsrpUri localUri,
      SipConfig config,
      List<String> acceptTypes,
      RelayClient relay) {
    this.session = stack.session(localUri, this);
    session.maxChunksInFlight(config.msrpWindow());
    this.relay = relay;
    if (relay != null) {
      session.relays(relay.usePath());
    } else {
      // One connection per session: a connection shared between sessions can be closed by the last
      // session to leave it just as a new one takes it (see SharedConnections.lease in msrp-core),
      // and the passive side closes a shared connection under the active side's next session.
      session.ownConnection(true);
    }
    session.maxSize(config.maxMessageSize());
    session.acceptTypes(acceptTypes);
    this.keepAlive = config.msrpKeepAlive();
    // Either end keeps the session alive once bound (a passive end once the peer's first request
    // came), so that either notices the other stopped responding.
    Object unused = session.bound().thenRun(this::keepAlive);
  }

  /** Keep-alive on the session's connection now (a new connection after a re-INVITE too). */
  private void keepAlive() {
    if (keepAlive == null || closing) {
      return;
    }
    try {
      session.keepAlive(keepAlive.interval(), keepAlive.timeout());
    } catch (IllegalStateException e) {
      // closed or not connected just now: nothing to keep alive
    }
  }

  void chat(Chat chat) {
    this.chat = chat;
  }

  MsrpSession session() {
    return session;
  }

  /**
   * Receives an accepted file offer: incoming messages are written to {@code sink} instead of being
   * put together for the chat, with no size limit and any type.
   */
  void sink(FileSink sink) {
    this.sink = sink;
    sink.session(session);
    session.maxSize(-1);
    session.acceptTypes(List.of());
  }

  /** {@code true} when the session goes through the agent's relay. */
  boolean relayed() {
    return relay != null;
  }

  /**
   * Connects to the first hop (the relay, or the peer's first hop) and binds; completes when the
   * empty SEND is answered 200, fails (never throws) otherwise.
   */
  CompletableFuture<Void> connect() {
    connectCalled = true;
    try {
      CompletableFuture<Void> bound = session.connect(relay == null ? null : relay.tls());
      Object unused = bound.thenRun(this::keepAlive);
      return bound;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A new remote path, from a re-INVITE's offer or answer. Through a relay, or when the first hop
   * stays the same (scheme, host and port), the connection stays. When it changed and {@code
   * connects} (this end is active), a new connection is made and bound; the old one is kept until
   * the session ends, since the peer's session may still be bound to it (RFC 4975 §5.4: a session
   * is bound to the connection it was set up on).
   */
  CompletableFuture<Void> remotePath(List<MsrpUri> path, boolean connects) {
    MsrpUri before = session.remotePath().isEmpty() ? null : session.remotePath().get(0);
    session.remotePath(path);
    if (relay != null) {
      session.relays(relay.usePath());
      return CompletableFuture.completedFuture(null);
    }
    MsrpUri after = path.get(0);
    if (!connects || (before != null && sameHop(before, after))) {
      return CompletableFuture.completedFuture(null);
    }
    MsrpConnection old = session.connection();
    if (old != null) {
      retired.add(old);
    }
    return connect();
  }

  private static boolean sameHop(MsrpUri a, MsrpUri b) {
    return a.secure() == b.secure() && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
  }

  @Override
  public ChatMode mode() {
    return ChatMode.MSRP;
  }

  @Override
  public CompletableFuture<Void> send(String contentType, byte[] body) {
    if (closing) {
      return CompletableFuture.failedFuture(
          new SipFailure(SipFailure.Kind.CLOSED, "the session has ended"));
    }
    try {
      CompletableFuture<Void> sent =
          relay == null && session.remotePath().size() <= 1
              ? session.send(contentType, body) // the peer's own 200 says it has the message
              : sendThroughRelays(contentType, body);
      inFlight.add(sent);
      sent.whenComplete((v, e) -> inFlight.remove(sent));
      return sent;
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(
          new SipFailure(SipFailure.Kind.MEDIA, 0, "MSRP: " + e.getMessage(), e));
    }
  }

  /**
   * Through relays, which answer each chunk themselves (RFC 4976), a 200 says only that the first
   * relay has the message. The message asks for a success report and is sent once the report came,
   * so that what follows it (a BYE above all) cannot overtake it on its way. It fails for a failure
   * report, and when the session ended before the report came (the peer may not have it); it is
   * taken as sent when no report came within {@link #reportWait} (a peer that ignores
   * Success-Report).
   */
  private CompletableFuture<Void> sendThroughRelays(String contentType, byte[] body) {
    String messageId = TransactionIds.next();
    CompletableFuture<MsrpStatus> report = session.awaitReport(messageId);
    reports.add(report);
    report.whenComplete((st, e) -> reports.remove(report));
    if (closing) {
      report.cancel(false);
    }
    SendOptions options =
        SendOptions.builder().messageId(messageId).successReport(SuccessReport.YES).build();
    CompletableFuture<Void> sent;
    try {
      sent = session.send(contentType, body, options);
    } catch (RuntimeException e) {
      report.cancel(false);
      throw e;
    }
    return sent.whenComplete(
            (v, e) -> {
              if (e != null) {
                report.cancel(false);
              }
            })
        .thenCompose(
            v ->
                report
                    .orTimeout(reportWait(), TimeUnit.MILLISECONDS)
                    .handle(
                        (status, e) -> {
                          if (e != null && !(e instanceof TimeoutException)) {
                            throw new CompletionException(
                                new SipFailure(
                                    SipFailure.Kind.CLOSED,
                                    "the session ended before the peer confirmed the message"));
                          }
                          if (e == null && status.code() != 200) {
                            throw new CompletionException(
                                new SipFailure(
                                    SipFailure.Kind.MEDIA,
                                    "the peer reported " + status + " for the message"));
                          }
                          return null;
                        }));
  }

  /** {@link #REPORT_WAIT_PER_RELAY} for each relay between this end and the peer, in ms. */
  private long reportWait() {
    int relays = session.relays().size() + Math.max(0, session.remotePath().size() - 1);
    return REPORT_WAIT_PER_RELAY.toMillis() * Math.max(1, relays);
  }

  @Override
  public CompletableFuture<Void> settled() {
    CompletableFuture<?>[] now = inFlight.toArray(new CompletableFuture<?>[0]);
    return CompletableFuture.allOf(now).handle((v, e) -> null);
  }

  @Override
  public Optional<MsrpSession> msrp() {
    return Optional.of(session);
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    for (CompletableFuture<MsrpStatus> r : reports) {
      r.cancel(false); // no report comes after the end: the message may not have arrived
    }
    if (relay != null && !connectCalled && session.connection() != null) {
      // Bound by the peer's request on the shared relay connection without a connect of ours:
      // close() would release a hold on it that this session never took. Take it, then let go.
      connect().whenComplete((v, e) -> session.close());
    } else {
      session.close();
    }
    for (MsrpConnection c : retired) {
      c.close();
    }
  }

  // On the MSRP connection's event loop.

  @Override
  public void started(MsrpSession s, IncomingMessage message) {
    FileSink f = sink;
    if (f != null) {
      Chat c = chat;
      if (c != null) {
        c.markUsed();
      }
      if (f.start(message.total())) {
        incoming.put(message.messageId(), new MessageAssembly());
      }
      return;
    }
    incoming.put(message.messageId(), new MessageAssembly());
    Chat c = chat;
    if (c != null) {
      c.started(message.contentType(), message.total());
    }
  }

  @Override
  public void bytes(MsrpSession s, IncomingMessage message, long position, ByteBuf slice) {
    MessageAssembly a = incoming.get(message.messageId());
    FileSink f = sink;
    if (a != null && f != null) {
      f.write(position, slice);
    } else if (a != null) {
      a.write(position, slice);
    }
  }

  @Override
  public void completed(MsrpSession s, IncomingMessage message, boolean aborted) {
    MessageAssembly a = incoming.remove(message.messageId());
    FileSink f = sink;
    if (f != null) {
      MsrpConnection lost = s.connection();
      if (a == null) {
        return;
      }
      if (aborted && lost != null && !lost.isOpen()) {
        // Cut off by the connection's loss, not aborted by the sender: say why it was lost.
        Throwable cause = lost.closeCause();
        f.fail(new SipFailure(SipFailure.Kind.MEDIA, 0, LostConnection.why(cause), cause));
      } else {
        f.completed(aborted);
      }
      return;
    }
    Chat c = chat;
    if (a != null && !aborted && c != null) {
      c.deliver(new ChatMessage(message.contentType(), a.bytes()));
    }
  }

  @Override
  public void closed(MsrpSession s) {
    Throwable cause = s.closeCause();
    String why = LostConnection.why(cause);
    FileSink f = sink;
    if (f != null) {
      f.fail(new SipFailure(SipFailure.Kind.MEDIA, 0, why, cause));
    }
    Chat c = chat;
    if (!closing && c != null) {
      c.mediaLost(why);
    }
  }
}
