package org.parley.sip;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ServerTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parley.msrp.MsrpUri;
import org.parley.sdp.AcceptType;
import org.parley.sdp.FileRange;
import org.parley.sdp.SdpLine;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.offeranswer.Answer;
import org.parley.sdp.offeranswer.MessageSessionPlan;
import org.parley.sdp.offeranswer.Negotiator;

/**
 * An incoming INVITE that offers a message session the agent can take (it has been answered 180
 * Ringing). {@link #accept} answers 200 with the SDP answer and completes once the ACK came; {@link
 * #decline} answers with an error. If the caller cancels first, {@link #cancelled()} completes and
 * {@code accept} fails with {@link SipFailure.Kind#CANCELLED}.
 *
 * <p>When the answer makes this end the active one, it connects and binds MSRP before it sends the
 * 200, so the caller's session is bound when it hears the 200.
 */
public final class Invitation {
  private enum State {
    RINGING,
    ACCEPTING,
    ANSWERED,
    DONE
  }

  private final SipAgent agent;
  private final Request request;
  private final ServerTransaction transaction;
  private final Negotiator negotiator;
  private final Answer answer;
  private final MessageSessionPlan plan;
  private final MsrpUri msrpUri;
  private final SipMessageMedia sipMedia;
  private final String toTag;
  private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
  private final CompletableFuture<ChatSession> accepted = new CompletableFuture<>();
  private State state = State.RINGING;
  private Chat chat;
  private ScheduledFuture<?> ringTimer;
  private FileRange answerRange;

  Invitation(
      SipAgent agent,
      Request request,
      ServerTransaction transaction,
      Negotiator negotiator,
      Answer answer,
      MessageSessionPlan plan,
      MsrpUri msrpUri,
      SipMessageMedia sipMedia,
      String toTag) {
    this.agent = agent;
    this.request = request;
    this.transaction = transaction;
    this.negotiator = negotiator;
    this.answer = answer;
    this.plan = plan;
    this.msrpUri = msrpUri;
    this.sipMedia = sipMedia;
    this.toTag = toTag;
  }

  /** The caller's address (From URI). */
  public String from() {
    return ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString();
  }

  /** The address called (To URI). */
  public String to() {
    return ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI().toString();
  }

  public String callId() {
    return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
  }

  /** The mode the session will use if accepted. */
  public ChatMode mode() {
    return plan.mode() == MessageSessionPlan.Mode.SIP_MESSAGE
        ? ChatMode.SIP_MESSAGE
        : ChatMode.MSRP;
  }

  /** The types both ends accept (MSRP); empty for the 2001 form, which does not say. */
  public List<String> acceptTypes() {
    return plan.acceptTypes().stream().map(AcceptType::toString).toList();
  }

  /** Completes when the caller cancelled, or the invitation rang out unanswered. */
  public CompletableFuture<Void> cancelled() {
    return cancelled;
  }

  /**
   * Accepts: answers 200 with the SDP answer; completes with the session once the ACK came. Fails
   * with {@link SipFailure} when the caller cancelled, the MSRP connection (when this end connects)
   * failed, or no ACK came.
   */
  public CompletableFuture<ChatSession> accept(ChatListener listener) {
    agent.loop().execute(() -> doAccept(listener, null));
    return accepted;
  }

  /**
   * Accepts a file offer: the MSRP stream's message is written to {@code sink}. With {@code range},
   * the answer asks for that part of the file only ({@code a=file-range}, to resume).
   */
  CompletableFuture<ChatSession> acceptFile(FileSink sink, ChatListener listener, FileRange range) {
    agent
        .loop()
        .execute(
            () -> {
              if (state == State.RINGING) {
                answerRange = range;
              }
              doAccept(listener, sink);
            });
    return accepted;
  }

  SipAgent agent() {
    return agent;
  }

  /** The accepted message stream's plan (its file-selector for a file offer). */
  MessageSessionPlan plan() {
    return plan;
  }

  /**
   * Declines with a final status: 486 Busy Here, 603 Decline, 480 Temporarily Unavailable, … Does
   * nothing once accepted, cancelled or declined.
   *
   * @throws IllegalArgumentException for a status below 300 or above 699
   */
  public void decline(int status) {
    if (status < 300 || status > 699) {
      throw new IllegalArgumentException("a decline is 3xx-6xx: " + status);
    }
    agent.loop().execute(() -> doDecline(status));
  }

  void ringTimer(ScheduledFuture<?> timer) {
    this.ringTimer = timer;
  }

  private void doDecline(int status) {
    if (state != State.RINGING) {
      return;
    }
    state = State.DONE;
    stopRinging();
    agent.respond(transaction, status);
    if (status == Response.TEMPORARILY_UNAVAILABLE || status == Response.REQUEST_TIMEOUT) {
      cancelled.complete(null);
    }
    accepted.completeExceptionally(
        new SipFailure(SipFailure.kindOf(status), status, "declined with " + status, null));
  }

  /** The ring time ran out. */
  void rangOut() {
    doDecline(Response.TEMPORARILY_UNAVAILABLE);
  }

