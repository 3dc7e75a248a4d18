package org.parley.msrp.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message-IDs a session refused lately, with the status code, so that later chunks of a refused
 * message get the same answer (RFC 4975 §7.3). Bound: the {@value #REMEMBERED} most recent; the map
 * is made at the first refusal, as most sessions never refuse one. Thread-safe.
 */
final class RefusedMessages {
  static final int REMEMBERED = 64;

  private Map<String, Integer> codes; // guarded by this

  /** The code {@code messageId} was refused with, or 0. */
  synchronized int codeOf(String messageId) {
    Integer code = codes == null ? null : codes.get(messageId);
    return code == null ? 0 : code;
  }

  synchronized void refused(String messageId, int code) {
    if (codes == null) {
      codes =
          new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
              return size() > REMEMBERED;
            }
          };
    }
    codes.put(messageId, code);
  }
}
