package org.parley.relay;

import java.util.Optional;
import org.parley.msrp.auth.DigestAlgorithm;

/**
 * Where the relay finds its users' digest secrets. The relay never sees passwords: a store gives
 * {@code HA1 = H(username ":" realm ":" password)} (RFC 2617 §3.2.2.2, RFC 7616 §3.4.2), one per
 * digest algorithm H, as Apache's htdigest files keep the MD5 one. {@link HtdigestUserStore} reads
 * such a file; a SQL-backed store implements the same method.
 *
 * <p>Called on an event loop for each AUTH with credentials: an implementation must answer quickly
 * (cache, or keep its I/O short) and be safe to call from several threads.
 */
public interface UserStore {
  /**
   * The HA1 of {@code username} in {@code realm} with {@code algorithm}, in lower-case hex, or
   * empty when there is no such user, no HA1 of that algorithm for it (a password set before the
   * algorithm was), or the user may not use the relay.
   */
  Optional<String> ha1(String username, String realm, DigestAlgorithm algorithm);

  /**
   * Whether every user has an HA1 of {@code algorithm}. The relay offers an algorithm that some
   * users lack only after one they all have, so that a client answering the first challenge it can
   * (RFC 7616 §3.7) is never refused for lack of a secret the store could have used. By default
   * {@code true}.
   */
  default boolean everyoneHas(DigestAlgorithm algorithm) {
    return true;
  }
}
