package org.parley.sip;

import gov.nist.javax.sip.message.SIPMessage;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sip.SipException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Where a browser's dialogs are reached: a browser takes no connections and names itself by a
 * {@code .invalid} host (RFC 7118 §5), so the agent's own requests in a dialog it started over a
 * WebSocket (a BYE, a re-INVITE) carry a Route to the address of that WebSocket connection, which
 * the RI's NIO processor still holds. (The RI could rewrite the browser's Via and Contact to that
 * address instead, but browsers drop responses whose Via is not the one they sent.) Learned from
 * the dialog's INVITE, by Call-ID; and by the {@code .invalid} host of the browser's Contact, so
 * that a request outside those dialogs (a file pushed to the browser, RFC 5547) and the dialog it
 * starts reach the browser too while its connection lasts. At most {@link #MAX} of each remembered,
 * the oldest forgotten first.
 */
final class WebSocketRoutes {
  static final int MAX = 4096;

  private final AddressFactory addresses;
  private final HeaderFactory headers;

  // Guarded by this (requests come on the RI's threads, ours go from the agent's).
  private final Map<String, String> byCallId = bounded();
  private final Map<String, String> byContactHost = bounded();

  WebSocketRoutes(AddressFactory addresses, HeaderFactory headers) {
    this.addresses = addresses;
    this.headers = headers;
  }

  /**
   * Notes the connection an INVITE came over when it came over a WebSocket: only INVITEs, which
   * start (or renew) the dialogs whose requests this routes, so that other requests cannot fill or
   * overwrite the tables.
   */
  void learn(Request r) {
    ViaHeader via = (ViaHeader) r.getHeader(ViaHeader.NAME);
    if (via == null || !(r instanceof SIPMessage m) || !Request.INVITE.equals(r.getMethod())) {
      return;
    }
    String transport = via.getTransport();
    if (!"WS".equalsIgnoreCase(transport) && !"WSS".equalsIgnoreCase(transport)) {
      return;
    }
    InetAddress from = m.getRemoteAddress();
    if (from == null) {
      return;
    }
    String host = from.getHostAddress();
    String route =
        (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
            + ":"
            + m.getRemotePort()
            + ";"
            + transport.toLowerCase(Locale.ROOT);
    String contactHost = invalidHost(r.getHeader(ContactHeader.NAME));
    synchronized (this) {
      byCallId.put(JainSip.callId(r), route);
      if (contactHost != null) {
        byContactHost.put(contactHost, route);
      }
    }
  }

  /** Adds the Route to the browser's connection to an ACK of one of its dialogs. */
  void routeAck(Request ack) {
    try {
      route(ack);
    } catch (SipException e) {
      // Sent as the dialog says, then: it fails as it would have without a route.
    }
  }

  /**
   * Adds the Route to the browser's connection to a request of one of its dialogs, or to one whose
   * Request-URI names a browser by the {@code .invalid} host of its Contact.
   */
  void route(Request r) throws SipException {
    if (r.getHeader(RouteHeader.NAME) != null) {
      return; // routed already (a retry of the same request)
    }
    String route;
    String host = r.getRequestURI() instanceof SipURI u ? u.getHost() : null;
    synchronized (this) {
      route = byCallId.get(JainSip.callId(r));
      if (route == null && host != null) {
        route = byContactHost.get(host.toLowerCase(Locale.ROOT));
      }
    }
    if (route == null) {
      return;
    }
    int semi = route.lastIndexOf(';');
    String hostPort = route.substring(0, semi);
    int colon = hostPort.lastIndexOf(':');
    try {
      SipURI uri = addresses.createSipURI(null, hostPort.substring(0, colon));
      uri.setPort(Integer.parseInt(hostPort.substring(colon + 1)));
      uri.setTransportParam(route.substring(semi + 1));
      uri.setLrParam();
      r.addFirst(headers.createRouteHeader(addresses.createAddress(uri)));
    } catch (ParseException | RuntimeException e) {
      throw new SipException("no route to the browser's connection: " + e.getMessage(), e);
    }
  }

  /** The host of a Contact when it is a browser's {@code .invalid} one (lower case), else null. */
  private static String invalidHost(javax.sip.header.Header h) {
    if (h instanceof ContactHeader c
        && c.getAddress() != null
        && c.getAddress().getURI() instanceof SipURI u
        && u.getHost() != null) {
      String host = u.getHost().toLowerCase(Locale.ROOT);
      return host.endsWith(".invalid") ? host : null;
    }
    return null;
  }

  private static Map<String, String> bounded() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> e) {
        return size() > MAX;
      }
    };
  }
}
