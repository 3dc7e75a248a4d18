package org.parley.msrp.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code algorithm} of a digest challenge or credentials: the hash function H of every
 * computation in {@link Digest} (RFC 7616 §3.3, RFC 8760 for SIP):
 *
 * <pre>
 * algorithm = "algorithm" EQUAL ( "MD5" / "MD5-sess" / "SHA-256" / "SHA-256-sess"
 *                                 / "SHA-512-256" / "SHA-512-256-sess" / token )
 * </pre>
 *
 * Only MD5 (RFC 2617's, and RFC 4976's for MSRP) and SHA-256 are supported; the {@code -sess}
 * variants are not. A challenge or credentials without the parameter mean MD5.
 */
public enum DigestAlgorithm {
  MD5("MD5"),
  SHA_256("SHA-256");

  private final String token;

  DigestAlgorithm(String token) {
    this.token = token;
  }

  /**
   * The algorithm a parameter value names (compared without case), or null when it is none of
   * these.
   */
  public static @Nullable DigestAlgorithm fromToken(String token) {
    for (DigestAlgorithm a : values()) {
      if (a.token.equalsIgnoreCase(token)) {
        return a;
      }
    }
    return null;
  }

  /**
   * The algorithm of a parameter already checked: MD5 when absent ({@code null}).
   *
   * @throws IllegalArgumentException when it names none of these
   */
  static DigestAlgorithm ofParameter(@Nullable String parameter) {
    if (parameter == null) {
      return MD5;
    }
    DigestAlgorithm a = fromToken(parameter);
    if (a == null) {
      throw new IllegalArgumentException("not a digest algorithm: " + parameter);
    }
    return a;
  }

  /** The parameter value, as RFC 7616 spells it: {@code MD5}, {@code SHA-256}. */
  public String token() {
    return token;
  }

  /** How many hex digits a hash (an HA1, a response) has: 32 for MD5, 64 for SHA-256. */
  public int hexLength() {
    return this == MD5 ? 32 : 64;
  }

  /** {@code H(data)}: lower-case hex of the hash of the UTF-8 bytes of {@code data}. */
  public String hash(String data) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(token);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no " + token, e);
    }
    return Digest.hex(md.digest(data.getBytes(StandardCharsets.UTF_8)));
  }

  /** The token ({@code SHA-256}, not the constant's name). */
  @Override
  public String toString() {
    return token;
  }
}
