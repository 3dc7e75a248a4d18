package org.parley.sip;

import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.offeranswer.Answer;
import org.parley.sdp.offeranswer.LocalCapabilities;
import org.parley.sdp.offeranswer.MessageSessionPlan;
import org.parley.sdp.offeranswer.Negotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's offer/answer state once it is set up, and the re-INVITEs that change it (RFC 3261
 * §14, RFC 3264 §8): the peer's, answered here (488 and no change when this end cannot take the new
 * offer), and this end's, sent when the relay's Use-Path changed. The media follow the new remote
 * path. On the agent's thread, except {@link #reoffer}.
 */
final class Reinvites {
  private static final Logger LOG = LoggerFactory.getLogger(Reinvites.class);

  private final AgentContext ctx;
  private final Chat chat;
  private final Media media;
  private Negotiator negotiator;
  private MessageSessionPlan plan;
  private boolean reoffering;

  Reinvites(AgentContext ctx, Chat chat, Media media) {
    this.ctx = ctx;
    this.chat = chat;
    this.media = media;
  }

  /** The dialog's offer/answer state and the plan agreed at set-up. */
  void negotiator(Negotiator negotiator, MessageSessionPlan plan) {
    this.negotiator = negotiator;
    this.plan = plan;
  }

  /** The plan in force, or null before the set-up agreed one. */
  MessageSessionPlan plan() {
    return plan;
  }

  Negotiator negotiator() {
    return negotiator;
  }

  /**
   * The peer sent a re-INVITE. Its offer is tried on a fresh negotiator first: one this end cannot
   * take (no common type, another mode, TLS) is answered 488 and changes nothing. Otherwise the
   * dialog's negotiator answers it, the media take the new remote path (connecting anew first when
   * the first hop changed and this end is the active one), and the 200 carries the answer.
   */
  void received(Request r, ServerTransaction st) {
    if (reoffering) {
      ctx.respond(st, Response.REQUEST_PENDING);
      return;
    }
    if (!chat.isEstablished() || negotiator == null) {
      ctx.respond(st, Response.SERVER_INTERNAL_ERROR, "the session is not established");
      return;
    }
    byte[] body = r.getRawContent();
    if (body == null || body.length == 0) {
      ctx.respond(st, Response.NOT_ACCEPTABLE_HERE, "a re-INVITE without an offer");
      return;
    }
    SessionDescription offer;
    try {
      offer = SessionDescription.parse(body);
      MessageSessionPlan trial =
          usable(new Negotiator(negotiator.capabilities()).answer(offer).plans());
      if (trial == null) {
        ctx.respond(st, Response.NOT_ACCEPTABLE_HERE, "no acceptable message stream");
        return;
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      ctx.respond(st, Response.NOT_ACCEPTABLE_HERE, "bad SDP offer: " + e.getMessage());
      return;
    }
    Answer answer;
    MessageSessionPlan next;
    try {
      answer = negotiator.answer(offer);
      next = usable(answer.plans());
    } catch (IllegalArgumentException | IllegalStateException e) {
      ctx.respond(st, Response.NOT_ACCEPTABLE_HERE, "bad SDP offer: " + e.getMessage());
      return;
    }
    if (next == null) {
      ctx.respond(st, Response.NOT_ACCEPTABLE_HERE, "no acceptable message stream");
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
            ctx.respond(
                st,
                Response.NOT_ACCEPTABLE_HERE,
                "MSRP connection failed: " + OutgoingInvite.rootMessage(e));
            return;
          }
          try {
            Response ok = ctx.sip().messages.createResponse(Response.OK, r);
            ok.addHeader(ctx.sip().contact());
            ok.setContent(answer.description().toBytes(), ctx.sip().contentType("application/sdp"));
            st.sendResponse(ok);
          } catch (Exception ex) {
            LOG.debug("200 to the re-INVITE not sent: {}", ex.toString());
          }
        },
        ctx.loop());
  }

  /** The message stream this end can run on: same mode as now, no TLS or WebSocket. */
  private MessageSessionPlan usable(List<MessageSessionPlan> plans) {
    MessageSessionPlan p = plans.stream().filter(x -> !x.refused()).findFirst().orElse(null);
    if (p == null) {
      return null;
    }
    boolean sipMode = p.mode() == MessageSessionPlan.Mode.SIP_MESSAGE;
    if (sipMode != (media.mode() == ChatMode.SIP_MESSAGE)) {
      return null;
    }
    if (!sipMode && ((p.tls() && !ctx.relayTls()) || p.transport().websocket())) {
      return null;
    }
    return p;
  }

  /** The relay's Use-Path changed: offer the session's new a=path. On the agent's thread. */
  CompletableFuture<Void> reofferPath() {
    if (!chat.isEstablished() || negotiator == null || !(media instanceof MsrpMedia)) {
      return CompletableFuture.completedFuture(null);
    }
    MsrpMedia m = (MsrpMedia) media;
    LocalCapabilities caps =
        negotiator.capabilities().toBuilder().path(ctx.pathTo(m.session().localUri())).build();
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
    ctx.loop().execute(() -> doReoffer(capabilities, done));
    return done;
  }

  private void doReoffer(LocalCapabilities capabilities, CompletableFuture<Void> done) {
    Dialog d = chat.dialog();
    if (!chat.isEstablished() || negotiator == null || d == null) {
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
      invite.addHeader(ctx.sip().contact());
      invite.setContent(offer.toBytes(), ctx.sip().contentType("application/sdp"));
      attempt = ctx.transactions().send(invite, d, () -> 0, null);
    } catch (SipException | ParseException | RuntimeException e) {
      negotiator.rollback();
      negotiator.capabilities(before);
      done.completeExceptionally(
          new SipFailure(SipFailure.Kind.UNREACHABLE, 0, "re-INVITE not sent: " + e, e));
      return;
    }
    reoffering = true;
    attempt.result.whenCompleteAsync((r, e) -> reofferAnswered(r, e, d, before, done), ctx.loop());
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
      Request ack = d.createAck(n);
      ctx.sip().webSocketRoutes.routeAck(ack);
      d.sendAck(ack);
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
      chat.end(SessionEnd.Reason.MEDIA_FAILED, why);
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
                chat.end(SessionEnd.Reason.MEDIA_FAILED, why);
                done.completeExceptionally(new SipFailure(SipFailure.Kind.MEDIA, 0, why, ce));
              } else {
                done.complete(null);
              }
            },
            ctx.loop());
  }
}
