package org.parley.relay;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.msrp.Hosts;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;

/**
 * The connections the relay opens to next hops, one per scheme, host and port, reused by every
 * request going there while open (RFC 4976 §5.2, §6.4.2). {@code msrps} next hops are reached over
 * TLS and their certificate checked against the configured fingerprints, or the JDK's trust store.
 * Every address is checked by the {@link NextHopPolicy} after resolution, before connecting.
 *
 * <p>Bounds: at most {@link RelayLimits#maxConnections} next hops known at once (open or being
 * opened); a next hop that failed is forgotten at once, so the next request tries again. Host names
 * are resolved on a pool of {@value #RESOLVERS} threads of their own (never on an event loop), at
 * most {@value #RESOLVE_QUEUE} names waiting, one look-up per name at a time, each given {@value
 * #RESOLVE_SECONDS} s: a name that resolves slowly holds one thread and the requests for that name,
 * not every client's next hop.
 */
final class NextHops implements AutoCloseable {
  /** The port of an msrps URI without one (RFC 4976 §8). */
  static final int DEFAULT_PORT = 2855;

  static final int RESOLVERS = 4;
  static final int RESOLVE_QUEUE = 256;
  static final int RESOLVE_SECONDS = 10;

  private final Relay relay;
  private final MsrpTransport transport;
  private final FrameHandler handler;
  private final MsrpTls tls;
  private final NextHopPolicy policy;
  private final Map<String, CompletableFuture<Peer>> open = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<InetAddress>> lookups = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor resolver;

  NextHops(
      Relay relay,
      MsrpTransport transport,
      FrameHandler handler,
      MsrpTls tls,
      NextHopPolicy policy) {
    this.relay = relay;
    this.transport = transport;
    this.handler = handler;
    this.tls = tls;
    this.policy = policy;
    AtomicInteger n = new AtomicInteger();
    this.resolver =
        new ThreadPoolExecutor(
            RESOLVERS,
            RESOLVERS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(RESOLVE_QUEUE),
            r -> {
              Thread t = new Thread(r, "parley-relay-resolver-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    resolver.allowCoreThreadTimeOut(true);
  }

  /**
   * The open connection to {@code uri}'s host and port, or a new one.
   *
   * @param relayHop more URIs follow {@code uri} in To-Path: it is another relay
   */
  CompletableFuture<Peer> connection(MsrpUri uri, boolean relayHop) {
    String refused = policy.schemeRefusal(uri.secure(), relayHop);
    if (refused != null) {
      return refuse(refused);
    }
    int port = uri.hasPort() ? uri.port() : DEFAULT_PORT;
    String key = uri.scheme() + "://" + uri.host().toLowerCase(Locale.ROOT) + ":" + port;
    CompletableFuture<Peer> fresh = new CompletableFuture<>();
    CompletableFuture<Peer> known = open.compute(key, (k, f) -> usable(f) ? f : fresh);
    if (known != fresh) {
      return known;
    }
    if (open.size() > relay.limits().maxConnections()) {
      open.remove(key, fresh);
      return refuse("more next hops than limits.connections");
    }
    relay.log().connecting(key);
    connect(uri, port)
        .whenComplete(
            (p, e) -> {
              if (e != null) {
                open.remove(key, fresh); // forgotten: the next request tries again
                relay.metrics().nextHopFailures.increment();
                fresh.completeExceptionally(e);
              } else {
                fresh.complete(p);
              }
            });
    return fresh;
  }

  private static boolean usable(CompletableFuture<Peer> f) {
    return f != null && !f.isCompletedExceptionally() && !(f.isDone() && !f.join().open());
  }

  private CompletableFuture<Peer> refuse(String why) {
    relay.metrics().nextHopFailures.increment();
    return CompletableFuture.failedFuture(new NextHopRefused(why));
  }

  private CompletableFuture<Peer> connect(MsrpUri uri, int port) {
    return address(uri.host())
        .thenCompose(
            a -> {
              String refused = policy.refusal(a, port, relay.own());
              if (refused != null) {
                throw new NextHopRefused(a.getHostAddress() + ":" + port + ": " + refused);
              }
              return transport.connect(
                  new InetSocketAddress(a, port), uri.secure() ? tls : null, handler);
            })
        .thenApply(
            c -> {
              Peer p = relay.peer(c);
              if (p == null) {
                throw new IllegalStateException("the connection limit is reached");
              }
              return p;
            });
  }

  /** The address of a host: an IP literal at once, a name by a look-up shared per name. */
  private CompletableFuture<InetAddress> address(String host) {
    String bare = Hosts.unbracketed(host);
    byte[] literal = NetUtil.createByteArrayFromIpAddressString(bare);
    if (literal != null) {
      try {
        return CompletableFuture.completedFuture(InetAddress.getByAddress(literal));
      } catch (UnknownHostException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    String name = bare.toLowerCase(Locale.ROOT);
    CompletableFuture<InetAddress> fresh = new CompletableFuture<>();
    CompletableFuture<InetAddress> known = lookups.putIfAbsent(name, fresh);
    if (known != null) {
      return known;
    }
    fresh.whenComplete((a, e) -> lookups.remove(name, fresh));
    try {
      CompletableFuture.supplyAsync(() -> lookUp(name), resolver)
          .orTimeout(RESOLVE_SECONDS, TimeUnit.SECONDS)
          .whenComplete(
              (a, e) -> {
                if (e != null) {
                  fresh.completeExceptionally(e);
                } else {
                  fresh.complete(a);
                }
              });
    } catch (RejectedExecutionException e) {
      fresh.completeExceptionally(
          new NextHopRefused("more than " + RESOLVE_QUEUE + " names waiting to be resolved"));
    }
    return fresh;
  }

  private static InetAddress lookUp(String name) {
    try {
      return InetAddress.getByName(name);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve " + name, e);
    }
  }

  /** A connection closed: it is no longer reused. */
  void closed(Peer p) {
    open.values().removeIf(f -> f.isDone() && !f.isCompletedExceptionally() && f.join() == p);
  }

  /** Next hops known (open or being opened), for tests of the bound. */
  int known() {
    return open.size();
  }

  @Override
  public void close() {
    resolver.shutdownNow();
  }

  /** The policy refused a next hop, or a bound was reached; the reason is for the log only. */
  static final class NextHopRefused extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NextHopRefused(String reason) {
      super("refused by the next-hop policy: " + reason);
    }
  }
}
