package org.parley.sip;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
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
import org.parley.sip.file.FileSink;

/**
 * An incoming INVITE that offers a message session the agent can take (it has been answered 180
 * Ringing). {@link #accept} answers 200 with the SDP answer and completes once the ACK came; {@link
 * #decline} answers with an error. If the caller cancels first, {@link #cancelled()} completes and
 * {@code accept} fails with {@link SipFailure.Kind#CANCELLED}.
 *
 * <p>When the answer makes this end the active one, it connects and binds MSRP before it sends the
 * 200, so the caller's session is bound when it hears the 200.
 *
 * <p>A 200 not ACKed within {@link SipConfig#ackTimeout()} fails the set-up (its dialog deleted, no
 * more retransmissions), and so does being dropped for a newer INVITE when the agent has {@link
 * SipConfig#maxPendingInvites()} set-ups pending and this one has waited a second or more for its
 * ACK or its MSRP connection.
 */
public final class Invitation {
  /**
   * How long a set-up waits for its ACK (or connects MSRP) before it may be dropped for a newer
   * INVITE when {@link SipConfig#maxPendingInvites()} are pending: a caller's ACK takes a round
   * trip, a spoofed INVITE's never comes.
   */
  static final long EVICTABLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private enum State {
    RINGING,
    ACCEPTING,
    ANSWERED,
    DONE
  }

  private final AgentContext ctx;
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
  private final long created = System.nanoTime();
  private final long cseq;
  private final String branch;
  private State state = State.RINGING;
  private volatile Chat chat;
  private ScheduledFuture<?> ringTimer;
  private ScheduledFuture<?> ackTimer;
  private long waitingSince;
  private FileRange answerRange;
  private String answerSelector;

  Invitation(
      AgentContext ctx,
      Request request,
      ServerTransaction transaction,
      Negotiator negotiator,
      Answer answer,
      MessageSessionPlan plan,
      MsrpUri msrpUri,
      SipMessageMedia sipMedia,
      String toTag) {
    this.ctx = ctx;
    this.request = request;
    this.transaction = transaction;
    this.negotiator = negotiator;
    this.answer = answer;
    this.plan = plan;
    this.msrpUri = msrpUri;
    this.sipMedia = sipMedia;
    this.toTag = toTag;
    this.cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    this.branch = JainSip.branch(request);
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
   * failed, no ACK came, or the set-up was dropped for a newer INVITE. A session whose peer is to
   * connect MSRP may not be bound yet: it ends (BYE) if it is not within {@link
   * SipConfig#mediaTimeout()}.
   */
  public CompletableFuture<ChatSession> accept(ChatListener listener) {
    ctx.loop().execute(() -> doAccept(listener, null));
    return accepted;
  }

  /**
   * Accepts a file offer: the MSRP stream's message is written to {@code sink}. With {@code range},
   * the answer asks for that part of the file only ({@code a=file-range}, to resume).
   */
  CompletableFuture<ChatSession> acceptFile(FileSink sink, ChatListener listener, FileRange range) {
    ctx.loop()
        .execute(
            () -> {
              if (state == State.RINGING) {
                answerRange = range;
              }
              doAccept(listener, sink);
            });
    return accepted;
  }

  /**
   * Accepts a pull as its file's sender: the answer's {@code a=file-selector} is {@code selector},
   * the caller's completed with what this end knows of the file (size, SHA-1), instead of the
   * caller's own echoed.
   */
  CompletableFuture<ChatSession> acceptPull(String selector, ChatListener listener) {
    ctx.loop()
        .execute(
            () -> {
              if (state == State.RINGING) {
                answerSelector = selector;
              }
              doAccept(listener, null);
            });
    return accepted;
  }

  /** What the agent's parts share (its thread, its file threads, ...). */
  AgentContext context() {
    return ctx;
  }

  /** The INVITE's CSeq number, which its ACK repeats. */
  long cseq() {
    return cseq;
  }

  /** The INVITE's top Via branch: its retransmissions carry the same. */
  String branch() {
    return branch;
  }

  /** The session being set up, once accepted; null before (or for a declined invitation). */
  Chat chat() {
    return chat;
  }

  /**
   * Whether this set-up may be dropped for a newer INVITE: it has been connecting MSRP or waiting
   * for its ACK for {@link #EVICTABLE_AFTER_NANOS} or more. One still ringing is the application's
   * to decide, and is not. On the agent's thread.
   */
  boolean evictable(long now) {
    return (state == State.ACCEPTING || state == State.ANSWERED)
        && now - waitingSince >= EVICTABLE_AFTER_NANOS;
  }

  /** Since when the set-up has been connecting or waiting for its ACK ({@link System#nanoTime}). */
  long waitingSince() {
    return waitingSince;
  }

  /** Nanoseconds until this set-up may make room for another: evictable, or rung out. */
  long roomIn(long now, long ringNanos) {
    if (state == State.ACCEPTING || state == State.ANSWERED) {
      return Math.max(0, waitingSince + EVICTABLE_AFTER_NANOS - now);
    }
    return Math.max(0, created + ringNanos - now);
  }

  /** Dropped for a newer INVITE (see {@link #evictable}). On the agent's thread. */
  void evict(String why) {
    if (state == State.ACCEPTING) {
      state = State.DONE;
      ctx.dialogs().forget(this);
      ctx.respond(transaction, Response.SERVICE_UNAVAILABLE, why);
      chat.discard(why);
      accepted.completeExceptionally(new SipFailure(SipFailure.Kind.UNAVAILABLE, 503, why, null));
    } else {
      failed(why);
    }
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
    ctx.loop().execute(() -> doDecline(status));
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
    ctx.respond(transaction, status);
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
    ctx.dialogs().forget(this);
  }

  private void doAccept(ChatListener listener, FileSink sink) {
    if (state != State.RINGING) {
      accepted.completeExceptionally(
          state == State.DONE && cancelled.isDone()
              ? new SipFailure(SipFailure.Kind.CANCELLED, "the caller cancelled")
              : new IllegalStateException(
                  "already " + state.name().toLowerCase(java.util.Locale.ROOT)));
      return;
    }
    state = State.ACCEPTING;
    waitingSince = System.nanoTime();
    if (ringTimer != null) {
      ringTimer.cancel(false);
    }
    if (plan.mode() == MessageSessionPlan.Mode.SIP_MESSAGE) {
      sipMedia.remote(plan.remoteSipUri());
      chat = new Chat(ctx, callId(), from(), listener, sipMedia);
      chat.negotiator(negotiator, plan);
      sipMedia.chat(chat);
      ctx.dialogs().remember(sipMedia);
      ctx.dialogs().remember(chat);
      answer();
      return;
    }
    if ((plan.tls() && !ctx.relayTls()) || plan.transport().websocket()) {
      state = State.DONE;
      ctx.dialogs().forget(this);
      ctx.respond(transaction, Response.NOT_ACCEPTABLE_HERE, "only TCP/MSRP is supported");
      accepted.completeExceptionally(
          new SipFailure(SipFailure.Kind.NOT_ACCEPTABLE, "only TCP/MSRP is supported"));
      return;
    }
    MsrpMedia media =
        new MsrpMedia(ctx.msrp(), msrpUri, ctx.config(), ctx.config().acceptTypes(), ctx.relay());
    media.session().remotePath(plan.remotePath());
    if (sink != null) {
      media.sink(sink);
    }
    chat = new Chat(ctx, callId(), from(), listener, media);
    chat.negotiator(negotiator, plan);
    media.chat(chat);
    ctx.dialogs().remember(chat);
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
              int status = 0;
              if (state == State.ACCEPTING) {
                state = State.DONE;
                ctx.dialogs().forget(this);
                ctx.respond(transaction, Response.SERVICE_UNAVAILABLE, why);
                status = Response.SERVICE_UNAVAILABLE;
              }
              chat.discard(why);
              accepted.completeExceptionally(new SipFailure(SipFailure.Kind.MEDIA, status, why, e));
            },
            ctx.loop());
  }

