package org.parley.sip;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import org.parley.msrp.auth.DigestChallenge;
import org.parley.msrp.auth.DigestClient;
import org.parley.msrp.auth.DigestCredentials;
import org.parley.msrp.auth.DigestSyntaxException;

/**
 * The answer to a SIP {@code WWW-Authenticate} or {@code Proxy-Authenticate} challenge (RFC 3261
 * §22.4; MD5, or SHA-256 as RFC 8760 adds): JAIN-SIP's headers on the outside, msrp-core's digest
 * ({@link DigestChallenge}, {@link DigestClient}) inside, the one the relay's AUTH uses.
 */
final class DigestAnswer {
  private DigestAnswer() {}

  /**
   * The {@code Authorization} (or {@code Proxy-Authorization}, when {@code proxy}) header that
   * answers {@code challenge} for a request, with nonce count 1.
   *
   * @throws ParseException when the challenge is not a Digest one, has no realm or nonce, or asks
   *     for an algorithm or qop this side lacks
   */
  static AuthorizationHeader answer(
      HeaderFactory headers,
      WWWAuthenticateHeader challenge,
      boolean proxy,
      Credentials credentials,
      String method,
      javax.sip.address.URI requestUri)
      throws ParseException {
    if (!"Digest".equalsIgnoreCase(challenge.getScheme())) {
      throw new ParseException("not a Digest challenge: " + challenge.getScheme(), 0);
    }
    if (challenge.getRealm() == null || challenge.getNonce() == null) {
      throw new ParseException("the Digest challenge has no realm or no nonce", 0);
    }
    DigestCredentials answer;
    try {
      DigestChallenge c =
          DigestChallenge.of(
              challenge.getRealm(),
              challenge.getNonce(),
              qop(challenge.getQop()),
              challenge.getOpaque(),
              challenge.isStale(),
              challenge.getAlgorithm());
      answer =
          DigestClient.answer(
              c,
              method,
              credentials.username(),
              credentials.password(),
              requestUri.toString(),
              () -> JainSip.token(8),
              1);
    } catch (DigestSyntaxException e) {
      throw new ParseException(e.getMessage(), 0);
    }
    AuthorizationHeader h =
        proxy
            ? headers.createProxyAuthorizationHeader("Digest")
            : headers.createAuthorizationHeader("Digest");
    h.setUsername(answer.username());
    h.setRealm(answer.realm());
    h.setNonce(answer.nonce());
    h.setURI(requestUri);
    h.setResponse(answer.response());
    h.setAlgorithm(challenge.getAlgorithm() == null ? "MD5" : challenge.getAlgorithm());
    if (answer.opaque() != null) {
      h.setOpaque(answer.opaque());
    }
    if (answer.qop() != null) {
      h.setQop(answer.qop());
      h.setCNonce(answer.cnonce());
      h.setNonceCount(1);
    }
    return h;
  }

  /** The qop values a challenge offers ({@code "auth,auth-int"}), or none. */
  private static List<String> qop(String offered) {
    List<String> values = new ArrayList<>(2);
    if (offered != null && !offered.isEmpty()) {
      for (String q : offered.split(",", -1)) {
        values.add(q.trim());
      }
    }
    return values;
  }
}
