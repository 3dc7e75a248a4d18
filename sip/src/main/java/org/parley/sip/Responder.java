package org.parley.sip;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests as a UAS (RFC 3261 §8.2): through their server transaction, or, for a request
 * refused before any transaction was made, statelessly (§8.2.7). A response that cannot be sent is
 * logged, never thrown.
 */
final class Responder {
  private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

  /** The methods this agent takes, for Allow (RFC 3261 §20.5). */
  static final String ALLOW = "INVITE, ACK, CANCEL, BYE, MESSAGE, OPTIONS";

  private final JainSip sip;

  Responder(JainSip sip) {
    this.sip = sip;
  }

  /** What a refusal adds to its response. */
  interface Extra {
    void add(Response r) throws ParseException, InvalidArgumentException;
  }

  void respond(ServerTransaction st, int status) {
    respond(st, status, null, null);
  }

  void respond(ServerTransaction st, int status, String warning) {
    respond(st, status, warning, null);
  }

  /**
   * Answers a request; a To tag is added when the request had none (RFC 3261 §8.2.6.2), a Warning
   * (399) when {@code warning} is given, and Allow to 405 and to the 200 of an OPTIONS.
   */
  void respond(ServerTransaction st, int status, String warning, String toTag) {
    try {
      Response r = sip.messages.createResponse(status, st.getRequest());
      ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
      if (to.getTag() == null && status > 100) {
        to.setTag(toTag != null ? toTag : JainSip.token(6));
      }
      if (warning != null) {
        r.addHeader(sip.headers.createWarningHeader(sip.config.host(), 399, warning));
      }
      if (status == Response.METHOD_NOT_ALLOWED
          || (status == Response.OK && Request.OPTIONS.equals(st.getRequest().getMethod()))) {
        r.addHeader(sip.headers.createAllowHeader(ALLOW));
      }
      st.sendResponse(r);
    } catch (Exception e) {
      LOG.debug("response {} not sent: {}", status, e.toString());
    }
  }

  /**
   * Answers a request no transaction has been made for with an error, keeping no state over UDP (a
   * stateless UAS, RFC 3261 §8.2.7: the To tag is derived from the request, so a retransmission
   * gets the same answer); over TCP and TLS through a transaction of its own, whose answer goes
   * back on the request's connection (§18.2.2). Any thread.
   */
  void refuse(Request r, int status, String warning, Extra extra) {
    try {
      Response resp = sip.messages.createResponse(status, r);
      ToHeader to = (ToHeader) resp.getHeader(ToHeader.NAME);
      if (to.getTag() == null) {
        to.setTag(
            org.parley.msrp.auth.DigestAlgorithm.MD5
                .hash(JainSip.callId(r) + ":" + JainSip.branch(r))
                .substring(0, 12));
      }
      if (warning != null) {
        resp.addHeader(sip.headers.createWarningHeader(sip.config.host(), 399, warning));
      }
      if (extra != null) {
        extra.add(resp);
      }
      ViaHeader via = (ViaHeader) r.getHeader(ViaHeader.NAME);
      if ("UDP".equalsIgnoreCase(via.getTransport())) {
        sip.provider.sendResponse(resp);
      } else {
        sip.provider.getNewServerTransaction(r).sendResponse(resp);
      }
    } catch (TransactionAlreadyExistsException e) {
      // a retransmission over a reliable transport: its transaction answers it
    } catch (Exception e) {
      LOG.debug("{} to {} not sent: {}", status, r.getMethod(), e.toString());
    }
  }
}
