package org.parley.relay;

import java.util.Optional;

/**
 * Where the relay finds its users' digest secrets. The relay never sees passwords: a store gives
 * {@code HA1 = MD5(username ":" realm ":" password)} (RFC 2617 §3.2.2.2), as Apache's htdigest
 * files keep it. {@link HtdigestUserStore} reads such a file; a SQL-backed store implements the
 * same method.
 *
 * <p>Called on an event loop for each AUTH with credentials: an implementation must answer quickly
 * (cache, or keep its I/O short) and be safe to call from several threads.
 */
public interface UserStore {
  /**
   * The HA1 of {@code username} in {@code realm}, in lower-case hex, or empty when there is no such
   * user (or the user may not use the relay).
   */
  Optional<String> ha1(String username, String realm);
}
