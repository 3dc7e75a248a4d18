package org.parley.sip;

import java.text.ParseException;
import java.util.concurrent.TimeUnit;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests that came in, on the agent's thread, routed by method and by what is under way ({@link
 * Dialogs}): a new INVITE is bounded here ({@link SipConfig#maxPendingInvites()}) and then answered
 * by an {@link IncomingInvite}; a re-INVITE, BYE, CANCEL or ACK goes to its session or invitation;
 * a MESSAGE to its 2001-form stream or, as a pager message (RFC 3428), to the application.
 */
final class IncomingRequests {
  private static final Logger LOG = LoggerFactory.getLogger(IncomingRequests.class);

  private final AgentContext ctx;
  private final SipListener listener;

  IncomingRequests(AgentContext ctx, SipListener listener) {
    this.ctx = ctx;
    this.listener = listener;
  }

  /** {@link SipListener#refused}, on the agent's thread. */
  static void tellRefused(SipListener listener, SetupFailure f) {
    try {
      listener.refused(f);
    } catch (RuntimeException e) {
      LOG.warn("SipListener.refused threw", e);
    }
  }

  /** A request with its server transaction. */
  void request(Request r, ServerTransaction st) {
    String callId = JainSip.callId(r);
    ctx.sip().webSocketRoutes.learn(r);
    Dialogs dialogs = ctx.dialogs();
    switch (r.getMethod()) {
      case Request.INVITE:
        if (JainSip.toTag(r) != null) {
          Chat c = dialogs.chat(callId);
          if (c == null) {
            ctx.respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
          } else {
            Invitation answered = dialogs.invitation(callId);
            if (answered != null) {
              // A caller re-INVITEs only once it has ACKed our 2xx (RFC 3261 §14.1), and over UDP
              // the stack may hand us the re-INVITE before that ACK: it confirms the session too.
              answered.acked();
            }
            c.reinvited(r, st);
          }
        } else {
          new IncomingInvite(ctx, listener, r, st).start();
        }
        break;
      case Request.MESSAGE:
        message(r, st);
        break;
      case Request.BYE:
        Chat chat = dialogs.chat(callId);
        Invitation pending = dialogs.invitation(callId);
        if (chat == null) {
          ctx.respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
          return;
        }
        ctx.respond(st, Response.OK);
        if (pending != null) {
          // Our 2xx confirmed the dialog, and over UDP (or through a proxy's workers) the caller's
          // BYE may overtake its ACK (RFC 3261 §15): the session was up, and the peer ended it.
          pending.byeBeforeAck();
        }
        chat.remoteBye(r);
        break;
      case Request.CANCEL:
        Invitation invitation = dialogs.invitation(callId);
        ctx.respond(
            st, invitation == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK);
        if (invitation != null) {
          invitation.peerCancelled();
        }
        break;
      case Request.OPTIONS:
        ctx.respond(st, Response.OK);
        break;
      default:
        ctx.respond(st, Response.METHOD_NOT_ALLOWED);
    }
  }

  private void message(Request r, ServerTransaction st) {
    SipMessageMedia stream =
        r.getRequestURI() instanceof SipURI
            ? ctx.dialogs().stream(String.valueOf(((SipURI) r.getRequestURI()).getUser()))
            : null;
    if (stream != null) {
      try {
        stream.receive(r, st);
      } catch (ParseException e) {
        ctx.respond(st, Response.BAD_REQUEST);
      }
      return;
    }
    ctx.respond(st, Response.OK);
    listener.message(Pager.of(r));
  }

  void ack(Request r) {
    Invitation invitation = ctx.dialogs().invitation(JainSip.callId(r));
    // Only the ACK of the INVITE answered 2xx: an ACK of an earlier, refused INVITE of the same
    // Call-ID (a 401 before credentials) has a lower CSeq.
    if (invitation != null
        && invitation.cseq() == ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber()) {
      invitation.acked();
    }
  }

  void dialogTerminated(Dialog d) {
    String callId = d.getCallId().getCallId();
    Invitation invitation = ctx.dialogs().invitation(callId);
    if (invitation != null) {
      invitation.failed("the dialog ended before the ACK");
    }
    Chat chat = ctx.dialogs().chat(callId);
    if (chat != null && chat.dialog() == d) {
      // One more turn of the agent's thread: a BYE that ended the dialog may be queued just
      // behind this event, and then the session ends as the peer's BYE says, with its reason.
      ctx.loop()
          .execute(
              () -> {
                if (!chat.isEnded()) {
                  chat.dialogFailed("the dialog ended");
                }
              });
    }
  }

  /**
   * A new INVITE that passed the {@link Admission}: a retransmission of one being handled is left
   * to its transaction; a Call-ID already in use is a merged request (482); past {@link
   * SipConfig#maxPendingInvites()} pending set-ups it is 503 with Retry-After, unless one has
   * waited long enough for its ACK to be dropped for it. Otherwise it gets its transaction and is
   * handled.
   */
  void newInvite(Request r) {
    JainSip sip = ctx.sip();
    if (sip.stack.findTransaction((gov.nist.javax.sip.message.SIPMessage) r, true) != null) {
      return; // a retransmission that came before the first one's transaction was made
    }
    String callId = JainSip.callId(r);
    Responder responder = ctx.responder();
    if (ctx.dialogs().closed()) {
      responder.refuse(r, Response.TEMPORARILY_UNAVAILABLE, null, null);
      return;
    }
    Invitation pending = ctx.dialogs().invitation(callId);
    if (pending != null && pending.branch().equals(JainSip.branch(r))) {
      return; // a retransmission after the first one's transaction ended: its 2xx is resent
    }
    if (pending != null || ctx.dialogs().chat(callId) != null) {
      responder.refuse(r, Response.LOOP_DETECTED, "this Call-ID is in use", null);
      return;
    }
    if (!makeRoom()) {
      int max = ctx.config().maxPendingInvites();
      long retryAfter = retryAfterSeconds();
      String why = max + " INVITEs are being set up; retry after " + retryAfter + " s";
      responder.refuse(
          r,
          Response.SERVICE_UNAVAILABLE,
          why,
          resp -> resp.addHeader(sip.headers.createRetryAfterHeader((int) retryAfter)));
      tellRefused(
          listener, new SetupFailure(Gate.from(r), callId, Response.SERVICE_UNAVAILABLE, why));
      return;
    }
    ServerTransaction st;
    try {
      st = sip.provider.getNewServerTransaction(r);
    } catch (TransactionAlreadyExistsException e) {
      return;
    } catch (TransactionUnavailableException e) {
      LOG.debug("no server transaction for an INVITE: {}", e.getMessage());
      return;
    }
    request(r, st);
  }

  /**
   * Whether a new INVITE may be set up: fewer than the bound are pending, or the one that has
   * waited longest for its ACK (or its MSRP connection), a second or more, is dropped for it.
   */
  private boolean makeRoom() {
    int max = ctx.config().maxPendingInvites();
    if (ctx.dialogs().invitations().size() < max) {
      return true;
    }
    long now = System.nanoTime();
    Invitation oldest = null;
    for (Invitation i : ctx.dialogs().invitations()) {
      if (i.evictable(now) && (oldest == null || i.waitingSince() - oldest.waitingSince() < 0)) {
        oldest = i;
      }
    }
    if (oldest == null) {
      return false;
    }
    oldest.evict(
        "dropped for a newer INVITE: "
            + max
            + " were being set up, and this one had waited "
            + TimeUnit.NANOSECONDS.toMillis(now - oldest.waitingSince())
            + " ms for its ACK");
    return ctx.dialogs().invitations().size() < max;
  }

  /** Whole seconds until a pending set-up can make room (at least 1). */
  private long retryAfterSeconds() {
    long now = System.nanoTime();
    long soonest = Long.MAX_VALUE;
    for (Invitation i : ctx.dialogs().invitations()) {
      soonest = Math.min(soonest, i.roomIn(now, ctx.config().ringTimeout().toNanos()));
    }
    long seconds = soonest == Long.MAX_VALUE ? 1 : (soonest + 999_999_999L) / 1_000_000_000L;
    return Math.max(1, seconds);
  }
}
