package org.parley.sip;

import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ReasonHeader;
import javax.sip.message.Request;
import org.parley.msrp.session.MsrpSession;
import org.parley.sdp.offeranswer.LocalCapabilities;
import org.parley.sdp.offeranswer.MessageSessionPlan;
import org.parley.sdp.offeranswer.Negotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session: the INVITE dialog and its {@link Media}. Its state changes on the agent's thread only;
 * {@link #send} may be called from any thread.
 *
 * <pre>
 * SETTING_UP ──ACK sent / received──► ESTABLISHED ──bye() or media lost──► ENDING ──BYE answered──► ENDED
 *      │                                   └────────────── BYE received ──────────────────────────►  ▲
 *      └──────────────────── failure before the session was up ──────────────────────────────────────┘
 * </pre>
 *
 * <p>The media are closed only once the BYE is answered, so the peer hears the BYE before its MSRP
 * connection closes and ends with {@code REMOTE_BYE} rather than a media failure. When the media
 * were lost, there is nothing to keep for the peer: the session ends at once and the BYE (which a
 * dead peer never answers: 32 s over UDP) goes on its own.
 */
final class Chat implements ChatSession {
  private static final Logger LOG = LoggerFactory.getLogger(Chat.class);

  private enum State {
    SETTING_UP,
    ESTABLISHED,
    ENDING,
    ENDED
  }

  private final AgentContext ctx;
  private final String callId;
  private final String peer;
  private final ChatListener listener;
  private final Media media;
  private final Reinvites reinvites;
  private final CompletableFuture<SessionEnd> ended = new CompletableFuture<>();
  private volatile Dialog dialog;
  private State state = State.SETTING_UP;
  private volatile boolean used;

  Chat(AgentContext ctx, String callId, String peer, ChatListener listener, Media media) {
    this.ctx = ctx;
    this.callId = callId;
    this.peer = peer;
    this.listener = listener;
    this.media = media;
    this.reinvites = new Reinvites(ctx, this, media);
  }

  void dialog(Dialog dialog) {
    this.dialog = dialog;
  }

  Dialog dialog() {
    return dialog;
  }

  /** The dialog's offer/answer state and the plan in force, for re-INVITEs. */
  void negotiator(Negotiator negotiator, MessageSessionPlan plan) {
    reinvites.negotiator(negotiator, plan);
  }

  MessageSessionPlan plan() {
    return reinvites.plan();
  }

  Negotiator negotiator() {
    return reinvites.negotiator();
  }

  /** The peer sent a re-INVITE ({@link Reinvites#received}). On the agent's thread. */
  void reinvited(Request r, ServerTransaction st) {
    reinvites.received(r, st);
  }

  /** The relay's Use-Path changed: offer the session's new a=path. On the agent's thread. */
  CompletableFuture<Void> reofferPath() {
    return reinvites.reofferPath();
  }

  /** Sends a re-INVITE offering {@code capabilities} ({@link Reinvites#reoffer}). Any thread. */
  CompletableFuture<Void> reoffer(LocalCapabilities capabilities) {
    return reinvites.reoffer(capabilities);
  }

  boolean isEstablished() {
    return state == State.ESTABLISHED;
  }

  /** The ACK went or came: the session is up. */
  void established() {
    if (state == State.SETTING_UP) {
      state = State.ESTABLISHED;
      awaitMedia();
    }
  }

  /**
   * An MSRP session the peer is to bind (this end passive) must be bound within {@link
   * SipConfig#mediaTimeout()} of the ACK, else it ends with BYE: a peer whose connection never
   * comes, or whose binding SEND was refused (481: not the peer the SDP named), does not hold the
   * session open. On the agent's thread.
   */
  private void awaitMedia() {
    if (!(media instanceof MsrpMedia)) {
      return;
    }
    CompletableFuture<Void> bound = ((MsrpMedia) media).session().bound();
    if (bound.isDone()) {
      return;
    }
    long wait = ctx.config().mediaTimeout().toMillis();
    java.util.concurrent.ScheduledFuture<?> timer =
        ctx.schedule(
            () -> {
              if (!bound.isDone() && state == State.ESTABLISHED) {
                end(
                    SessionEnd.Reason.MEDIA_FAILED,
                    "no MSRP connection bound the session within " + wait + " ms");
              }
            },
            wait,
            java.util.concurrent.TimeUnit.MILLISECONDS);
    if (timer != null) {
      bound.whenComplete((v, e) -> timer.cancel(false));
    }
  }

  /**
   * Whether a message has crossed the session: one began to arrive, or one sent was taken by the
   * peer. A session that ends before is one that never got going ({@link Reception}).
   */
  boolean used() {
    return used;
  }

  /** A message crossed the session (a file's first bytes, a chunk of ours answered). */
  void markUsed() {
    used = true;
  }

  @Override
  public ChatMode mode() {
    return media.mode();
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public String callId() {
    return callId;
  }

  @Override
  public CompletableFuture<Void> send(String contentType, byte[] body) {
    CompletableFuture<Void> sent = media.send(contentType, body);
    sent.thenRun(this::markUsed);
    return sent;
  }

  /** The longest a BYE waits for the messages sent before it (see {@link #bye}). */
  static final java.time.Duration BYE_WAIT = java.time.Duration.ofSeconds(40);

  @Override
  public CompletableFuture<SessionEnd> bye() {
    // The messages already sent go first: the BYE waits for their outcome (through relays, the
    // peer's success report), so that it cannot overtake them; at most BYE_WAIT, after which a
    // message still without one fails as the session ends.
    Object unused =
        media
            .settled()
            .orTimeout(BYE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
            .whenComplete(
                (v, e) -> ctx.loop().execute(() -> end(SessionEnd.Reason.LOCAL_BYE, null)));
    return ended;
  }

  @Override
  public CompletableFuture<SessionEnd> ended() {
    return ended;
  }

  @Override
  public Optional<MsrpSession> msrp() {
    return media.msrp();
  }

  @Override
  public String remoteTarget() {
    Dialog d = dialog;
    javax.sip.address.Address target = d == null ? null : d.getRemoteTarget();
    return target == null ? peer : target.getURI().toString();
  }

  @Override
  public java.util.List<String> acceptTypes() {
    MessageSessionPlan p = reinvites.plan();
    return p == null
        ? java.util.List.of()
        : p.acceptTypes().stream().map(Object::toString).toList();
  }

  @Override
  public java.util.List<String> acceptWrappedTypes() {
    MessageSessionPlan p = reinvites.plan();
    return p == null
        ? java.util.List.of()
        : p.acceptWrappedTypes().stream().map(Object::toString).toList();
  }

  /**
   * Ends the session from this side: a BYE (with a Reason header naming {@code why} when given),
   * then the media once it is answered. On the agent's thread.
   */
  void end(SessionEnd.Reason reason, String why) {
    if (state == State.ENDING || state == State.ENDED) {
      return;
    }
    Dialog d = dialog;
    if (d == null) {
      finish(new SessionEnd(reason, why));
      return;
    }
    state = State.ENDING;
    sendBye(d, why)
        .whenCompleteAsync(
            (r, e) ->
                finish(
                    new SessionEnd(
                        reason,
                        why != null
                            ? why
                            : e == null
                                ? null
                                : e instanceof SipException
                                    ? e.getMessage()
                                    : "BYE failed: " + e.getMessage())),
            ctx.loop());
  }

  /**
   * Sends BYE in {@code d} (with a Reason header naming {@code why} when given); completes with its
   * final response, or fails when it got none or was not sent. On the agent's thread.
   */
  private CompletableFuture<javax.sip.message.Response> sendBye(Dialog d, String why) {
    try {
      Request bye = d.createRequest(Request.BYE);
      if (why != null) {
        bye.addHeader(ctx.sip().headers.createReasonHeader("SIP", 500, why));
      }
      return ctx.transactions().send(bye, d, () -> 0, null).result;
    } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
      LOG.debug("BYE not sent for {}: {}", callId, e.toString());
      return CompletableFuture.failedFuture(new SipException("BYE not sent: " + e.getMessage(), e));
    }
  }

  /** The peer sent BYE (already answered 200). On the agent's thread. */
  void remoteBye(Request bye) {
    ReasonHeader r = (ReasonHeader) bye.getHeader(ReasonHeader.NAME);
    String detail = r == null ? null : r.getText() != null ? r.getText() : r.toString().trim();
    finish(new SessionEnd(SessionEnd.Reason.REMOTE_BYE, detail));
  }

  /** The dialog died under the session (no ACK, transport failure). On the agent's thread. */
  void dialogFailed(String why) {
    if (state == State.ENDING) {
      return; // our BYE ended the dialog; its answer finishes the session
    }
    finish(new SessionEnd(SessionEnd.Reason.DIALOG_FAILED, why));
  }

  /**
   * The media stream failed: the session ends now, and a BYE with a reason goes without being
   * waited for. From any thread.
   */
  void mediaLost(String why) {
    ctx.loop()
        .execute(
            () -> {
              if (state == State.ESTABLISHED) {
                Dialog d = dialog;
                state = State.ENDING;
                if (d != null) {
                  // Our words for the peer; its answer changes nothing now.
                  Object unused = sendBye(d, "MSRP connection lost");
                }
                finish(new SessionEnd(SessionEnd.Reason.MEDIA_FAILED, why));
              }
            });
  }

  /** Ends without a BYE (the agent is closing, or the set-up failed). On the agent's thread. */
  void finish(SessionEnd end) {
    if (!close(end)) {
      return;
    }
    try {
      listener.ended(this, end);
    } catch (RuntimeException e) {
      LOG.warn("ChatListener.ended threw", e);
    }
  }

  /**
   * Drops a session that never came up (its INVITE failed or was cancelled): media closed, no
   * listener call, since the failure goes to whoever set it up. On the agent's thread.
   */
  void discard(String why) {
    close(new SessionEnd(SessionEnd.Reason.DIALOG_FAILED, why));
  }

  /** Ends the session here (media closed, agent told); false when it had ended already. */
  private boolean close(SessionEnd end) {
    if (state == State.ENDED) {
      return false;
    }
    state = State.ENDED;
    media.close();
    ctx.dialogs().forget(this);
    ended.complete(end);
    return true;
  }

  boolean isEnded() {
    return state == State.ENDED;
  }

  /** A whole message arrived. From any thread. */
  void deliver(ChatMessage message) {
    used = true;
    ctx.loop()
        .execute(
            () -> {
              if (state != State.ENDED) {
                try {
                  listener.message(this, message);
                } catch (RuntimeException e) {
                  LOG.warn("ChatListener.message threw", e);
                }
              }
            });
  }

  /** A message began to arrive. From any thread. */
  void started(String contentType, long size) {
    used = true;
    ctx.loop()
        .execute(
            () -> {
              if (state != State.ENDED) {
                try {
                  listener.started(this, contentType, size);
                } catch (RuntimeException e) {
                  LOG.warn("ChatListener.started threw", e);
                }
              }
            });
  }

  @Override
  public String toString() {
    return "ChatSession[" + media.mode() + " with " + peer + ", Call-ID " + callId + "]";
  }
}
