package org.parley.sip;

import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ReasonHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parley.msrp.session.MsrpSession;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.offeranswer.Answer;
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
 * connection closes and ends with {@code REMOTE_BYE} rather than a media failure.
 */
final class Chat implements ChatSession {
  private static final Logger LOG = LoggerFactory.getLogger(Chat.class);

  private enum State {
    SETTING_UP,
    ESTABLISHED,
    ENDING,
    ENDED
  }

  private final SipAgent agent;
  private final String callId;
  private final String peer;
  private final ChatListener listener;
  private final Media media;
  private final CompletableFuture<SessionEnd> ended = new CompletableFuture<>();
  private volatile Dialog dialog;
  private State state = State.SETTING_UP;
  private Negotiator negotiator;
  private MessageSessionPlan plan;
  private boolean reoffering;
  private volatile boolean used;

  Chat(SipAgent agent, String callId, String peer, ChatListener listener, Media media) {
    this.agent = agent;
    this.callId = callId;
    this.peer = peer;
    this.listener = listener;
    this.media = media;
  }

  void dialog(Dialog dialog) {
    this.dialog = dialog;
  }

  Dialog dialog() {
    return dialog;
  }

  /** The dialog's offer/answer state and the plan in force, for re-INVITEs. */
  void negotiator(Negotiator negotiator, MessageSessionPlan plan) {
    this.negotiator = negotiator;
    this.plan = plan;
  }

  MessageSessionPlan plan() {
    return plan;
  }

  Negotiator negotiator() {
    return negotiator;
  }

  // re-INVITE (RFC 3261 §14), on the agent's thread.

