package org.parley.msrp.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;

/**
 * The connections a stack's sessions share (RFC 4975 §6: a connection is reused for every session
 * to the same first hop), by scheme, address and TLS settings, each with a count of its holders:
 * the last holder to let go closes it. The only owner of that count; thread-safe (every change is
 * made inside the map's {@code compute}).
 */
final class SharedConnections {
  /**
   * How long a connection the peer opened may stay without any session of ours on it before we
   * close it: the peer's to close, but not forever.
   */
  static final Duration UNUSED_CONNECTION_GRACE = Duration.ofSeconds(30);

  private final MsrpTransport transport;
  private final FrameHandler handler;
  private final Map<String, Shared> shared = new ConcurrentHashMap<>();

  /** Keys leased under another key's connection (see {@link #alias}). */
  private final Map<String, Target> aliases = new ConcurrentHashMap<>();

  SharedConnections(MsrpTransport transport, FrameHandler handler) {
    this.transport = transport;
    this.handler = handler;
  }

  /**
   * A connection handed out by {@link #lease}: {@code reused} when it was a shared connection that
   * was up already (only such a connection can have been closed by the peer before our first
   * request on it), whatever the timing of a fresh connect.
   */
  record Lease(CompletableFuture<MsrpConnection> future, boolean reused) {}

  /**
   * A connection to {@code address}: an open one that sessions share when there is one made with
   * the same TLS settings (so a certificate checked against one fingerprint is never taken for
   * another), else a new one; {@code own} always makes a new one. Each call on a shared connection
   * counts one holder, under the same lock as {@link #release}, so a connection handed out here is
   * never closed by its last previous holder at the same moment.
   */
  Lease lease(InetSocketAddress address, @Nullable MsrpTls tls, boolean own) {
    return lease(address, tls, null, own);
  }

  /**
   * {@link #lease(InetSocketAddress, MsrpTls, boolean)}, over WebSocket when {@code wsPath} is
   * given (a relay's ws listener, RFC 7977). A lease for an address {@link #alias aliased} to a
   * WebSocket connection gets that connection.
   */
  Lease lease(
      InetSocketAddress address, @Nullable MsrpTls tls, @Nullable String wsPath, boolean own) {
    Target alias = aliases.get(key(address, tls, wsPath));
    Target t = alias != null ? alias : new Target(address, tls, wsPath);
    if (own) {
      return new Lease(transport.connect(t.address(), t.tls(), t.wsPath(), handler), false);
    }
    boolean[] up = {false};
    Shared lease =
        shared.compute(
            t.key(),
            (k, s) -> {
              if (s == null || s.future.isCompletedExceptionally() || s.closed()) {
                s = new Shared(transport.connect(t.address(), t.tls(), t.wsPath(), handler));
              } else {
                up[0] = s.future.isDone();
              }
              s.holders++;
              return s;
            });
    return new Lease(lease.future, up[0]);
  }

  /** Where a lease connects, and how. */
  private record Target(InetSocketAddress address, @Nullable MsrpTls tls, @Nullable String wsPath) {
    String key() {
      return SharedConnections.key(address, tls, wsPath);
    }
  }

  private static String key(InetSocketAddress address, @Nullable MsrpTls tls, @Nullable String ws) {
    return (tls == null ? "msrp " : "msrps " + System.identityHashCode(tls) + " ")
        + (ws == null ? "" : "ws" + ws + " ")
        + address.getHostString()
        + ":"
        + address.getPort();
  }

  /**
   * Leases for {@code address} (a relay's TCP Use-Path) get the WebSocket connection to {@code
   * relay} instead: a WebSocket client reaches its relay only over the connection it authenticated
   * on (RFC 7977 §8), while the Use-Path names the relay as TCP peers reach it.
   */
  void alias(
      InetSocketAddress address,
      @Nullable MsrpTls tls,
      InetSocketAddress relay,
      @Nullable MsrpTls relayTls,
      String wsPath) {
    aliases.put(key(address, tls, null), new Target(relay, relayTls, wsPath));
  }

  /**
   * A holder of {@code c} lets go: the last one closes it. Returns {@code false} when {@code c} is
   * not one of the shared connections.
   */
  boolean release(MsrpConnection c) {
    boolean[] found = {false};
    for (String key : shared.keySet()) {
      shared.computeIfPresent(
          key,
          (k, s) -> {
            if (!s.holds(c)) {
              return s;
            }
            found[0] = true;
            if (--s.holders > 0) {
              return s;
            }
            c.close();
            return null;
          });
    }
    return found[0];
  }

  /**
   * Closes {@code c} if, after {@link #UNUSED_CONNECTION_GRACE}, it is not shared and {@code used}
   * says no session is on it.
   */
  void closeWhenUnused(MsrpConnection c, Predicate<MsrpConnection> used) {
    c.channel()
        .eventLoop()
        .schedule(
            () -> {
              // A connection the stack shares (an AUTH's, say) stays while it is held.
              boolean held = shared.values().stream().anyMatch(s -> s.holds(c));
              if (!held && !used.test(c)) {
                c.close();
              }
            },
            UNUSED_CONNECTION_GRACE.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** {@code c} closed: it is no longer shared. */
  void connectionClosed(MsrpConnection c) {
    shared.values().removeIf(s -> s.holds(c));
  }

  /** Closes every shared connection still held (by an AUTH's binding, say). */
  void closeAll() {
    for (Shared s : shared.values()) {
      s.future.thenAccept(MsrpConnection::close);
    }
    shared.clear();
    aliases.clear();
  }

  /** A connection sessions share, and how many hold it. Changed only inside {@code compute}. */
  private static final class Shared {
    final CompletableFuture<MsrpConnection> future;
    int holders;

    Shared(CompletableFuture<MsrpConnection> future) {
      this.future = future;
    }

    boolean holds(MsrpConnection c) {
      return future.isDone() && !future.isCompletedExceptionally() && future.join() == c;
    }

    boolean closed() {
      return future.isDone() && !future.isCompletedExceptionally() && !future.join().isOpen();
    }
  }
}
