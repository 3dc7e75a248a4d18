package org.parley.relay;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The session-ids of the Use-Path URIs the relay hands out: 128 bits from a SecureRandom (RFC 4976
 * §6.3 asks for at least 64 bits of cryptographically random material), written as 22 characters of
 * base64url, which are all {@code unreserved} in the session-id grammar of RFC 4975 §9.
 */
final class SessionIds {
  private static final SecureRandom RANDOM = drbg();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private SessionIds() {}

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  /** A new session-id. */
  static String next() {
    return token(16);
  }

  /** {@code bytes} random bytes as base64url. */
  static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return BASE64URL.encodeToString(b);
  }
}
