package org.parley.relay;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.parley.msrp.Hosts;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;

/**
 * Every live Use-Path URI of the relay and its whole life (RFC 4976 §6.3): {@link #bind} makes or
 * refreshes one for an accepted AUTH, it ends when it expires ({@link #expire}, on its owner's
 * loop) or its connection closes ({@link #closed}). Also the connections of authenticated clients
 * by their remote address, for {@link #clientAt}. Thread-safe: the maps are concurrent; a binding
 * and its owner's list change on the owner's loop only.
 *
 * <p>Bounds: at most {@link RelayLimits#maxSessionsPerClient} bindings per connection, so at most
 * that times {@link RelayLimits#maxConnections} in all; one address entry per client connection.
 */
final class Bindings {
  private final Map<String, Binding> bySessionId = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, Peer> clientsByAddress = new ConcurrentHashMap<>();
  private final AtomicLong clients = new AtomicLong();
  private final Relay relay;

  /** Test hook: a binding was removed. */
  volatile Consumer<Binding> onUnbind;

  Bindings(Relay relay) {
    this.relay = relay;
  }

  /**
   * The live binding {@code uri} names, or null: its session-id must be one the relay handed out,
   * with the same scheme and port, and its host one of the relay's names.
   */
  Binding find(MsrpUri uri) {
    String sid = uri.sessionId();
    if (sid == null) {
      return null;
    }
    Binding b = bySessionId.get(sid);
    if (b == null
        || b.uri().secure() != uri.secure()
        || b.uri().port() != uri.port()
        || !relay.isOurs(uri, false)
        || !b.live(System.nanoTime())) {
      return null;
    }
    return b;
  }

  /**
   * The open connection of an authenticated client (one holding a binding) whose remote address is
   * {@code uri}'s host, an IP literal, and port, with the same scheme (msrps: a TLS connection,
   * whose identity is the one its AUTH proved), or null. Connection reuse (RFC 4975 §6): the URI a
   * client without a relay of its own puts in From-Path is the address it connected from.
   */
  Peer clientAt(MsrpUri uri) {
    if (clientsByAddress.isEmpty() || !uri.hasPort()) {
      return null;
    }
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(Hosts.unbracketed(uri.host()));
    if (ip == null) {
      return null;
    }
    InetSocketAddress a;
    try {
      a = new InetSocketAddress(InetAddress.getByAddress(ip), uri.port());
    } catch (UnknownHostException e) {
      return null;
    }
    Peer p = clientsByAddress.get(a);
    if (p == null || !p.open() || p.connection().secure() != uri.secure()) {
      return null;
    }
    return p;
  }

  /**
   * The binding an accepted AUTH gets (RFC 4976 §6.3): the one it was sent to, refreshed, when the
   * AUTH's To-Path names a Use-Path URI of this connection; else a new one, or null past {@link
   * RelayLimits#maxSessionsPerClient}. On {@code p}'s loop.
   */
  Binding bind(Peer p, MsrpRequest request, String user, long seconds) {
    long expiresAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Binding b = find(request.toPath().get(0));
    if (b == null || b.owner() != p) {
      List<Binding> held = p.bindings();
      if (held.size() >= relay.limits().maxSessionsPerClient()) {
        return null;
      }
      Relay.Local l = relay.useFor(p);
      String sid = SessionIds.next();
      MsrpUri uri =
          MsrpUri.builder(l.uri().host())
              .secure(l.secure())
              .port(l.port())
              .sessionId(sid)
              .transport("tcp")
              .build();
      b = new Binding(sid, uri, p, user, expiresAt);
      if (bySessionId.putIfAbsent(sid, b) != null) {
        throw new IllegalStateException("session-id collision"); // 128 random bits: never
      }
      if (held.isEmpty()) {
        clients.incrementAndGet();
        if (!p.outgoing() && !p.overWebSocket()) {
          // A WebSocket client is reached through its binding only, never by its address.
          clientsByAddress.put(p.remoteAddress(), p);
        }
      }
      held.add(b);
    } else {
      b.expiresAt(expiresAt);
    }
    schedule(b, TimeUnit.SECONDS.toNanos(seconds));
    return b;
  }

  private void schedule(Binding b, long delayNanos) {
    b.expiry(
        b.owner()
            .channel()
            .eventLoop()
            .schedule(() -> expire(b), delayNanos, TimeUnit.NANOSECONDS));
  }

  /** The expiry task: a refreshed binding waits again, an expired one ends. */
  private void expire(Binding b) {
    long left = b.expiresAt() - System.nanoTime();
    if (left > 0) {
      schedule(b, left);
    } else {
      unbind(b, "expired");
    }
  }

  /** {@code p}'s connection closed: its bindings end. On its loop. */
  void closed(Peer p) {
    for (Binding b : List.copyOf(p.bindings())) {
      unbind(b, "connection closed");
    }
  }

  private void unbind(Binding b, String why) {
    Peer p = b.owner();
    if (!p.bindings().remove(b)) {
      return;
    }
    bySessionId.remove(b.sessionId(), b);
    b.stopExpiry();
    if (p.bindings().isEmpty()) {
      clients.decrementAndGet();
      if (!p.outgoing()) {
        clientsByAddress.remove(p.remoteAddress(), p);
      }
    }
    relay.log().unbound(b, why);
    Consumer<Binding> hook = onUnbind;
    if (hook != null) {
      hook.accept(b);
    }
  }

  /** Live bindings. */
  int size() {
    return bySessionId.size();
  }

  /** Connections holding at least one binding. */
  long clients() {
    return clients.get();
  }
}
