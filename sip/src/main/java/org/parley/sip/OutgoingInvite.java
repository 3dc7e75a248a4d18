package org.parley.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parley.msrp.MsrpUri;
import org.parley.sdp.Direction;
import org.parley.sdp.MessageTransport;
import org.parley.sdp.SdpLine;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.offeranswer.LocalCapabilities;
import org.parley.sdp.offeranswer.MessageSessionPlan;
import org.parley.sdp.offeranswer.Negotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offerer's side of a session: INVITE with an SDP offer, CANCEL when the application cancels
 * the future (sent once a provisional response came, as RFC 3261 §9.1 asks), and on 2xx the
 * answer's plan: the active side connects and binds MSRP <em>before</em> it sends the ACK, so the
 * answerer's session is bound when it hears the ACK. Runs on the agent's thread.
 */
final class OutgoingInvite {
  private static final Logger LOG = LoggerFactory.getLogger(OutgoingInvite.class);

  /** A 503 whose Retry-After is at most this many seconds is retried (RFC 3261 §21.5.4). */
  static final int MAX_RETRY_AFTER_SECONDS = 10;

  /** How many times an INVITE answered 503 with Retry-After is sent again. */
  static final int MAX_RETRIES = 3;

  /** When {@link InviteProgress#noAnswerYet} is told, after the INVITE first went (ms). */
  private static final long[] NO_ANSWER_NOTICES = {2000, 4000, 8000, 16000};

  /** RFC 3261 T1, the RI's default: timer A starts there and doubles. */
  private static final long T1_MS = 500;

  private final AgentContext ctx;
  private final String target;
  private final InviteOptions options;
  private final ChatListener listener;
  private final CompletableFuture<ChatSession> result = new CompletableFuture<>();
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private Negotiator negotiator;
  private MsrpMedia msrpMedia;
  private SipMessageMedia sipMedia;
  private Chat chat;
  private Transactions.Attempt attempt;
  private boolean provisional;
  private boolean heard;
  private SipTransport hop;
  private boolean cancelRequested;
  private boolean cancelSent;
  private boolean answered;
  private boolean waitingToRetry;
  private int retries;

  OutgoingInvite(AgentContext ctx, String target, InviteOptions options, ChatListener listener) {
    this.ctx = ctx;
    this.target = target;
    this.options = options;
    this.listener = listener;
  }

  CompletableFuture<ChatSession> result() {
    return result;
  }