  private void stopRinging() {
    if (ringTimer != null) {
      ringTimer.cancel(false);
    }
    agent.forget(this);
  }

  private void doAccept(ChatListener listener, FileSink sink) {
    if (state != State.RINGING) {
      accepted.completeExceptionally(
          state == State.DONE && cancelled.isDone()
              ? new SipFailure(SipFailure.Kind.CANCELLED, "the caller cancelled")
              : new IllegalStateException("already " + state.name().toLowerCase()));
      return;
    }
    state = State.ACCEPTING;
    if (ringTimer != null) {
      ringTimer.cancel(false);
    }
    if (plan.mode() == MessageSessionPlan.Mode.SIP_MESSAGE) {
      sipMedia.remote(plan.remoteSipUri());
      chat = new Chat(agent, callId(), from(), listener, sipMedia);
      chat.negotiator(negotiator, plan);
      sipMedia.chat(chat);
      agent.remember(sipMedia);
      agent.remember(chat);
      answer();
      return;
    }
    if (plan.tls() || plan.transport().websocket()) {
      state = State.DONE;
      agent.forget(this);
      agent.respond(transaction, Response.NOT_ACCEPTABLE_HERE, "only TCP/MSRP is supported");
      accepted.completeExceptionally(
          new SipFailure(SipFailure.Kind.NOT_ACCEPTABLE, "only TCP/MSRP is supported"));
      return;
    }
    MsrpMedia media =
        new MsrpMedia(
            agent.msrp(), msrpUri, agent.config(), agent.config().acceptTypes(), agent.relay());
    media.session().remotePath(plan.remotePath());
    if (sink != null) {
      media.sink(sink);
    }
    chat = new Chat(agent, callId(), from(), listener, media);
    chat.negotiator(negotiator, plan);
    media.chat(chat);
    agent.remember(chat);
    // Through a relay this end binds its session on the relay connection whatever its role.
    if (!plan.connects() && !media.relayed()) {
      answer();
      return;
    }
    media
        .connect()
        .whenCompleteAsync(
            (v, e) -> {
              if (e == null) {
                answer();
                return;
              }
              String why = "MSRP connection failed: " + OutgoingInvite.rootMessage(e);
              if (state == State.ACCEPTING) {
                state = State.DONE;
                agent.forget(this);
                agent.respond(transaction, Response.SERVICE_UNAVAILABLE, why);
              }
              chat.discard(why);
              accepted.completeExceptionally(new SipFailure(SipFailure.Kind.MEDIA, 0, why, e));
            },
            agent.loop());
  }

  /** Sends the 200 with the SDP answer. */
  private void answer() {
    if (state != State.ACCEPTING) {
      chat.discard("cancelled");
      return;
    }
    state = State.ANSWERED;
    try {
      Response ok = agent.sip().messages.createResponse(Response.OK, request);
      ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(toTag);
      ok.addHeader(agent.sip().contact());
      SessionDescription sdp = answer.description();
      if (answerRange != null) {
        sdp =
            FileAttributes.insert(
                sdp, plan.mediaIndex(), List.of(SdpLine.of('a', "file-range:" + answerRange)));
      }
      ok.setContent(sdp.toBytes(), agent.sip().contentType("application/sdp"));
      transaction.sendResponse(ok);
      chat.dialog(transaction.getDialog());
    } catch (Exception e) {
      state = State.DONE;
      agent.forget(this);
      chat.discard("200 not sent: " + e.getMessage());
      accepted.completeExceptionally(
          new SipFailure(SipFailure.Kind.UNREACHABLE, 0, "200 not sent: " + e.getMessage(), e));
    }
  }

  /** The ACK came (on the agent's thread). */
  void acked() {
    if (state == State.ANSWERED) {
      state = State.DONE;
      agent.forget(this);
      chat.established();
      accepted.complete(chat);
    }
  }

  /**
   * The caller's BYE came before its ACK (answered 200 already; the BYE's own handling ends the
   * session): the 2xx confirmed the dialog, so the session counts as accepted, then ended by the
   * peer. On the agent's thread.
   */
  void byeBeforeAck() {
    acked();
  }

  /** The caller sent CANCEL (answered 200 already). */
  void peerCancelled() {
    if (state == State.RINGING || state == State.ACCEPTING) {
      state = State.DONE;
      stopRinging();
      agent.respond(transaction, Response.REQUEST_TERMINATED);
      if (chat != null) {
        chat.discard("cancelled");
      } else if (sipMedia != null) {
        sipMedia.close();
      }
      cancelled.complete(null);
      accepted.completeExceptionally(
          new SipFailure(SipFailure.Kind.CANCELLED, 487, "the caller cancelled", null));
    }
  }

  /** The dialog died before the ACK came. */
  void failed(String why) {
    if (state == State.ANSWERED) {
      state = State.DONE;
      agent.forget(this);
      chat.dialogFailed(why);
      accepted.completeExceptionally(new SipFailure(SipFailure.Kind.TIMEOUT, why));
    }
  }

  @Override
  public String toString() {
    return "Invitation[from " + from() + ", " + mode() + ", Call-ID " + callId() + "]";
  }
}
