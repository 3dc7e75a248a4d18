package org.parley.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.Locale;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;

/**
 * HTTP digest authentication as SIP uses it (RFC 3261 §22.4, RFC 2617 §3.2.2, RFC 8760 for
 * SHA-256): the answer to a {@code WWW-Authenticate} or {@code Proxy-Authenticate} challenge.
 *
 * <pre>
 * HA1      = H(username ":" realm ":" password)
 * HA2      = H(method ":" digest-uri)
 * response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)   with qop=auth
 *          = H(HA1 ":" nonce ":" HA2)                              without qop
 * </pre>
 */
final class Digest {
  private Digest() {}

  /**
   * The {@code Authorization} (or {@code Proxy-Authorization}, when {@code proxy}) header that
   * answers {@code challenge} for a request.
   *
   * @throws ParseException when the challenge is not a Digest one, has no nonce, or asks for an
   *     algorithm or qop this class lacks
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
    if (challenge.getNonce() == null) {
      throw new ParseException("the Digest challenge has no nonce", 0);
    }
    String uri = requestUri.toString();
    String algorithm = challenge.getAlgorithm() == null ? "MD5" : challenge.getAlgorithm();
    String qop = chooseQop(challenge.getQop());
    String cnonce = qop == null ? null : JainSip.token(8);
    String nc = "00000001";
    String response =
        response(
            algorithm,
            credentials.username(),
            challenge.getRealm(),
            credentials.password(),
            method,
            uri,
            challenge.getNonce(),
            nc,
            cnonce,
            qop);
    AuthorizationHeader h =
        proxy
            ? headers.createProxyAuthorizationHeader("Digest")
            : headers.createAuthorizationHeader("Digest");
    h.setUsername(credentials.username());
    h.setRealm(challenge.getRealm());
    h.setNonce(challenge.getNonce());
    h.setURI(requestUri);
    h.setResponse(response);
    h.setAlgorithm(algorithm);
    if (challenge.getOpaque() != null) {
      h.setOpaque(challenge.getOpaque());
    }
    if (qop != null) {
      h.setQop(qop);
      h.setCNonce(cnonce);
      h.setNonceCount(1);
    }
    return h;
  }

  /** {@code auth} when offered (alone or in a list), else none; {@code auth-int} is not used. */
  private static String chooseQop(String offered) throws ParseException {
    if (offered == null || offered.isEmpty()) {
      return null;
    }
    for (String q : offered.split(",", -1)) {
      if (q.trim().equalsIgnoreCase("auth")) {
        return "auth";
      }
    }
    throw new ParseException("unsupported qop " + offered, 0);
  }

  /** The {@code response} value (lower-case hex). */
  static String response(
      String algorithm,
      String username,
      String realm,
      String password,
      String method,
      String uri,
      String nonce,
      String nc,
      String cnonce,
      String qop)
      throws ParseException {
    String ha1 = hash(algorithm, username + ":" + realm + ":" + password);
    String ha2 = hash(algorithm, method + ":" + uri);
    return qop == null
        ? hash(algorithm, ha1 + ":" + nonce + ":" + ha2)
        : hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  private static String hash(String algorithm, String text) throws ParseException {
    String name;
    switch (algorithm.toUpperCase(Locale.ROOT)) {
      case "MD5":
        name = "MD5";
        break;
      case "SHA-256":
        name = "SHA-256";
        break;
      default:
        throw new ParseException("unsupported digest algorithm " + algorithm, 0);
    }
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(name).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