  void start() {
    result.whenComplete(
        (v, e) -> {
          if (e instanceof CancellationException) {
            ctx.loop().execute(this::cancel);
          }
        });
    JainSip sip = ctx.sip();
    SipConfig config = ctx.config();
    try {
      SipURI uri = sip.target(target);
      List<String> types =
          options.acceptTypes() != null ? options.acceptTypes() : config.acceptTypes();
      LocalCapabilities.Builder caps =
          LocalCapabilities.builder()
              .acceptTypes(types.toArray(String[]::new))
              .acceptWrappedTypes(options.acceptWrappedTypes().toArray(String[]::new))
              .originUsername(config.address().user())
              .host(sip.host());
      Media media;
      if (options.mode() == ChatMode.MSRP) {
        MsrpUri local = ctx.newMsrpUri(ctx.relayTls());
        msrpMedia = new MsrpMedia(ctx.msrp(), local, config, types, ctx.relay());
        media = msrpMedia;
        caps.path(ctx.pathTo(local))
            .transport(AgentContext.transport(local))
            .setup(options.setup());
        if (options.pushSelector() != null) {
          caps.direction(Direction.SENDONLY);
        }
        if (options.pullSink() != null) {
          caps.direction(Direction.RECVONLY); // a pulled file goes to disk: no max-size
          msrpMedia.sink(options.pullSink());
        } else {
          caps.maxSize(config.maxMessageSize());
        }
      } else {
        sipMedia = new SipMessageMedia(ctx);
        media = sipMedia;
        caps.transport(MessageTransport.SIP).sipUri(sipMedia.localUri());
      }
      negotiator = new Negotiator(caps.build());
      SessionDescription offer = negotiator.createOffer();
      if ((options.pushSelector() != null || options.pullSelector() != null) && msrpMedia != null) {
        offer = withFileAttributes(offer);
      }
      String callId = JainSip.token(12);
      Request invite =
          sip.request(
              Request.INVITE,
              uri,
              sip.address(config.address().toString()),
              JainSip.token(6),
              sip.address(target),
              callId,
              1,
              "application/sdp",
              offer.toBytes());
      invite.addHeader(sip.contact());
      chat = new Chat(ctx, callId, target, listener, media);
      if (msrpMedia != null) {
        msrpMedia.chat(chat);
      } else {
        sipMedia.chat(chat);
        ctx.dialogs().remember(sipMedia);
      }
      ctx.dialogs().remember(chat);
      ctx.dialogs().remember(this);
      hop = sip.hopTransport(uri);
      attempt = ctx.transactions().send(invite, this::provisional);
      attempt.result.whenCompleteAsync(this::finalResponse, ctx.loop());
      noAnswerNotice(0);
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /**
   * Tells the application, at each of {@link #NO_ANSWER_NOTICES} from the {@code i}-th on, that
   * nothing answered the INVITE yet, until something does.
   */
  private void noAnswerNotice(int i) {
    InviteProgress p = options.progress();
    if (p == null || i >= NO_ANSWER_NOTICES.length) {
      return;
    }
    long at = NO_ANSWER_NOTICES[i];
    long delay = at - (i == 0 ? 0 : NO_ANSWER_NOTICES[i - 1]);
    Object unused = // null once the agent closes: no more notices then
        ctx.schedule(
            () -> {
              if (heard || answered || result.isDone() || retries > 0) {
                return;
              }
              try {
                p.noAnswerYet(java.time.Duration.ofMillis(at), sent(at));
              } catch (RuntimeException e) {
                LOG.warn("InviteProgress.noAnswerYet threw", e);
              }
              noAnswerNotice(i + 1);
            },
            delay,
            TimeUnit.MILLISECONDS);
  }

  /** How many times the INVITE has gone {@code ms} after the first: over UDP, by timer A. */
  private int sent(long ms) {
    if (hop != SipTransport.UDP) {
      return 1;
    }
    int n = 1;
    for (long a = T1_MS; a <= ms; a = 2 * a + T1_MS) {
      n++;
    }
    return n;
  }

  /**
   * The offer with RFC 5547's attributes on its message stream, before the direction attribute: for
   * a push file-selector, file-transfer-id, file-disposition and file-date; for a pull
   * file-selector, file-transfer-id and the file-range to resume from.
   */
  private SessionDescription withFileAttributes(SessionDescription offer) {
    List<SdpLine> extra = new ArrayList<>();
    if (options.pushSelector() != null) {
      extra.add(SdpLine.of('a', "file-selector:" + options.pushSelector()));
      extra.add(SdpLine.of('a', "file-transfer-id:" + options.fileTransferId()));
      extra.add(SdpLine.of('a', "file-disposition:attachment"));
      if (options.pushDate() != null) {
        extra.add(SdpLine.of('a', "file-date:" + options.pushDate()));
      }
    } else {
      extra.add(SdpLine.of('a', "file-selector:" + options.pullSelector()));
      extra.add(SdpLine.of('a', "file-transfer-id:" + options.fileTransferId()));
      if (options.pullRange() != null) {
        extra.add(SdpLine.of('a', "file-range:" + options.pullRange()));
      }
    }
    return FileAttributes.insert(offer, 0, extra);
  }

  private void provisional(Response r) {
    provisional = true;
    heard = true;
    if (cancelRequested && !cancelSent) {
      sendCancel();
    }
  }

  /**
   * The agent is closing: the application's future fails with {@code CLOSED} and a ringing INVITE
   * is cancelled, CANCEL going once a provisional response came (RFC 3261 §9.1), however late the
   * application's own cancel and that response come. Completes once the CANCEL went or the final
   * response came, for the agent to stop only then.
   */
  CompletableFuture<Void> agentClosing() {
    result.completeExceptionally(new SipFailure(SipFailure.Kind.CLOSED, "closed"));
    cancel();
    if (waitingToRetry) {
      settled.complete(null);
    }
    return settled;
  }

  private void cancel() {
    cancelRequested = true;
    if (!answered && provisional && !cancelSent) {
      sendCancel();
    }
  }

  private void sendCancel() {
    cancelSent = true;
    try {
      ClientTransaction invite = attempt.transaction();
      Request cancel = invite.createCancel();
      ctx.sip().provider.getNewClientTransaction(cancel).sendRequest();
    } catch (javax.sip.SipException | RuntimeException e) {
      LOG.debug("CANCEL not sent: {}", e.toString());
    }
    settled.complete(null);
  }

  private void finalResponse(Response r, Throwable e) {
    if (e == null && retryLater(r)) {
      return;
    }
    answered = true;
    ctx.dialogs().forget(this);
    settled.complete(null);
    if (e != null) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      fail(heard ? cause : unanswered(cause));
      return;
    }
    int code = r.getStatusCode();
    if (code >= 300) {
      fail(SipFailure.of(new SipStatus(code, r.getReasonPhrase()), "INVITE to " + target));
      return;
    }
    Dialog dialog = attempt.transaction().getDialog();
    chat.dialog(dialog);
    if (result.isDone()) { // cancelled, but the 2xx crossed the CANCEL: ACK, then BYE
      ack(dialog, r);
      chat.established();
      chat.end(SessionEnd.Reason.LOCAL_BYE, null);
      return;
    }
    MessageSessionPlan plan;
    String why = "no usable message stream in the answer";
    try {
      byte[] body = r.getRawContent();
      if (body == null) {
        throw new IllegalArgumentException("the 200 has no SDP answer");
      }
      List<MessageSessionPlan> plans = negotiator.acceptAnswer(SessionDescription.parse(body));
      plan = plans.stream().filter(p -> !p.refused()).findFirst().orElse(null);
      for (MessageSessionPlan p : plans) {
        why += p.refused() ? "; " + p.reason() : "";
      }
    } catch (IllegalArgumentException | IllegalStateException ex) {
      plan = null;
      why += ": " + ex.getMessage();
    }
    if (plan == null || (plan.tls() && !ctx.relayTls()) || plan.transport().websocket()) {
      ack(dialog, r);
      chat.end(SessionEnd.Reason.MEDIA_FAILED, why);
      result.completeExceptionally(new SipFailure(SipFailure.Kind.NOT_ACCEPTABLE, why));
      return;
    }
    boolean sipMode = plan.mode() == MessageSessionPlan.Mode.SIP_MESSAGE;
    if (sipMode != (sipMedia != null)) {
      ack(dialog, r);
      String wrongMode = "the answer's mode is not the one offered";
      chat.end(SessionEnd.Reason.MEDIA_FAILED, wrongMode);
      result.completeExceptionally(new SipFailure(SipFailure.Kind.NOT_ACCEPTABLE, wrongMode));
      return;
    }
    if (sipMode) {
      chat.negotiator(negotiator, plan);
      sipMedia.remote(plan.remoteSipUri());
      ack(dialog, r);
      up();
      return;
    }
    chat.negotiator(negotiator, plan);
    if (options.pullSink() != null) {
      // Before the ACK, so before the sender may send: what the sender says of the file.
      options.pullSink().described(plan.fileSelector());
    }
    msrpMedia.session().remotePath(plan.remotePath());
    // Through a relay this end binds its session on the relay connection whatever its role.
    if (!plan.connects() && !msrpMedia.relayed()) {
      ack(dialog, r); // the answerer connected before it sent the 200
      up();
      return;
    }
    // Connect and bind first, then ACK: the answerer's session is bound when the ACK arrives.
    MsrpUri first = msrpMedia.relayed() ? ctx.relay().usePath().get(0) : plan.remotePath().get(0);
    msrpMedia
        .connect()
        .whenCompleteAsync(
            (v, ce) -> {
              ack(dialog, r);
              if (ce == null) {
                up();
              } else {
                String failed =
                    "MSRP connection to "
                        + first.host()
                        + ":"
                        + first.port()
                        + " failed: "
                        + rootMessage(ce);
                chat.established();
                chat.end(SessionEnd.Reason.MEDIA_FAILED, failed);
                result.completeExceptionally(new SipFailure(SipFailure.Kind.MEDIA, 0, failed, ce));
              }
            },
            ctx.loop());
  }

  /**
   * An INVITE nothing ever answered, not even with a provisional response, and whose transaction
   * timed out (RFC 3261 timer B): the target is not reachable, as a refused connection is.
   */
  private Throwable unanswered(Throwable cause) {
    if (!(cause instanceof SipFailure f) || f.kind() != SipFailure.Kind.TIMEOUT || retries > 0) {
      return cause;
    }
    long ms = 64 * T1_MS;
    return new SipFailure(
        SipFailure.Kind.UNREACHABLE,
        0,
        "no answer from "
            + ctx.transactions().hop(attempt.request)
            + " in "
            + ms / 1000
            + " s"
            + (hop == SipTransport.UDP ? ", INVITE sent " + sent(ms) + " times" : ""),
        cause);
  }

  /**
   * A 503 with a Retry-After of at most {@link #MAX_RETRY_AFTER_SECONDS} (a callee busy setting up
   * other sessions, say): the INVITE goes again after that time, as a new transaction with the next
   * CSeq, at most {@link #MAX_RETRIES} times, unless cancelled meanwhile. True when it will.
   */
  private boolean retryLater(Response r) {
    if (r.getStatusCode() != Response.SERVICE_UNAVAILABLE
        || retries >= MAX_RETRIES
        || result.isDone()
        || cancelRequested) {
      return false;
    }
    javax.sip.header.RetryAfterHeader h =
        (javax.sip.header.RetryAfterHeader) r.getHeader(javax.sip.header.RetryAfterHeader.NAME);
    if (h == null || h.getRetryAfter() > MAX_RETRY_AFTER_SECONDS) {
      return false;
    }
    retries++;
    waitingToRetry = true;
    provisional = false;
    LOG.debug("INVITE to {}: 503, again in {} s", target, h.getRetryAfter());
    Request again = (Request) attempt.request.clone();
    try {
      CSeqHeader cseq = (CSeqHeader) again.getHeader(CSeqHeader.NAME);
      cseq.setSeqNumber(cseq.getSeqNumber() + 1);
    } catch (javax.sip.InvalidArgumentException ex) {
      return false;
    }
    ((javax.sip.header.ViaHeader) again.getHeader(javax.sip.header.ViaHeader.NAME))
        .removeParameter("branch");
    Response refusal = r;
    if (ctx.schedule(() -> retry(again, refusal), h.getRetryAfter(), TimeUnit.SECONDS) == null) {
      return false; // the agent is closing
    }
    return true;
  }

  private void retry(Request again, Response refusal) {
    waitingToRetry = false;
    if (result.isDone() || cancelRequested) {
      answered = true;
      fail(SipFailure.of(new SipStatus(503, refusal.getReasonPhrase()), "INVITE to " + target));
      return;
    }
    attempt = ctx.transactions().send(again, this::provisional);
    attempt.result.whenCompleteAsync(this::finalResponse, ctx.loop());
  }

  private void up() {
    chat.established();
    if (!result.complete(chat)) {
      chat.end(SessionEnd.Reason.LOCAL_BYE, null);
    }
  }

  private void ack(Dialog dialog, Response r) {
    chat.established();
    try {
      long n = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber();
      Request ack = dialog.createAck(n);
      ctx.sip().webSocketRoutes.routeAck(ack);
      dialog.sendAck(ack);
    } catch (javax.sip.SipException | javax.sip.InvalidArgumentException e) {
      LOG.debug("ACK not sent: {}", e.toString());
    }
  }

  private void fail(Throwable e) {
    ctx.dialogs().forget(this);
    settled.complete(null);
    if (chat != null) {
      chat.discard(e.getMessage());
    } else {
      if (msrpMedia != null) {
        msrpMedia.close();
      }
      if (sipMedia != null) {
        sipMedia.close();
      }
    }
    result.completeExceptionally(e);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
