package org.parley.msrp.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * The computations of HTTP Digest with {@code qop=auth} (RFC 2617 §3.2.2, RFC 7616 §3.4), as MSRP's
 * AUTH (RFC 4976 §9.1) and SIP (RFC 3261 §22.4, RFC 8760) use them, for either {@link
 * DigestAlgorithm} H:
 *
 * <pre>
 * HA1      = H( username ":" realm ":" password )
 * HA2      = H( method ":" digest-uri )            method "AUTH" for MSRP
 * response = H( HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2 )
 * rspauth  = the same with HA2 = H( ":" digest-uri )  (RFC 2617 §3.2.3)
 * </pre>
 *
 * All values are lower-case hex. Without {@code qop} (RFC 2069 peers), {@code response = H( HA1 ":"
 * nonce ":" HA2 )}.
 */
public final class Digest {
  /** The MSRP method whose name goes into HA2. */
  public static final String AUTH = "AUTH";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Digest() {}

  /** {@code HA1 = H(username ":" realm ":" password)}: what a users file stores. */
  public static String ha1(DigestAlgorithm h, String username, String realm, String password) {
    return h.hash(username + ":" + realm + ":" + password);
  }

  /** {@code HA2 = H(method ":" uri)}. */
  public static String ha2(DigestAlgorithm h, String method, String uri) {
    return h.hash(method + ":" + uri);
  }

  /**
   * The request-digest.
   *
   * @param nc the nonce count as 8 hex digits, ignored when {@code qop} is null
   * @param qop {@code auth}, or null for an RFC 2069 digest
   */
  public static String response(
      DigestAlgorithm h,
      String ha1,
      String nonce,
      @Nullable String nc,
      @Nullable String cnonce,
      @Nullable String qop,
      String ha2) {
    if (qop == null) {
      return h.hash(ha1 + ":" + nonce + ":" + ha2);
    }
    return h.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  /** The {@code rspauth} a server puts in Authentication-Info (RFC 2617 §3.2.3). */
  public static String rspauth(
      DigestAlgorithm h,
      String ha1,
      String nonce,
      @Nullable String nc,
      @Nullable String cnonce,
      String uri) {
    return response(h, ha1, nonce, nc, cnonce, "auth", ha2(h, "", uri));
  }

  /**
   * The {@code rspauth} answering an RFC 2069 digest (a challenge without qop): the response
   * computed without qop, with HA2 = H( ":" digest-uri ) (RFC 2617 §3.2.3).
   */
  public static String rspauthWithoutQop(DigestAlgorithm h, String ha1, String nonce, String uri) {
    return response(h, ha1, nonce, null, null, null, ha2(h, "", uri));
  }

  /** {@code nc-value = 8LHEX}. */
  public static String nc(long count) {
    if (count < 0 || count > 0xffffffffL) {
      throw new IllegalArgumentException("nonce count out of range: " + count);
    }
    char[] c = new char[8];
    for (int i = 7; i >= 0; i--) {
      c[i] = HEX[(int) (count & 0xf)];
      count >>>= 4;
    }
    return new String(c);
  }

  /** Compares two hex digests without case and in time independent of where they differ. */
  public static boolean matches(String expected, String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
        actual.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  /** Lower-case hex of {@code bytes}. */
  public static String hex(byte[] bytes) {
    char[] c = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      c[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      c[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(c);
  }
}
