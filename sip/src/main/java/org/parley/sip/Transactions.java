package org.parley.sip;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client transactions of an agent: sends a request, hands provisional responses to whoever asked,
 * answers 401/407 challenges with digest credentials (a new transaction with the next CSeq) when
 * they are for one of the configured realms (a challenge for any other realm is not answered: the
 * request fails with it), and completes with the final response; fails with {@link SipFailure} on
 * time-out or when the next hop cannot be reached. Every method but {@link #send} runs on the
 * agent's thread.
 */
final class Transactions {
  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

  /** Challenges answered per request: a second one means the credentials were refused. */
  private static final int MAX_CHALLENGES = 2;

  private final JainSip sip;
  private final Credentials credentials;
  private final Set<String> realms;

  /** {@code realms}: those whose challenges are answered ({@link SipConfig#challengeRealms}). */
  Transactions(JainSip sip, Credentials credentials, Set<String> realms) {
    this.sip = sip;
    this.credentials = credentials;
    this.realms = realms;
  }

  /** A request on its way, with what to do as responses come. */
  static final class Attempt {
    final CompletableFuture<Response> result = new CompletableFuture<>();
    final Dialog dialog;
    final LongSupplier nextCSeq;
    final Consumer<Response> provisional;
    Request request;
    int challenges;
    volatile ClientTransaction transaction;

    Attempt(Request request, Dialog dialog, LongSupplier nextCSeq, Consumer<Response> provisional) {
      this.request = request;
      this.dialog = dialog;
      this.nextCSeq = nextCSeq;
      this.provisional = provisional;
    }

    /** The transaction of the latest try (for CANCEL). */
    ClientTransaction transaction() {
      return transaction;
    }
  }

  /** Sends a request outside any dialog; a retry after a challenge takes the next CSeq. */
  Attempt send(Request request, Consumer<Response> provisional) {
    long first = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    long[] next = {first};
    return send(request, null, () -> ++next[0], provisional);
  }

  /**
   * Sends a request: within {@code dialog} when not null (the request made by {@link
   * Dialog#createRequest}), else outside; {@code nextCSeq} gives the CSeq of a retry.
   */
  Attempt send(
      Request request, Dialog dialog, LongSupplier nextCSeq, Consumer<Response> provisional) {
    Attempt a = new Attempt(request, dialog, nextCSeq, provisional);
    start(a, request);
    return a;
  }

  private void start(Attempt a, Request request) {
    a.request = request;
    JainSip.connectFailure(); // forget an earlier one: only this request's connect counts
    try {
      sip.webSocketRoutes.route(request); // to a browser: over its connection
      ClientTransaction ct = sip.provider.getNewClientTransaction(request);
      ct.setApplicationData(a);
      a.transaction = ct;
      if (a.dialog != null) {
        a.dialog.sendRequest(ct);
      } else {
        ct.sendRequest();
      }
    } catch (SipException | RuntimeException e) {
      IOException connect = JainSip.connectFailure();
      a.result.completeExceptionally(
          connect != null
              ? new SipFailure(
                  SipFailure.Kind.UNREACHABLE, 0, notConnected(request, connect), connect)
              : new SipFailure(
                  SipFailure.Kind.UNREACHABLE,
                  0,
                  request.getMethod()
                      + " to "
                      + request.getRequestURI()
                      + " not sent: "
                      + reason(e),
                  e));
    }
  }

  /** The next hop refused the connection, has no route, or did not answer it: in words. */
  private String notConnected(Request request, IOException e) {
    String hop = hop(request);
    if (e instanceof ConnectException) {
      return "connection refused at " + hop + ": nothing listens there";
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to " + hop;
    }
    if (e instanceof SocketTimeoutException) {
      return "no answer to the connection to " + hop + " within 8 s";
    }
    return "cannot connect to " + hop + ": " + reason(e);
  }

  /** Where the request goes first, as {@code 127.0.0.1:5062 (SIP over TCP)}. */
  String hop(Request request) {
    String where;
    SipTransport transport;
    org.parley.sdp.SipUri proxy = sip.config.outboundProxy();
    if (proxy != null) {
      where = proxy.host() + ":" + proxy.portOrDefault();
      transport = SipTransport.of(proxy.transport());
    } else if (request.getRequestURI() instanceof javax.sip.address.SipURI u) {
      where = u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
      transport = sip.hopTransport(u);
    } else {
      return request.getRequestURI().toString();
    }
    return where + " (SIP over " + transport.token().toUpperCase(java.util.Locale.ROOT) + ")";
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /** A response arrived (on the agent's thread). */
  void response(ResponseEvent event) {
    ClientTransaction ct = event.getClientTransaction();
    if (ct == null || !(ct.getApplicationData() instanceof Attempt)) {
      return; // a stray response, or a 2xx retransmission JAIN-SIP has already acknowledged
    }
    Attempt a = (Attempt) ct.getApplicationData();
    Response r = event.getResponse();
    int code = r.getStatusCode();
    if (code < 200) {
      if (a.provisional != null) {
        a.provisional.accept(r);
      }
      return;
    }
    if ((code == 401 || code == 407) && credentials != null && a.challenges < MAX_CHALLENGES) {
      a.challenges++;
      try {
        Request next = authorized(a, r);
        if (next != null) {
          start(a, next);
          return;
        }
        LOG.debug("a challenge for a realm not ours ({}): not answered", realms);
      } catch (ParseException | SipException e) {
        LOG.debug("cannot answer the challenge: {}", e.getMessage());
      }
    }
    a.result.complete(r);
  }

  /** A transaction timed out (on the agent's thread). */
  void timeout(TimeoutEvent event) {
    ClientTransaction ct = event.getClientTransaction();
    if (ct != null && ct.getApplicationData() instanceof Attempt) {
      Attempt a = (Attempt) ct.getApplicationData();
      a.result.completeExceptionally(
          new SipFailure(
              SipFailure.Kind.TIMEOUT,
              408,
              a.request.getMethod() + " to " + a.request.getRequestURI() + ": no response",
              null));
    }
  }

  /**
   * The request again, with the next CSeq and the answers to the challenges in {@code r} for our
   * realms; null when none is for our realms.
   */
  private Request authorized(Attempt a, Response r) throws ParseException, SipException {
    boolean proxy = r.getStatusCode() == 407;
    String challengeName = proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME;
    List<WWWAuthenticateHeader> ours = new ArrayList<>();
    for (ListIterator<?> it = r.getHeaders(challengeName); it.hasNext(); ) {
      WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) it.next();
      if (challenge.getRealm() != null && realms.contains(challenge.getRealm())) {
        ours.add(challenge);
      }
    }
    if (ours.isEmpty()) {
      return null;
    }
    Request next;
    if (a.dialog != null) {
      next = a.dialog.createRequest(a.request.getMethod());
      if (a.request.getRawContent() != null) {
        next.setContent(
            a.request.getRawContent(),
            (ContentTypeHeader) a.request.getHeader(ContentTypeHeader.NAME));
      }
    } else {
      next = (Request) a.request.clone();
      CSeqHeader cseq = (CSeqHeader) next.getHeader(CSeqHeader.NAME);
      try {
        cseq.setSeqNumber(a.nextCSeq.getAsLong());
      } catch (javax.sip.InvalidArgumentException e) {
        throw new ParseException(e.getMessage(), 0);
      }
      ((ViaHeader) next.getHeader(ViaHeader.NAME)).removeParameter("branch");
    }
    String answerName = proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME;
    next.removeHeader(answerName);
    for (WWWAuthenticateHeader challenge : ours) {
      next.addHeader(
          DigestAnswer.answer(
              sip.headers, challenge, proxy, credentials, next.getMethod(), next.getRequestURI()));
    }
    return next;
  }
}