  /**
   * The peer sent a re-INVITE. Its offer is tried on a fresh negotiator first: one this end cannot
   * take (no common type, another mode, TLS) is answered 488 and changes nothing. Otherwise the
   * dialog's negotiator answers it, the media take the new remote path (connecting anew first when
   * the first hop changed and this end is the active one), and the 200 carries the answer.
   */
  void reinvited(Request r, ServerTransaction st) {
    if (reoffering) {
      agent.respond(st, Response.REQUEST_PENDING);
      return;
    }
    if (state != State.ESTABLISHED || negotiator == null) {
      agent.respond(st, Response.SERVER_INTERNAL_ERROR, "the session is not established");
      return;
    }
    byte[] body = r.getRawContent();
    if (body == null || body.length == 0) {
      agent.respond(st, Response.NOT_ACCEPTABLE_HERE, "a re-INVITE without an offer");
      return;
    }
    SessionDescription offer;
    try {
      offer = SessionDescription.parse(body);
      MessageSessionPlan trial =
          usable(new Negotiator(negotiator.capabilities()).answer(offer).plans());
      if (trial == null) {
        agent.respond(st, Response.NOT_ACCEPTABLE_HERE, "no acceptable message stream");
        return;
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      agent.respond(st, Response.NOT_ACCEPTABLE_HERE, "bad SDP offer: " + e.getMessage());
      return;
    }
    Answer answer;
    MessageSessionPlan next;
    try {
      answer = negotiator.answer(offer);
      next = usable(answer.plans());
    } catch (IllegalArgumentException | IllegalStateException e) {
      agent.respond(st, Response.NOT_ACCEPTABLE_HERE, "bad SDP offer: " + e.getMessage());
      return;
    }
    if (next == null) {
      agent.respond(st, Response.NOT_ACCEPTABLE_HERE, "no acceptable message stream");
      return;
    }
    MessageSessionPlan before = plan;
    plan = next;
    CompletableFuture<Void> ready;
    if (media instanceof MsrpMedia) {
      ready = ((MsrpMedia) media).remotePath(next.remotePath(), next.connects());
    } else {
      ((SipMessageMedia) media).remote(next.remoteSipUri());
      ready = CompletableFuture.completedFuture(null);
    }
    ready.whenCompleteAsync(
        (v, e) -> {
          if (e != null) {
            plan = before;
            if (media instanceof MsrpMedia) {
              ((MsrpMedia) media).session().remotePath(before.remotePath());
            }
            agent.respond(
                st,
                Response.NOT_ACCEPTABLE_HERE,
                "MSRP connection failed: " + OutgoingInvite.rootMessage(e));
            return;
          }
          try {
            Response ok = agent.sip().messages.createResponse(Response.OK, r);
            ok.addHeader(agent.sip().contact());
            ok.setContent(
                answer.description().toBytes(), agent.sip().contentType("application/sdp"));
            st.sendResponse(ok);
          } catch (Exception ex) {
            LOG.debug("200 to the re-INVITE not sent: {}", ex.toString());
          }
        },
        agent.loop());
  }

  /** The message stream this end can run on: same mode as now, no TLS or WebSocket. */
  private MessageSessionPlan usable(java.util.List<MessageSessionPlan> plans) {
    MessageSessionPlan p = plans.stream().filter(x -> !x.refused()).findFirst().orElse(null);
    if (p == null) {
      return null;
    }
    boolean sipMode = p.mode() == MessageSessionPlan.Mode.SIP_MESSAGE;
    if (sipMode != (media.mode() == ChatMode.SIP_MESSAGE)) {
      return null;
    }
    if (!sipMode && (p.tls() || p.transport().websocket())) {
      return null;
    }
    return p;
  }

  /** The relay's Use-Path changed: offer the session's new a=path. On the agent's thread. */
  CompletableFuture<Void> reofferPath() {
    if (state != State.ESTABLISHED || negotiator == null || !(media instanceof MsrpMedia)) {
      return CompletableFuture.completedFuture(null);
    }
    MsrpMedia m = (MsrpMedia) media;
    LocalCapabilities caps =
        negotiator.capabilities().toBuilder().path(agent.pathTo(m.session().localUri())).build();
    CompletableFuture<Void> done = new CompletableFuture<>();
    doReoffer(caps, done);
    return done.whenComplete(
        (v, e) -> {
          if (e != null) {
            LOG.debug("re-INVITE with the new relay path failed: {}", e.toString());
          }
        });
  }

  /**
   * Sends a re-INVITE offering {@code capabilities}. Completes when the answer is taken (and the
   * media moved to the new path); fails with {@link SipFailure} when the peer refused it (488, 491,
   * …), in which case the session goes on as before. Any thread.
   */
  CompletableFuture<Void> reoffer(LocalCapabilities capabilities) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    agent.loop().execute(() -> doReoffer(capabilities, done));
    return done;
  }

  private void doReoffer(LocalCapabilities capabilities, CompletableFuture<Void> done) {
    Dialog d = dialog;
    if (state != State.ESTABLISHED || negotiator == null || d == null) {
      done.completeExceptionally(new SipFailure(SipFailure.Kind.CLOSED, "not established"));
      return;
    }
    if (reoffering) {
      done.completeExceptionally(new IllegalStateException("a re-INVITE is in progress"));
      return;
    }
    LocalCapabilities before = negotiator.capabilities();
    negotiator.capabilities(capabilities);
    Transactions.Attempt attempt;
    try {
      SessionDescription offer = negotiator.createOffer();
      Request invite = d.createRequest(Request.INVITE);
      invite.addHeader(agent.sip().contact());
      invite.setContent(offer.toBytes(), agent.sip().contentType("application/sdp"));
      attempt = agent.transactions().send(invite, d, () -> 0, null);
    } catch (SipException | ParseException | RuntimeException e) {
      negotiator.rollback();
      negotiator.capabilities(before);
      done.completeExceptionally(
          new SipFailure(SipFailure.Kind.UNREACHABLE, 0, "re-INVITE not sent: " + e, e));
      return;
    }
    reoffering = true;
    attempt.result.whenCompleteAsync(
        (r, e) -> reofferAnswered(r, e, d, before, done), agent.loop());
  }

