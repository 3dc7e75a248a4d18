package org.parley.sip;

import javax.sip.ServerTransaction;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parley.msrp.MsrpUri;
import org.parley.sdp.Direction;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.MessageTransport;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.Setup;
import org.parley.sdp.offeranswer.Answer;
import org.parley.sdp.offeranswer.LocalCapabilities;
import org.parley.sdp.offeranswer.MessageSessionPlan;
import org.parley.sdp.offeranswer.Negotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answering side of a new INVITE that was taken (the mirror of {@link OutgoingInvite}): its SDP
 * offer is answered with the sdp module (RFC 3264), a stream this end can run is chosen, 180
 * Ringing goes out, and the application hears an {@link Invitation}, or, for an RFC 5547 offer, a
 * {@link FileOffer} (push) or a {@link FilePullRequest} (pull). An offer without an acceptable
 * message stream is answered 488 with a Warning saying why, and the application hears it as {@link
 * SipListener#refused}. On the agent's thread.
 */
final class IncomingInvite {
  private static final Logger LOG = LoggerFactory.getLogger(IncomingInvite.class);

  private final AgentContext ctx;
  private final SipListener listener;
  private final Request request;
  private final ServerTransaction transaction;
  private final String callId;

  IncomingInvite(
      AgentContext ctx, SipListener listener, Request request, ServerTransaction transaction) {
    this.ctx = ctx;
    this.listener = listener;
    this.request = request;
    this.transaction = transaction;
    this.callId = JainSip.callId(request);
  }

  void start() {
    if (ctx.dialogs().closed()) {
      ctx.respond(transaction, Response.TEMPORARILY_UNAVAILABLE);
      return;
    }
    byte[] body = request.getRawContent();
    if (body == null || body.length == 0) {
      refuseOffer("an SDP offer is required");
      return;
    }
    SipConfig config = ctx.config();
    Answer answer;
    Negotiator negotiator;
    MsrpUri local;
    SipMessageMedia legacy = config.sipMessageMode() ? new SipMessageMedia(ctx) : null;
    Direction fileOffer;
    try {
      SessionDescription offer = SessionDescription.parse(body);
      fileOffer = fileDirection(offer);
      // Through an msrps relay the session is msrps when the offer's is (the relay bridges).
      local = ctx.newMsrpUri(ctx.relayTls() && offersTls(offer));
      LocalCapabilities.Builder caps =
          LocalCapabilities.builder()
              .path(ctx.pathTo(local))
              .transport(AgentContext.transport(local))
              .setup(Setup.ACTPASS)
              .originUsername(config.address().user())
              .host(config.host());
      if (fileOffer != null) { // any type and size: the file goes to (or comes from) disk
        caps.acceptTypes("*");
      } else {
        // What this end takes at the top level it takes inside CPIM too (RFC 4975 §8.6), so an
        // offer of CPIM-wrapped types is answered with those it accepts.
        caps.acceptTypes(config.acceptTypes().toArray(String[]::new))
            .acceptWrappedTypes(config.acceptTypes().toArray(String[]::new))
            .maxSize(config.maxMessageSize());
      }
      if (legacy != null) {
        caps.sipUri(legacy.localUri());
      }
      negotiator = new Negotiator(caps.build());
      answer = negotiator.answer(offer);
    } catch (IllegalArgumentException | IllegalStateException e) {
      refuseOffer("bad SDP offer: " + e.getMessage());
      return;
    }
    MessageSessionPlan plan =
        answer.plans().stream().filter(p -> !p.refused()).findFirst().orElse(null);
    if (plan == null) {
      StringBuilder why = new StringBuilder("no acceptable message stream");
      for (MessageSessionPlan p : answer.plans()) {
        why.append("; ").append(p.reason());
      }
      refuseOffer(why.toString());
      return;
    }
    String toTag = JainSip.token(6);
    try {
      Response ringing = ctx.sip().messages.createResponse(Response.RINGING, request);
      ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(toTag);
      ringing.addHeader(ctx.sip().contact());
      transaction.sendResponse(ringing);
    } catch (Exception e) {
      LOG.debug("180 not sent: {}", e.toString());
      return;
    }
    Invitation invitation =
        new Invitation(ctx, request, transaction, negotiator, answer, plan, local, legacy, toTag);
    ctx.dialogs().remember(invitation);
    invitation.ringTimer(
        ctx.schedule(
            invitation::rangOut,
            config.ringTimeout().toMillis(),
            java.util.concurrent.TimeUnit.MILLISECONDS));
    tell(invitation, fileOffer);
  }

  /** The application hears the invitation, as a file offer or pull request when it is one. */
  private void tell(Invitation invitation, Direction fileOffer) {
    try {
      if (fileOffer == Direction.SENDONLY && invitation.mode() == ChatMode.MSRP) {
        listener.fileOffer(new FileOffer(invitation));
      } else if (fileOffer == Direction.RECVONLY && invitation.mode() == ChatMode.MSRP) {
        listener.filePull(new FilePullRequest(invitation));
      } else {
        listener.invitation(invitation);
      }
    } catch (RuntimeException e) {
      LOG.warn("SipListener.invitation threw", e);
      invitation.decline(Response.SERVER_INTERNAL_ERROR);
    }
  }

  /** Answers 488 with {@code why} in a Warning, and tells the listener. */
  private void refuseOffer(String why) {
    ctx.respond(transaction, Response.NOT_ACCEPTABLE_HERE, why);
    IncomingRequests.tellRefused(
        listener, new SetupFailure(Gate.from(request), callId, Response.NOT_ACCEPTABLE_HERE, why));
  }

  /**
   * Whether the offer's first message stream transfers a file (RFC 5547 §8: a file-selector):
   * SENDONLY for a push, RECVONLY for a pull; null for anything else.
   */
  /** Whether the offer's first message stream is TCP/TLS/MSRP. */
  private static boolean offersTls(SessionDescription offer) {
    for (int i = 0; i < offer.media().size(); i++) {
      if (MessageMedia.isMessage(offer.media().get(i))) {
        return MessageMedia.of(offer, i).transport() == MessageTransport.TCP_TLS_MSRP;
      }
    }
    return false;
  }

  private static Direction fileDirection(SessionDescription offer) {
    for (int i = 0; i < offer.media().size(); i++) {
      if (MessageMedia.isMessage(offer.media().get(i))) {
        MessageMedia m = MessageMedia.of(offer, i);
        Direction d = m.direction();
        return m.fileSelector().isPresent() && (d == Direction.SENDONLY || d == Direction.RECVONLY)
            ? d
            : null;
      }
    }
    return null;
  }
}
