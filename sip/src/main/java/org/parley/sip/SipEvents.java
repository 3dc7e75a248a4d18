package org.parley.sip;

import java.util.concurrent.RejectedExecutionException;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's events, on JAIN-SIP's threads, handed to the agent's thread ({@link IncomingRequests},
 * {@link Transactions}). A new INVITE or MESSAGE first passes the agent's {@link Admission} ({@link
 * Gate}) here, before any transaction exists: a refusal is answered statelessly over UDP, so a
 * flood of refused requests costs only its answers. Events that come before the agent is wired
 * ({@link #wire}) are dropped.
 */
final class SipEvents implements javax.sip.SipListener {
  private static final Logger LOG = LoggerFactory.getLogger(SipEvents.class);

  private final Gate gate;
  private final SipListener listener;
  private volatile AgentContext ctx;
  private volatile IncomingRequests requests;

  SipEvents(Gate gate, SipListener listener) {
    this.gate = gate;
    this.listener = listener;
  }

  /** The agent is wired: events go to {@code requests} from now on. */
  void wire(AgentContext ctx, IncomingRequests requests) {
    this.ctx = ctx;
    this.requests = requests;
  }

  private void run(Runnable r) {
    try {
      ctx.loop().execute(r);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  @Override
  public void processRequest(RequestEvent event) {
    IncomingRequests in = requests;
    if (in == null) {
      return; // the agent is starting
    }
    Request r = event.getRequest();
    if (Request.ACK.equals(r.getMethod())) {
      run(() -> in.ack(r));
      return;
    }
    ServerTransaction st = event.getServerTransaction();
    if (st == null && Request.INVITE.equals(r.getMethod()) && JainSip.toTag(r) == null) {
      // A new INVITE: admitted here (stateless answers, no transaction kept for a refusal),
      // bounded on the agent's thread, where its transaction is made only if it is taken.
      if (!refusedAtTheGate(r)) {
        run(() -> in.newInvite(r));
      }
      return;
    }
    if (st == null
        && Request.MESSAGE.equals(r.getMethod())
        && JainSip.toTag(r) == null
        && !toSessionStream(r)
        && refusedAtTheGate(r)) {
      return;
    }
    if (st == null) {
      try {
        st = ctx.sip().provider.getNewServerTransaction(r);
      } catch (TransactionAlreadyExistsException e) {
        return; // a retransmission: the transaction answers it
      } catch (TransactionUnavailableException e) {
        LOG.debug("no server transaction for {}: {}", r.getMethod(), e.getMessage());
        return;
      }
    }
    ServerTransaction transaction = st;
    run(() -> in.request(r, transaction));
  }

  @Override
  public void processResponse(ResponseEvent event) {
    if (requests != null) {
      run(() -> ctx.transactions().response(event));
    }
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    if (requests != null && !event.isServerTransaction()) {
      run(() -> ctx.transactions().timeout(event));
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    LOG.debug("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {
    IncomingRequests in = requests;
    if (in != null) {
      Dialog d = event.getDialog();
      run(() -> in.dialogTerminated(d));
    }
  }

  /** A MESSAGE of a 2001-form session (to the URI its stream made), which its session answers. */
  private boolean toSessionStream(Request r) {
    return r.getRequestURI() instanceof SipURI
        && ctx.dialogs().stream(String.valueOf(((SipURI) r.getRequestURI()).getUser())) != null;
  }

  /**
   * Applies the {@link Admission} to a new INVITE or MESSAGE (on JAIN-SIP's thread): true when it
   * was refused (403, or 401 with a digest challenge), the answer sent.
   */
  private boolean refusedAtTheGate(Request r) {
    if (gate.open()) {
      return false;
    }
    Gate.Refusal no;
    try {
      no = gate.check(r);
    } catch (RuntimeException e) {
      LOG.debug("cannot check {}: {}", r.getMethod(), e.toString());
      ctx.responder().refuse(r, Response.BAD_REQUEST, null, null);
      return true;
    }
    if (no == null) {
      return false;
    }
    LOG.debug("{} from {}: {} ({})", r.getMethod(), Gate.from(r), no.status(), no.reason());
    ctx.responder()
        .refuse(
            r,
            no.status(),
            null,
            no.challenge() == null
                ? null
                : resp ->
                    resp.addHeader(
                        ctx.sip().headers.createHeader("WWW-Authenticate", no.challenge())));
    if (no.status() == Response.FORBIDDEN) {
      SetupFailure f =
          new SetupFailure(Gate.from(r), JainSip.callId(r), Response.FORBIDDEN, no.reason());
      run(() -> IncomingRequests.tellRefused(listener, f));
    }
    return true;
  }
}
