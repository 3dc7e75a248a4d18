package org.parley.sip;

import java.text.ParseException;
import java.util.ListIterator;
import java.util.concurrent.CompletableFuture;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/** Pager mode (RFC 3428): MESSAGE requests outside any session. */
final class Pager {
  /** RFC 3428 §8: without congestion control the whole request must fit in 1300 bytes. */
  static final int UDP_LIMIT = 1300;

  /** The Via branch parameter JAIN-SIP adds when it sends (";branch=z9hG4bK" and an id). */
  private static final int VIA_BRANCH_ALLOWANCE = 48;

  private Pager() {}

  /** Sends one MESSAGE; completes with the 2xx, or fails with {@link SipFailure}. */
  static CompletableFuture<SipStatus> send(
      AgentContext ctx, String uri, String contentType, byte[] body) {
    JainSip sip = ctx.sip();
    Request r;
    try {
      SipURI target = sip.target(uri);
      r =
          sip.request(
              Request.MESSAGE,
              target,
              sip.address(ctx.config().address().toString()),
              JainSip.token(6),
              sip.address(uri),
              JainSip.token(12),
              1,
              contentType,
              body);
      checkSize(sip, target, r);
    } catch (IllegalArgumentException | SipFailure e) {
      return CompletableFuture.failedFuture(e);
    }
    return ctx.transactions()
        .send(r, null)
        .result
        .thenApply(
            response -> {
              SipStatus status =
                  new SipStatus(response.getStatusCode(), response.getReasonPhrase());
              if (!status.success()) {
                throw SipFailure.of(status, "MESSAGE to " + uri);
              }
              return status;
            });
  }

  /**
   * Refuses a request larger than 1300 bytes whose first hop is UDP (RFC 3428 §8).
   *
   * @throws SipFailure TOO_LARGE, with the way out
   */
  static void checkSize(JainSip sip, SipURI target, Request r) {
    if (sip.hopTransport(target) != SipTransport.UDP) {
      return;
    }
    String text = r.toString();
    byte[] raw = r.getRawContent();
    int size = text.indexOf("\r\n\r\n") + 4 + (raw == null ? 0 : raw.length) + VIA_BRANCH_ALLOWANCE;
    if (size > UDP_LIMIT) {
      throw new SipFailure(
          SipFailure.Kind.TOO_LARGE,
          "a MESSAGE of "
              + size
              + " bytes cannot go over UDP (RFC 3428 limits it to "
              + UDP_LIMIT
              + "): send it in a session (invite), or over TCP (;transport=tcp)");
    }
  }

  /** The message as the application gets it. */
  static PagerMessage of(Request request) {
    URI from = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
    return new PagerMessage(
        from.toString(),
        ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI().toString(),
        contentType(request),
        body(request),
        replyTo(request, from));
  }

  /** See {@link PagerMessage#replyTo}. */
  static String replyTo(Request request, URI from) {
    ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
    if (contact != null
        && contact.getAddress() != null
        && contact.getAddress().getURI().isSipURI()) {
      return contact.getAddress().getURI().toString();
    }
    ListIterator<?> vias = request.getHeaders(ViaHeader.NAME);
    ViaHeader via = vias.hasNext() ? (ViaHeader) vias.next() : null;
    if (via == null || vias.hasNext() || !from.isSipURI()) {
      return from.toString();
    }
    try {
      SipURI at = (SipURI) from.clone();
      at.setHost(via.getReceived() != null ? via.getReceived() : via.getHost());
      int port = via.getRPort() > 0 ? via.getRPort() : via.getPort();
      if (port > 0) {
        at.setPort(port);
      } else {
        at.removePort();
      }
      at.removeParameter("transport");
      String transport = via.getTransport();
      if (transport != null && !transport.equalsIgnoreCase("udp")) {
        at.setTransportParam(transport.toLowerCase(java.util.Locale.ROOT));
      }
      return at.toString();
    } catch (ParseException | RuntimeException e) {
      return from.toString();
    }
  }

  static String contentType(Request request) {
    ContentTypeHeader h = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
    if (h == null) {
      return "text/plain";
    }
    String text = h.toString();
    int colon = text.indexOf(':');
    return text.substring(colon + 1).trim();
  }

  static byte[] body(Request request) {
    byte[] b = request.getRawContent();
    return b == null ? new byte[0] : b;
  }
}
