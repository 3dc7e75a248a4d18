package org.parley.relay;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;

/**
 * Decides what happens to each request the relay reads: the authorization rule of RFC 4976 §6.4,
 * which keeps the relay from ever being an open relay.
 *
 * <p>Let <i>first</i> be the first URI of To-Path.
 *
 * <ol>
 *   <li>When <i>first</i> is not one of the relay's URIs (scheme, host and port of a listener), the
 *       request was misrouted: the connection is dropped (RFC 4976 §6.2).
 *   <li>An AUTH whose To-Path is only <i>first</i> is for this relay (RFC 4976 §6.3): a new
 *       binding, or, when <i>first</i> is a Use-Path URI this connection holds, the refresh of that
 *       binding (another connection's URI: 403).
 *   <li>Otherwise <i>first</i> must be a live Use-Path URI <i>B</i> the relay handed out, else 481
 *       (unknown, expired, or its connection gone). Then exactly one of:
 *       <ul>
 *         <li><b>from its client</b>: the request came over <i>B</i>'s own connection (the previous
 *             hop is the one that authenticated). It goes to the next URI of To-Path, anywhere: a
 *             connection is reused or opened (TLS for msrps). When that next URI is another live
 *             binding of this relay, the request goes to that binding's connection; when it is the
 *             address (IP literal and port, same scheme) of a connection from a client that holds a
 *             binding, over that connection (RFC 4975 §6 connection reuse: a client without a relay
 *             of its own puts its own URI last in From-Path, and its REPORTs come back to it so).
 *         <li><b>towards its client</b>: it came over any other connection, authenticated or not.
 *             It goes over <i>B</i>'s connection and nowhere else, whatever the rest of To-Path
 *             says: someone who learned <i>B</i> can only reach the client that obtained it.
 *       </ul>
 * </ol>
 *
 * So a connection that has not authenticated can only deliver to this relay's clients, over their
 * own connections; it can never make the relay send anywhere else. A To-Path ending at the relay
 * (nothing after <i>B</i>) gets 481: the relay is not an endpoint. Each forwarded request has
 * <i>first</i> taken off To-Path and put first in From-Path (RFC 4976 §3).
 */
final class Router {
  private static final Set<RelayMetrics.Direction> FROM_CLIENT =
      Set.of(RelayMetrics.Direction.FROM_CLIENT);
  private static final Set<RelayMetrics.Direction> TO_CLIENT =
      Set.of(RelayMetrics.Direction.TO_CLIENT);

  /** From one client of this relay to another: out through one's Use-Path, written to the other. */
  private static final Set<RelayMetrics.Direction> FROM_AND_TO_CLIENT =
      Set.of(RelayMetrics.Direction.FROM_CLIENT, RelayMetrics.Direction.TO_CLIENT);

  private final Relay relay;

  Router(Relay relay) {
    this.relay = relay;
  }

  /** Routes a request read on {@code p}; returns where its body and end go. */
  Inbound route(Peer p, MsrpRequest request) {
    List<MsrpUri> to = request.toPath();
    MsrpUri first = to.get(0);
    boolean auth = request.method().equals(MsrpMethod.AUTH);
    Binding b = relay.bindings().find(first);
    if (b == null) {
      if (!relay.isOurs(first, auth)) {
        p.close("request not addressed to this relay");
        return Inbound.DISCARD;
      }
      if (auth && to.size() == 1) {
        return new Authenticator.AuthFrame(request);
      }
      return refuse(p, request, 481, "Session Does Not Exist");
    }
    if (auth && to.size() == 1) {
      if (b.owner() != p) {
        return refuse(p, request, 403, "Forbidden");
      }
      return new Authenticator.AuthFrame(request);
    }
    if (to.size() < 2) {
      return refuse(p, request, 481, "Session Does Not Exist");
    }
    List<MsrpUri> rest = to.subList(1, to.size());
    if (b.owner() != p) {
      return forward(p, request, List.of(first), b.owner().out(), null, TO_CLIENT);
    }
    MsrpUri next = rest.get(0);
    Binding b2 = relay.bindings().find(next);
    if (b2 != null) {
      if (rest.size() < 2) {
        return refuse(p, request, 481, "Session Does Not Exist");
      }
      return forward(p, request, List.of(first, next), b2.owner().out(), null, FROM_AND_TO_CLIENT);
    }
    if (relay.isOurs(next, false)) {
      return refuse(p, request, 481, "Session Does Not Exist");
    }
    if (RelayConfig.isWebSocket(next)) {
      // A WebSocket client takes no connections: it is reached only through its own binding.
      return refuse(p, request, 403, "Forbidden");
    }
    Peer direct = relay.bindings().clientAt(next);
    if (direct != null) {
      return forward(p, request, List.of(first), direct.out(), null, TO_CLIENT);
    }
    return forward(p, request, List.of(first), null, next, FROM_CLIENT);
  }

  private static Inbound refuse(Peer p, MsrpRequest request, int code, String comment) {
    p.answer(request, code, comment);
    p.countFailure();
    return Inbound.DISCARD;
  }

  private Inbound forward(
      Peer p,
      MsrpRequest request,
      List<MsrpUri> hops,
      Outbound target,
      MsrpUri nextHop,
      Set<RelayMetrics.Direction> directions) {
    Forward f = new Forward(relay, p, request, hops, directions);
    p.succeeded();
    if (target != null) {
      f.attach(target);
      return f;
    }
    // A hop with more URIs after it, or an AUTH's hop, is another relay (RFC 4976 §5).
    boolean relayHop =
        request.toPath().size() > hops.size() + 1 || request.method().equals(MsrpMethod.AUTH);
    CompletableFuture<Peer> c = relay.nextHops().connection(nextHop, relayHop);
    if (c.isDone() && !c.isCompletedExceptionally()) {
      f.attach(c.join().out());
      return f;
    }
    c.whenComplete(
        (peer, error) ->
            p.channel()
                .eventLoop()
                .execute(
                    () -> {
                      if (error != null) {
                        relay.log().nextHopFailed(nextHop, error);
                        f.fail(408, "Next Hop Unreachable");
                      } else {
                        f.attach(peer.out());
                      }
                      p.wake();
                    }));
    return f;
  }
}
