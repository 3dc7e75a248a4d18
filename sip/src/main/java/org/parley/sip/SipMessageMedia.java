package org.parley.sip;

import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parley.msrp.session.MsrpSession;
import org.parley.sdp.SipUri;

/**
 * The 2001 MESSAGE-session form ({@code m=message <port> sip <SIP-URI>}): each message is a SIP
 * MESSAGE to the peer's URI, all with one Call-ID (the URI's {@code Call-ID} header when it names
 * one, else ours) and strictly increasing CSeq; one is sent only when the previous was answered, so
 * they arrive in order even over UDP. Incoming MESSAGEs are this session's when their Request-URI
 * user is the one this end put in its own URI and their Call-ID is the one it put there; a CSeq not
 * above the last one taken is answered 500 and dropped.
 */
final class SipMessageMedia implements Media {
  private final AgentContext ctx;
  private final SipUri localUri;
  private final String localUser;
  private final String incomingCallId;
  private final AtomicLong cseq = new AtomicLong();
  private final String fromTag = JainSip.token(6);
  private volatile SipUri remoteUri;
  private volatile String outgoingCallId;
  private volatile Chat chat;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  private long lastIncoming = -1;
  private volatile boolean closed;

  /** A stream whose own URI is made fresh: the agent's user and a token, our Call-ID in it. */
  SipMessageMedia(AgentContext ctx) {
    this.ctx = ctx;
    JainSip sip = ctx.sip();
    this.localUser = ctx.config().address().user() + "." + JainSip.token(4);
    this.incomingCallId = JainSip.token(12);
    String transport =
        ctx.config().defaultTransport() == SipTransport.UDP
            ? ""
            : ";transport=" + ctx.config().defaultTransport().token();
    this.localUri =
        SipUri.parse(
            "sip:"
                + localUser
                + "@"
                + sip.host()
                + ":"
                + sip.port
                + transport
                + "?Call-ID="
                + incomingCallId);
  }

  SipUri localUri() {
    return localUri;
  }

  String localUser() {
    return localUser;
  }

  /** The peer's URI from its offer or answer. */
  void remote(SipUri uri) {
    this.remoteUri = uri;
    this.outgoingCallId = uri.callId() != null ? uri.callId() : JainSip.token(12);
  }

  void chat(Chat chat) {
    this.chat = chat;
  }

  @Override
  public ChatMode mode() {
    return ChatMode.SIP_MESSAGE;
  }

  @Override
  public synchronized CompletableFuture<Void> send(String contentType, byte[] body) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new SipFailure(SipFailure.Kind.CLOSED, "the session has ended"));
    }
    CompletableFuture<Void> next =
        tail.handle((v, e) -> null).thenCompose(x -> sendOne(contentType, body));
    tail = next;
    return next;
  }

  private CompletableFuture<Void> sendOne(String contentType, byte[] body) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new SipFailure(SipFailure.Kind.CLOSED, "the session has ended"));
    }
    JainSip sip = ctx.sip();
    Request r;
    try {
      SipURI target = sip.target(remoteUri.toString());
      r =
          sip.request(
              Request.MESSAGE,
              target,
              sip.address(ctx.config().address().toString()),
              fromTag,
              sip.address(remoteUri.toString()),
              outgoingCallId,
              cseq.incrementAndGet(),
              contentType,
              body);
      Pager.checkSize(sip, target, r);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    } catch (SipFailure e) {
      return CompletableFuture.failedFuture(e);
    }
    return ctx.transactions()
        .send(r, null, cseq::incrementAndGet, null)
        .result
        .thenApply(
            response -> {
              SipStatus status =
                  new SipStatus(response.getStatusCode(), response.getReasonPhrase());
              if (!status.success()) {
                throw SipFailure.of(status, "MESSAGE in session");
              }
              return null;
            });
  }

  /** A MESSAGE for this stream's URI (on the agent's thread). */
  void receive(Request request, ServerTransaction st) throws ParseException {
    String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    long n = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    Chat c = chat;
    if (closed || c == null || !incomingCallId.equals(callId)) {
      ctx.respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
      return;
    }
    if (n <= lastIncoming) {
      ctx.respond(st, Response.SERVER_INTERNAL_ERROR, "CSeq not above " + lastIncoming);
      return;
    }
    lastIncoming = n;
    ctx.respond(st, Response.OK);
    c.deliver(new ChatMessage(Pager.contentType(request), Pager.body(request)));
  }

  @Override
  public Optional<MsrpSession> msrp() {
    return Optional.empty();
  }

  @Override
  public void close() {
    closed = true;
    ctx.dialogs().forget(this);
  }
}
