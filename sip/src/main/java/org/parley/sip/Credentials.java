package org.parley.sip;

import java.util.Objects;

/**
 * A user name and password for HTTP digest authentication (RFC 3261 §22, RFC 2617), and the realm
 * they are for. A challenge is answered only when its realm is this one (by default the address of
 * record's domain) or the outbound proxy's host: a challenge from anyone else (another domain, a
 * hop on the way) gets no digest of the password, and its request fails with that 401/407. The
 * password never appears in {@link #toString()}.
 *
 * @param realm the realm to answer, or null for the address of record's domain
 */
public record Credentials(String username, String password, String realm) {
  /** Checks that the user name and password are given. */
  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** Credentials for the address of record's domain (and the outbound proxy). */
  public Credentials(String username, String password) {
    this(username, password, null);
  }

  @Override
  public String toString() {
    return "Credentials[" + username + ", realm " + realm + ", password hidden]";
  }
}