  /** Sends the 200 with the SDP answer. */
  private void answer() {
    if (state != State.ACCEPTING) {
      chat.discard("cancelled");
      return;
    }
    state = State.ANSWERED;
    try {
      Response ok = ctx.sip().messages.createResponse(Response.OK, request);
      ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(toTag);
      ok.addHeader(ctx.sip().contact());
      SessionDescription sdp = answer.description();
      if (answerSelector != null) {
        sdp =
            FileAttributes.replace(
                sdp, plan.mediaIndex(), SdpLine.of('a', "file-selector:" + answerSelector));
      }
      if (answerRange != null) {
        sdp =
            FileAttributes.insert(
                sdp, plan.mediaIndex(), List.of(SdpLine.of('a', "file-range:" + answerRange)));
      }
      ok.setContent(sdp.toBytes(), ctx.sip().contentType("application/sdp"));
      transaction.sendResponse(ok);
      chat.dialog(transaction.getDialog());
      waitingSince = System.nanoTime();
      long wait = ctx.config().ackTimeout().toMillis();
      ackTimer =
          ctx.schedule(
              () -> failed("no ACK came for the 200 within " + wait + " ms"),
              wait,
              TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      state = State.DONE;
      ctx.dialogs().forget(this);
      chat.discard("200 not sent: " + e.getMessage());
      accepted.completeExceptionally(
          new SipFailure(SipFailure.Kind.UNREACHABLE, 0, "200 not sent: " + e.getMessage(), e));
    }
  }

  /** The ACK came (on the agent's thread). */
  void acked() {
    if (state == State.ANSWERED) {
      state = State.DONE;
      cancelAckTimer();
      ctx.dialogs().forget(this);
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
      ctx.respond(transaction, Response.REQUEST_TERMINATED);
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

  /**
   * The set-up failed after the 200: no ACK came (in {@link SipConfig#ackTimeout()}, or before
   * JAIN-SIP's own timer ended the dialog), or it was dropped for a newer INVITE. The dialog is
   * deleted (no more 2xx retransmissions), the session dropped without a listener call, and {@link
   * #accept}'s future fails. On the agent's thread.
   */
  void failed(String why) {
    if (state == State.ANSWERED) {
      state = State.DONE;
      cancelAckTimer();
      ctx.dialogs().forget(this);
      Dialog d = transaction.getDialog();
      if (d != null) {
        d.delete();
      }
      chat.discard(why);
      accepted.completeExceptionally(new SipFailure(SipFailure.Kind.TIMEOUT, why));
    }
  }

  private void cancelAckTimer() {
    if (ackTimer != null) {
      ackTimer.cancel(false);
    }
  }

  @Override
  public String toString() {
    return "Invitation[from " + from() + ", " + mode() + ", Call-ID " + callId() + "]";
  }
}
