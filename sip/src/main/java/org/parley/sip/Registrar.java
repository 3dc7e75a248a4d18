package org.parley.sip;

import java.util.ListIterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's registration (RFC 3261 §10.2): REGISTER with one Call-ID and increasing CSeq, a
 * refresh at four fifths of the time granted, a retry 30 seconds after a failure, and an
 * un-register (Expires 0) on close. Runs on the agent's thread.
 */
final class Registrar {
  private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
  private static final long RETRY_SECONDS = 30;

  private final AgentContext ctx;
  private final Registration registration;
  private final String callId = JainSip.token(12);
  private final String fromTag = JainSip.token(6);
  private final CompletableFuture<Void> first = new CompletableFuture<>();
  private long cseq;
  private ScheduledFuture<?> timer;
  private boolean closed;

  Registrar(AgentContext ctx, Registration registration) {
    this.ctx = ctx;
    this.registration = registration;
  }

  /** Completes at the first 2xx; fails with the first failure. */
  CompletableFuture<Void> registered() {
    return first;
  }

  void start() {
    register(registration.expires().toSeconds()).whenCompleteAsync(this::registered, ctx.loop());
  }

  /** Removes the binding; completes when the registrar answered (or the request failed). */
  CompletableFuture<Void> unregister() {
    closed = true;
    if (timer != null) {
      timer.cancel(false);
    }
    if (!first.isDone() || first.isCompletedExceptionally()) {
      return CompletableFuture.completedFuture(null);
    }
    return register(0).handle((r, e) -> null);
  }

  private CompletableFuture<Response> register(long expires) {
    JainSip sip = ctx.sip();
    try {
      SipURI registrar = sip.target(registration.registrar().toString());
      String aor = ctx.config().address().toString();
      Request r =
          sip.request(
              Request.REGISTER,
              registrar,
              sip.address(aor),
              fromTag,
              sip.address(aor),
              callId,
              ++cseq,
              null,
              null);
      ContactHeader contact = sip.contact();
      contact.setExpires((int) expires);
      r.addHeader(contact);
      r.addHeader(sip.headers.createExpiresHeader((int) expires));
      return ctx.transactions().send(r, null, () -> ++cseq, null).result;
    } catch (InvalidArgumentException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void registered(Response r, Throwable e) {
    if (closed) {
      return;
    }
    if (e == null && r.getStatusCode() >= 200 && r.getStatusCode() < 300) {
      long granted = granted(r);
      LOG.debug("registered at {} for {} s", registration.registrar(), granted);
      first.complete(null);
      schedule(Math.max(1, granted * 4 / 5));
      return;
    }
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    SipFailure failure =
        cause != null
            ? (cause instanceof SipFailure
                ? (SipFailure) cause
                : new SipFailure(SipFailure.Kind.UNREACHABLE, 0, "REGISTER failed", cause))
            : SipFailure.of(new SipStatus(r.getStatusCode(), r.getReasonPhrase()), "REGISTER");
    LOG.debug("registration failed: {}", failure.getMessage());
    first.completeExceptionally(failure);
    schedule(RETRY_SECONDS);
  }

  private void schedule(long seconds) {
    timer = ctx.schedule(this::start, seconds, TimeUnit.SECONDS);
  }

  /** The lifetime granted: our Contact's expires, else Expires, else what was asked. */
  private long granted(Response r) {
    String ours = ctx.sip().contact().getAddress().getURI().toString();
    for (ListIterator<?> it = r.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
      ContactHeader c = (ContactHeader) it.next();
      if (c.getAddress().getURI().toString().equals(ours) && c.getExpires() >= 0) {
        return c.getExpires();
      }
    }
    ExpiresHeader ex = (ExpiresHeader) r.getHeader(ExpiresHeader.NAME);
    return ex != null ? ex.getExpires() : registration.expires().toSeconds();
  }
}
