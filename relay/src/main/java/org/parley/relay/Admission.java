package org.parley.relay;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which accepted connections the relay takes, decided as the kernel hands them over, before a TLS
 * handshake: so handshakes in progress count. At most {@code limits.connections} minus {@code
 * limits.next-hop-reserve} incoming connections are open at once (the reserve is left for the
 * connections the relay opens to next hops), and at most {@code limits.connections-per-address} of
 * them from one IP address before they authenticate: one address that connects and stays silent
 * fills only its own share, and probation or the TLS handshake time-out ends those.
 *
 * <p>The counts are this class's alone: a connection is counted from {@link #admit} until it
 * closes, and as unauthenticated until its first successful AUTH ({@link #authenticated}). The
 * per-address map holds an entry only for addresses with unauthenticated connections.
 */
final class Admission {
  private static final AttributeKey<Ticket> TICKET = AttributeKey.valueOf("parley-relay-admission");

  private final RelayLimits limits;
  private final RelayMetrics metrics;
  private final RelayLog log;
  private final AtomicInteger incoming = new AtomicInteger();
  private final Map<InetAddress, Integer> unauthenticated = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** One admitted connection; its flag is changed on the connection's event loop only. */
  private static final class Ticket {
    final InetAddress address;
    boolean unauthenticated = true;

    Ticket(InetAddress address) {
      this.address = address;
    }
  }

  Admission(RelayLimits limits, RelayMetrics metrics, RelayLog log) {
    this.limits = limits;
    this.metrics = metrics;
    this.log = log;
  }

  /** An accepted connection, on its event loop: counted and taken, or refused (then closed). */
  boolean admit(Channel channel) {
    InetAddress address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
    if (closed) {
      return refused(address, "shutting down");
    }
    if (incoming.incrementAndGet() > limits.maxConnections() - limits.nextHopReserve()) {
      incoming.decrementAndGet();
      return refused(address, "limits.connections less limits.next-hop-reserve");
    }
    boolean[] taken = new boolean[1];
    unauthenticated.compute(
        address,
        (a, n) -> {
          int count = n == null ? 0 : n;
          if (count >= limits.connectionsPerAddress()) {
            return n;
          }
          taken[0] = true;
          return count + 1;
        });
    if (!taken[0]) {
      incoming.decrementAndGet();
      return refused(address, "limits.connections-per-address");
    }
    Ticket t = new Ticket(address);
    channel.attr(TICKET).set(t);
    channel.closeFuture().addListener(f -> released(t));
    return true;
  }

  private boolean refused(InetAddress address, String limit) {
    metrics.connectionsRejected.increment();
    log.refusedAtAccept(address, limit);
    return false;
  }

  /** The connection's first AUTH succeeded: it no longer counts against its address. */
  void authenticated(Channel channel) {
    Ticket t = channel.attr(TICKET).get();
    if (t != null && t.unauthenticated) {
      t.unauthenticated = false;
      decrement(t.address);
    }
  }

  private void released(Ticket t) {
    incoming.decrementAndGet();
    if (t.unauthenticated) {
      t.unauthenticated = false;
      decrement(t.address);
    }
  }

  private void decrement(InetAddress address) {
    unauthenticated.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  /** No more connections are taken (shutdown). */
  void close() {
    closed = true;
  }

  /** Incoming connections counted now, handshakes included. */
  int incoming() {
    return incoming.get();
  }

  /** Unauthenticated connections from {@code address} counted now. */
  int unauthenticatedFrom(InetAddress address) {
    return unauthenticated.getOrDefault(address, 0);
  }
}