  private void reofferAnswered(
      Response r, Throwable e, Dialog d, LocalCapabilities before, CompletableFuture<Void> done) {
    reoffering = false;
    if (e != null || r.getStatusCode() >= 300) {
      negotiator.rollback();
      negotiator.capabilities(before);
      done.completeExceptionally(
          e != null
              ? e
              : SipFailure.of(new SipStatus(r.getStatusCode(), r.getReasonPhrase()), "re-INVITE"));
      return;
    }
    try {
      long n = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber();
      d.sendAck(d.createAck(n));
    } catch (SipException | InvalidArgumentException ex) {
      LOG.debug("ACK not sent: {}", ex.toString());
    }
    MessageSessionPlan next;
    try {
      byte[] body = r.getRawContent();
      if (body == null) {
        throw new IllegalArgumentException("the 200 has no SDP answer");
      }
      next = usable(negotiator.acceptAnswer(SessionDescription.parse(body)));
    } catch (IllegalArgumentException | IllegalStateException ex) {
      next = null;
    }
    if (next == null) {
      String why = "no usable message stream in the answer to the re-INVITE";
      end(SessionEnd.Reason.MEDIA_FAILED, why);
      done.completeExceptionally(new SipFailure(SipFailure.Kind.NOT_ACCEPTABLE, why));
      return;
    }
    plan = next;
    if (media instanceof SipMessageMedia) {
      ((SipMessageMedia) media).remote(next.remoteSipUri());
      done.complete(null);
      return;
    }
    ((MsrpMedia) media)
        .remotePath(next.remotePath(), next.connects())
        .whenCompleteAsync(
            (v, ce) -> {
              if (ce != null) {
                String why = "MSRP connection failed: " + OutgoingInvite.rootMessage(ce);
                end(SessionEnd.Reason.MEDIA_FAILED, why);
                done.completeExceptionally(new SipFailure(SipFailure.Kind.MEDIA, 0, why, ce));
              } else {
                done.complete(null);
              }
            },
            agent.loop());
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
    long wait = agent.config().mediaTimeout().toMillis();
    java.util.concurrent.ScheduledFuture<?> timer =
        agent.schedule(
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

  @Override
  public CompletableFuture<SessionEnd> bye() {
    agent.loop().execute(() -> end(SessionEnd.Reason.LOCAL_BYE, null));
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
    MessageSessionPlan p = plan;
    return p == null
        ? java.util.List.of()
        : p.acceptTypes().stream().map(Object::toString).toList();
  }

  @Override
  public java.util.List<String> acceptWrappedTypes() {
    MessageSessionPlan p = plan;
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
    try {
      Request bye = d.createRequest(Request.BYE);
      if (why != null) {
        bye.addHeader(agent.sip().headers.createReasonHeader("SIP", 500, why));
      }
      agent
          .transactions()
          .send(bye, d, () -> 0, null)
          .result
          .whenCompleteAsync(
              (r, e) ->
                  finish(
                      new SessionEnd(
                          reason,
                          why != null ? why : e == null ? null : "BYE failed: " + e.getMessage())),
              agent.loop());
    } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
      LOG.debug("BYE not sent for {}: {}", callId, e.toString());
      finish(new SessionEnd(reason, why != null ? why : "BYE not sent: " + e.getMessage()));
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

  /** The media stream failed: BYE with a reason. From any thread. */
  void mediaLost(String why) {
    agent
        .loop()
        .execute(
            () -> {
              if (state == State.ESTABLISHED) {
                end(SessionEnd.Reason.MEDIA_FAILED, why);
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
    agent.forget(this);
    ended.complete(end);
    return true;
  }

  boolean isEnded() {
    return state == State.ENDED;
  }

  /** A whole message arrived. From any thread. */
  void deliver(ChatMessage message) {
    used = true;
    agent
        .loop()
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
    agent
        .loop()
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
