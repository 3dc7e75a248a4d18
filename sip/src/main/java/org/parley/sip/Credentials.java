package org.parley.sip;

import java.util.Objects;

/**
 * A user name and password for HTTP digest authentication (RFC 3261 §22, RFC 2617). The password
 * never appears in {@link #toString()}.
 */
public record Credentials(String username, String password) {
  /** Checks that both are given. */
  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "Credentials[" + username + ", password hidden]";
  }
}
