package org.parley.sip.im;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.parley.im.cpim.CpimAddress;
import org.parley.im.cpim.CpimMessage;
import org.parley.im.imdn.DispositionNotification;
import org.parley.im.imdn.DispositionRequest;
import org.parley.im.imdn.ImdnHeaders;
import org.parley.im.imdn.ImdnMessageIds;
import org.parley.im.imdn.ImdnRequest;
import org.parley.im.imdn.ImdnStatus;
import org.parley.im.imdn.ImdnTracker;
import org.parley.im.imdn.NotificationType;
import org.parley.im.iscomposing.ImScheduler;
import org.parley.im.iscomposing.IsComposing;
import org.parley.im.iscomposing.IsComposingReceiver;
import org.parley.im.iscomposing.IsComposingSender;
import org.parley.sip.ChatListener;
import org.parley.sip.ChatMessage;
import org.parley.sip.ChatSession;
import org.parley.sip.SessionEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instant messaging over one {@link ChatSession}: CPIM with IMDN requests out, CPIM unwrapped and
 * notifications answered and correlated in, is-composing both ways.
 *
 * <pre>{@code
 * ImSession im = ImSession.builder(agent.address(), listener).build();
 * im.attach(agent.invite(uri, InviteOptions.DEFAULT, im.chatListener()).join());
 * SentIm sent = im.send("Hello");        // listener.notification(sent.messageId(), DELIVERED) …
 * im.composing();                         // on each keystroke; idle after 15 s without one
 * // in listener.message(im, m): show m, then im.displayed(m)
 * }</pre>
 *
 * <p>Sending: text goes in {@code message/cpim} (From, To, DateTime, {@code imdn.Message-ID},
 * {@code imdn.Disposition-Notification: positive-delivery, display}) when the peer accepts CPIM and
 * {@code text/plain} in it, as plain text otherwise. Receiving: a delivery notification is sent at
 * once when asked; the display notification when the application calls {@link #displayed}.
 *
 * <p>Threading: the state machines and every {@link ImListener} call run on one IM thread (the
 * builder's executor, or a daemon thread of the session's own, stopped when the session ends). The
 * methods may be called from any thread.
 */
public final class ImSession {
  private static final Logger LOG = LoggerFactory.getLogger(ImSession.class);
  private static final String TEXT = "text/plain;charset=UTF-8";
  private static final DispositionNotification ASKED =
      DispositionNotification.of(DispositionRequest.POSITIVE_DELIVERY, DispositionRequest.DISPLAY);
  private static final int MAX_TRACKED = 1024;

  private final CpimAddress self;
  private final ImListener listener;
  private final ImThread thread;
  private final ImdnTracker<String> tracker = new ImdnTracker<>(MAX_TRACKED);
  private final IsComposingSender composer;
  private final IsComposingReceiver peerComposing;
  private final ImIncoming incoming;
  private final ChatListener chatListener = new Events();
  private volatile ChatSession session;
  private volatile PeerTypes peer;

  private ImSession(Builder b) {
    this.self = CpimAddress.of(b.self);
    this.listener = b.listener;
    this.thread = new ImThread(b.executor);
    ImScheduler scheduler = thread.scheduler();
    this.composer =
        IsComposingSender.builder(scheduler, this::sendStatus)
            .idleTimeout(b.idleTimeout)
            .refresh(b.refresh)
            .build();
    this.peerComposing =
        new IsComposingReceiver(
            scheduler, (state, cause, status) -> listener.composing(this, state));
    this.incoming = new ImIncoming(this, listener, tracker, peerComposing, this::notify);
  }

  /**
   * A builder.
   *
   * @param self this end's address, the From of what it sends (e.g. {@link
   *     org.parley.sip.SipAgent#address()})
   */
  public static Builder builder(String self, ImListener listener) {
    return new Builder(self, listener);
  }

  /** The listener to give {@link org.parley.sip.SipAgent#invite} or {@code Invitation.accept}. */
  public ChatListener chatListener() {
    return chatListener;
  }

  /**
   * Binds the session set up with {@link #chatListener()} (messages that came first bound it
   * already). Returns this.
   */
  public ImSession attach(ChatSession s) {
    Objects.requireNonNull(s, "session");
    if (session == null) {
      peer = PeerTypes.of(s);
      session = s;
    }
    return this;
  }

  /** The session, or null before {@link #attach}. */
  public ChatSession session() {
    return session;
  }

  /** Whether messages to the peer go in CPIM with notifications asked for. */
  public boolean cpim() {
    PeerTypes p = peer;
    return p != null && p.wrapped(TEXT);
  }

  /**
   * Sends text: in CPIM asking for delivery and display notifications when the peer accepts it,
   * plain otherwise. Ends this end's composing state without a status (the message says it).
   */
  public SentIm send(String text) {
    return send(newMessageId(), text);
  }

  /** A new IMDN Message-ID, for {@link #send(String, String)}. */
  public static String newMessageId() {
    return ImdnMessageIds.next();
  }

  /**
   * {@link #send(String)} under a Message-ID the caller took from {@link #newMessageId}: a caller
   * that shows its messages with their notifications enters the message under its id first, as a
   * notification may arrive, on another thread, before this method returns.
   */
  public SentIm send(String id, String text) {
    ChatSession s = session;
    if (s == null) {
      return new SentIm(
          id, false, CompletableFuture.failedFuture(new IllegalStateException("no session yet")));
    }
    run(composer::messageSent);
    if (!cpim()) {
      return new SentIm(id, false, s.send(text));
    }
    CpimMessage.Builder b = CpimMessage.builder().from(self).to(CpimAddress.of(s.peer()));
    ImdnHeaders.request(b, id, now(), ASKED);
    CpimMessage m = b.contentType(TEXT).body(text).build();
    tracker.track(id, ASKED, id);
    return new SentIm(id, true, s.send(CpimMessage.CONTENT_TYPE, m.toBytes()));
  }

  /**
   * The user is composing (call it on each keystroke): {@code active} goes to the peer, refreshed
   * while typing goes on, and {@code idle} after the idle time-out without a keystroke. Does
   * nothing when the peer takes no is-composing status.
   */
  public void composing() {
    if (statusType() != null) {
      run(composer::composing);
    }
  }

  /** The user cleared the draft: {@code idle} now, not at the time-out. */
  public void idle() {
    run(composer::idle);
  }

  /**
   * The user has seen {@code message}: sends its display notification if it asked for one (once).
   */
  public void displayed(ReceivedIm message) {
    if (message.displayRequested() && message.messageId() != null) {
      run(
          () ->
              incoming
                  .displayed(message.messageId())
                  .ifPresent(r -> notify(r, NotificationType.DISPLAY, ImdnStatus.DISPLAYED)));
    }
  }

  /** Ends the session with BYE (see {@link ChatSession#bye}). */
  public CompletableFuture<SessionEnd> bye() {
    ChatSession s = session;
    return s == null
        ? CompletableFuture.failedFuture(new IllegalStateException("no session yet"))
        : s.bye();
  }

  /** Stops the timers (and the IM thread when it is the session's own); nothing more is told. */
  public void close() {
    run(
        () -> {
          composer.close();
          peerComposing.close();
          thread.stop();
        });
  }

  // On the IM thread.

  private void run(Runnable task) {
    thread.run(task);
  }

  /** The type to send is-composing statuses as, or null when the peer takes none. */
  private String statusType() {
    PeerTypes p = peer;
    if (p == null) {
      return null;
    }
    if (p.direct(IsComposing.CONTENT_TYPE)) {
      return IsComposing.CONTENT_TYPE;
    }
    return p.wrapped(IsComposing.CONTENT_TYPE) ? CpimMessage.CONTENT_TYPE : null;
  }

  private void sendStatus(IsComposing status) {
    ChatSession s = session;
    String type = statusType();
    if (s == null || type == null) {
      return;
    }
    byte[] body = status.toXml();
    if (type.equals(CpimMessage.CONTENT_TYPE)) {
      body =
          CpimMessage.builder()
              .from(self)
              .to(CpimAddress.of(s.peer()))
              .dateTime(now())
              .contentType(IsComposing.CONTENT_TYPE)
              .body(body)
              .build()
              .toBytes();
    }
    s.send(type, body).whenComplete((v, e) -> failed("is-composing status", e));
  }

  private void notify(ImdnRequest r, NotificationType type, ImdnStatus status) {
    ChatSession s = session;
    if (s == null) {
      return;
    }
    CpimMessage n;
    try {
      n = r.notification(type, status, self, now(), ImdnMessageIds.next());
    } catch (IllegalStateException e) {
      LOG.debug("no {} notification: {}", status.element(), e.getMessage());
      return;
    }
    s.send(CpimMessage.CONTENT_TYPE, n.toBytes())
        .whenComplete((v, e) -> failed(status.element() + " notification", e));
  }

  private static void failed(String what, Throwable e) {
    if (e != null) {
      LOG.debug("{} not sent: {}", what, e.toString());
    }
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  /** The session's events, handed to the IM thread. */
  private final class Events implements ChatListener {
    @Override
    public void message(ChatSession s, ChatMessage m) {
      attach(s);
      run(() -> incoming.received(s, m));
    }

    @Override
    public void ended(ChatSession s, SessionEnd end) {
      attach(s);
      run(
          () -> {
            composer.close();
            peerComposing.close();
            listener.ended(ImSession.this, end);
            thread.stop();
          });
    }
  }

  /** Builds an {@link ImSession}. */
  public static final class Builder {
    private final String self;
    private final ImListener listener;
    private ScheduledExecutorService executor;
    private Duration idleTimeout = IsComposingSender.DEFAULT_IDLE_TIMEOUT;
    private Duration refresh = IsComposingSender.DEFAULT_REFRESH;

    private Builder(String self, ImListener listener) {
      this.self = Objects.requireNonNull(self, "self");
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The IM thread: a single-threaded executor (tasks one at a time); default a daemon thread of
     * the session's own, stopped when the session ends.
     */
    public Builder executor(ScheduledExecutorService executor) {
      this.executor = Objects.requireNonNull(executor);
      return this;
    }

    /** How long without a keystroke before {@code idle} is sent; default 15 s (RFC 3994). */
    public Builder idleTimeout(Duration d) {
      this.idleTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** The refresh interval announced in {@code active}: at least 60 s; default 90 s. */
    public Builder refresh(Duration d) {
      this.refresh = Objects.requireNonNull(d);
      return this;
    }

    /** A new session layer, not yet attached to a session. */
    public ImSession build() {
      return new ImSession(this);
    }
  }
}
