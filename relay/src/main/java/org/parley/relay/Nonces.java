package org.parley.relay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nonces one connection was challenged with, with the highest nonce count each was used with
 * (RFC 2617 §3.2.2: a count that does not grow is a replay). Bounded: the least recently used nonce
 * is forgotten past {@link #MAX}, and a forgotten nonce is answered like an expired one ({@code
 * stale=true}). Used on the connection's event loop only.
 */
final class Nonces {
  /** Nonces remembered per connection. */
  static final int MAX = 16;

  static final class Entry {
    final long issuedAt;
    private long lastNc;

    Entry(long issuedAt) {
      this.issuedAt = issuedAt;
    }

    /** Uses the nonce with count {@code nc}; false, changing nothing, when it does not grow. */
    boolean use(long nc) {
      if (nc <= lastNc) {
        return false;
      }
      lastNc = nc;
      return true;
    }
  }

  private final Map<String, Entry> entries =
      new LinkedHashMap<>(MAX * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > MAX;
        }
      };

  /** A new nonce: 128 random bits. */
  String issue(long now) {
    String n = SessionIds.token(16);
    entries.put(n, new Entry(now));
    return n;
  }

  /** The entry of a nonce this connection was given, or null. */
  Entry get(String nonce) {
    return entries.get(nonce);
  }
}
