package org.parley.relay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.msrp.MsrpUri;

/** Every live Use-Path URI of the relay, by session-id. Thread-safe. */
final class Bindings {
  private final Map<String, Binding> bySessionId = new ConcurrentHashMap<>();
  private final Relay relay;

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
        || b.uri.secure() != uri.secure()
        || b.uri.port() != uri.port()
        || !relay.isOurs(uri, false)
        || !b.live(System.nanoTime())) {
      return null;
    }
    return b;
  }

  void add(Binding b) {
    if (bySessionId.putIfAbsent(b.sessionId, b) != null) {
      throw new IllegalStateException("session-id collision"); // 128 random bits: never
    }
  }

  void remove(Binding b) {
    bySessionId.remove(b.sessionId, b);
  }

  int size() {
    return bySessionId.size();
  }
}
