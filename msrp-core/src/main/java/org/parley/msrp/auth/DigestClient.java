package org.parley.msrp.auth;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.MsrpUri;

/**
 * The client side of digest authentication: the Authorization value that answers a challenge, with
 * the challenge's algorithm (MD5 or SHA-256), and the check of the server's rspauth. For MSRP AUTH
 * (RFC 4976 §5.1, §9.1), and for SIP (RFC 3261 §22.4) with the request's method.
 *
 * <pre>{@code
 * DigestChallenge challenge =
 *     DigestChallenge.choose(response401.headers().values("WWW-Authenticate"));
 * DigestCredentials credentials =
 *     DigestClient.answer(challenge, "alice", password, DigestClient.uri(auth.toPath()),
 *         DigestClient.randomCnonces());
 * MsrpRequest retry = auth.toBuilder().transactionId(TransactionIds.next())
 *     .header(HeaderName.AUTHORIZATION, credentials.toString()).build();
 * }</pre>
 *
 * A client that keeps the {@code nextnonce} of the relay's Authentication-Info answers {@link
 * DigestChallenge#withNonce the same challenge with that nonce} and nonce count 1; one that reuses
 * a nonce counts up with {@link #answer(DigestChallenge, String, String, String, String, Supplier,
 * long)}.
 */
public final class DigestClient {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DigestClient() {}

  /**
   * The credentials answering an MSRP AUTH's {@code challenge} with nonce count 1.
   *
   * @param uri the digest-uri: the rightmost URI of the AUTH's To-Path ({@link #uri})
   * @param cnonces where client nonces come from ({@link #randomCnonces})
   * @throws DigestSyntaxException when the challenge offers neither {@code auth} nor no qop at all
   */
  public static DigestCredentials answer(
      DigestChallenge challenge,
      String username,
      String password,
      String uri,
      Supplier<String> cnonces) {
    return answer(challenge, Digest.AUTH, username, password, uri, cnonces, 1);
  }

  /**
   * The credentials answering {@code challenge} for a request of {@code method} with the nonce
   * count {@code nc}.
   */
  public static DigestCredentials answer(
      DigestChallenge challenge,
      String method,
      String username,
      String password,
      String uri,
      Supplier<String> cnonces,
      long nc) {
    DigestAlgorithm h = challenge.algorithm();
    String ha1 = Digest.ha1(h, username, challenge.realm(), password);
    String ha2 = Digest.ha2(h, method, uri);
    @Nullable String qop = null;
    if (!challenge.qop().isEmpty()) {
      for (String q : challenge.qop()) {
        if (q.equalsIgnoreCase("auth")) {
          qop = "auth";
        }
      }
      if (qop == null) {
        throw new DigestSyntaxException(DigestRule.QOP, -1, "the challenge does not offer auth");
      }
    }
    @Nullable String cnonce = qop == null ? null : cnonces.get();
    String response = Digest.response(h, ha1, challenge.nonce(), Digest.nc(nc), cnonce, qop, ha2);
    return DigestCredentials.of(
        username,
        challenge.realm(),
        challenge.nonce(),
        uri,
        response,
        qop,
        nc,
        cnonce,
        challenge.opaque(),
        challenge.algorithmParameter());
  }

  /** The digest-uri of an AUTH: the rightmost URI of its To-Path, as written (RFC 4976 §9.1). */
  public static String uri(List<MsrpUri> toPath) {
    if (toPath.isEmpty()) {
      throw new IllegalArgumentException("an AUTH has a To-Path");
    }
    return toPath.get(toPath.size() - 1).toString();
  }

  /**
   * {@code true} when the relay's rspauth proves it knows the password {@code sent} was made with
   * (RFC 2617 §3.2.3), and echoes the cnonce and nonce count.
   */
  public static boolean verify(AuthenticationInfo info, DigestCredentials sent, String password) {
    if (info.rspauth() == null) {
      return false;
    }
    DigestAlgorithm h = sent.algorithm();
    String ha1 = Digest.ha1(h, sent.username(), sent.realm(), password);
    if (sent.qop() == null) { // RFC 2069: no cnonce nor nonce count to echo
      return Digest.matches(
          Digest.rspauthWithoutQop(h, ha1, sent.nonce(), sent.uri()), info.rspauth());
    }
    if (sent.cnonce() != null && !sent.cnonce().equals(info.cnonce())) {
      return false;
    }
    if (sent.nc() >= 0 && info.nc() != sent.nc()) {
      return false;
    }
    String expected =
        Digest.rspauth(h, ha1, sent.nonce(), sent.ncValue(), sent.cnonce(), sent.uri());
    return Digest.matches(expected, info.rspauth());
  }

  /** Client nonces of 64 random bits as 16 hex digits, from a SecureRandom. */
  public static Supplier<String> randomCnonces() {
    return () -> {
      byte[] b = new byte[8];
      RANDOM.nextBytes(b);
      return Digest.hex(b);
    };
  }
}
