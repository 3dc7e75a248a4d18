package org.parley.relay;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;

/**
 * The connections the relay opens to next hops, one per scheme, host and port, reused by every
 * request going there while open (RFC 4976 §5.2, §6.4.2). Host names are resolved on a thread of
 * their own, never on an event loop. {@code msrps} next hops are reached over TLS and their
 * certificate checked against the configured fingerprints, or the JDK's trust store.
 */
final class NextHops implements AutoCloseable {
  /** The port of an msrps URI without one (RFC 4976 §8). */
  static final int DEFAULT_PORT = 2855;

  private final Relay relay;
  private final MsrpTransport transport;
  private final FrameHandler handler;
  private final MsrpTls tls;
  private final Map<String, CompletableFuture<Peer>> open = new ConcurrentHashMap<>();
  private final ExecutorService resolver =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "parley-relay-resolver");
            t.setDaemon(true);
            return t;
          });

  NextHops(Relay relay, MsrpTransport transport, FrameHandler handler, MsrpTls tls) {
    this.relay = relay;
    this.transport = transport;
    this.handler = handler;
    this.tls = tls;
  }

  /** The open connection to {@code uri}'s host and port, or a new one. */
  CompletableFuture<Peer> connection(MsrpUri uri) {
    int port = uri.hasPort() ? uri.port() : DEFAULT_PORT;
    String key = uri.scheme() + "://" + uri.host().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    return open.compute(
        key,
        (k, f) ->
            f == null || f.isCompletedExceptionally() || (f.isDone() && !f.join().open())
                ? connect(k, uri, port)
                : f);
  }

  private CompletableFuture<Peer> connect(String key, MsrpUri uri, int port) {
    relay.log().connecting(key);
    String host = uri.host();
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    CompletableFuture<InetSocketAddress> address;
    byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
    if (literal != null) {
      try {
        address =
            CompletableFuture.completedFuture(
                new InetSocketAddress(InetAddress.getByAddress(literal), port));
      } catch (UnknownHostException e) {
        address = CompletableFuture.failedFuture(e);
      }
    } else {
      String name = host;
      address =
          CompletableFuture.supplyAsync(
              () -> {
                InetSocketAddress a = new InetSocketAddress(name, port);
                if (a.isUnresolved()) {
                  throw new IllegalStateException("cannot resolve " + name);
                }
                return a;
              },
              resolver);
    }
    CompletableFuture<Peer> result =
        address
            .thenCompose(a -> transport.connect(a, uri.secure() ? tls : null, handler))
            .thenApply(
                c -> {
                  Peer p = relay.peer(c);
                  if (p == null) {
                    throw new IllegalStateException("the connection limit is reached");
                  }
                  return p;
                });
    // A failed or closed connection stays in the map until the next request replaces it.
    result.whenComplete(
        (p, e) -> {
          if (e != null) {
            relay.metrics().nextHopFailures.increment();
          }
        });
    return result;
  }

  /** A connection closed: it is no longer reused. */
  void closed(Peer p) {
    open.values().removeIf(f -> f.isDone() && !f.isCompletedExceptionally() && f.join() == p);
  }

  Executor resolver() {
    return resolver;
  }

  @Override
  public void close() {
    resolver.shutdownNow();
  }
}
