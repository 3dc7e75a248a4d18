package org.parley.msrp.auth;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The value of an {@code Authorization} header (RFC 4976 §7):
 *
 * <pre>
 * credentials     = "Digest" SP digest-response *("," SP digest-response)
 * digest-response = username / realm / nonce / response / [algorithm] / cnonce / [opaque]
 *                   / message-qop / [nonce-count] / [auth-param]      ; and digest-uri (RFC 2617)
 * message-qop     = "qop=" qop-value
 * nonce-count     = "nc=" 8LHEX
 * response        = "response=" DQUOTE 32LHEX DQUOTE      ; 64LHEX with SHA-256 (RFC 7616)
 * </pre>
 *
 * Immutable. {@link #parse} requires username, realm, nonce, uri and response, and checks the form
 * of nc and response (as long as the algorithm's hash); whether qop, nc and cnonce are present (RFC
 * 4976 §9.1 requires them), and whether the algorithm is one the challenge offered, is for the
 * verifier to decide, so that it can answer with a challenge rather than a syntax error.
 */
public final class DigestCredentials {
  private final String username;
  private final String realm;
  private final String nonce;
  private final String uri;
  private final String response;
  private final @Nullable String qop;
  private final long nc;
  private final @Nullable String cnonce;
  private final @Nullable String opaque;

  /** The algorithm parameter as written, or null when absent (MD5). */
  private final @Nullable String algorithm;

  private DigestCredentials(
      String username,
      String realm,
      String nonce,
      String uri,
      String response,
      @Nullable String qop,
      long nc,
      @Nullable String cnonce,
      @Nullable String opaque,
      @Nullable String algorithm) {
    this.username = username;
    this.realm = realm;
    this.nonce = nonce;
    this.uri = uri;
    this.response = response;
    this.qop = qop;
    this.nc = nc;
    this.cnonce = cnonce;
    this.opaque = opaque;
    this.algorithm = algorithm;
  }

  /**
   * Credentials from their parts.
   *
   * @param qop {@code auth}, or null (an RFC 2069 answer, which then has no nc and no cnonce)
   * @param nc the nonce count (ignored without qop)
   * @param opaque the challenge's opaque value, or null
   * @param algorithm the algorithm parameter ({@code MD5}, {@code SHA-256}, as the challenge wrote
   *     it), or null for none (MD5)
   * @throws DigestSyntaxException for another algorithm
   */
  public static DigestCredentials of(
      String username,
      String realm,
      String nonce,
      String uri,
      String response,
      @Nullable String qop,
      long nc,
      @Nullable String cnonce,
      @Nullable String opaque,
      @Nullable String algorithm) {
    if (algorithm != null) {
      DigestChallenge.algorithm(algorithm, -1);
    }
    return new DigestCredentials(
        Objects.requireNonNull(username, "username"),
        Objects.requireNonNull(realm, "realm"),
        Objects.requireNonNull(nonce, "nonce"),
        Objects.requireNonNull(uri, "uri"),
        Objects.requireNonNull(response, "response"),
        qop,
        qop == null ? -1 : nc,
        qop == null ? null : Objects.requireNonNull(cnonce, "cnonce"),
        opaque,
        algorithm);
  }

  /**
   * Parses a header value.
   *
   * @throws DigestSyntaxException naming the rule broken
   */
  public static DigestCredentials parse(String value) {
    int from = DigestParams.scheme(value);
    @Nullable String username = null;
    @Nullable String realm = null;
    @Nullable String nonce = null;
    @Nullable String uri = null;
    @Nullable String response = null;
    @Nullable String qop = null;
    long nc = -1;
    @Nullable String cnonce = null;
    @Nullable String opaque = null;
    @Nullable String algorithm = null;
    DigestAlgorithm hash = DigestAlgorithm.MD5;
    int responseAt = -1;
    for (DigestParams.Param p : DigestParams.parse(value, from, DigestRule.CREDENTIALS)) {
      switch (p.name().toLowerCase(java.util.Locale.ROOT)) {
        case "username":
          username = p.value();
          break;
        case "realm":
          realm = p.value();
          break;
        case "nonce":
          nonce = p.value();
          break;
        case "uri":
          uri = p.value();
          break;
        case "response":
          response = DigestParams.hex(p, DigestRule.RESPONSE, -1);
          if (response.length() != DigestAlgorithm.MD5.hexLength()
              && response.length() != DigestAlgorithm.SHA_256.hexLength()) {
            throw new DigestSyntaxException(
                DigestRule.RESPONSE,
                p.offset(),
                "response must be 32 hex digits (64 with SHA-256), not " + response.length());
          }
          responseAt = p.offset();
          break;
        case "qop":
          DigestParams.checkToken(p.value(), DigestRule.QOP);
          qop = p.value();
          break;
        case "nc":
          nc = DigestParams.nonceCount(p);
          break;
        case "cnonce":
          cnonce = p.value();
          break;
        case "opaque":
          opaque = p.value();
          break;
        case "algorithm":
          hash = DigestChallenge.algorithm(p.value(), p.offset());
          algorithm = p.value();
          break;
        default:
          break; // unknown auth-params
      }
    }
    if (response != null && response.length() != hash.hexLength()) {
      throw new DigestSyntaxException(
          DigestRule.RESPONSE,
          responseAt,
          "a " + hash + " response has " + hash.hexLength() + " hex digits");
    }
    return new DigestCredentials(
        require(username, "username"),
        require(realm, "realm"),
        require(nonce, "nonce"),
        require(uri, "uri"),
        require(response, "response"),
        qop,
        nc,
        cnonce,
        opaque,
        algorithm);
  }

  private static String require(@Nullable String value, String name) {
    if (value == null) {
      throw new DigestSyntaxException(DigestRule.MISSING_PARAM, -1, name + " is required");
    }
    return value;
  }

  public String username() {
    return username;
  }

  public String realm() {
    return realm;
  }

  public String nonce() {
    return nonce;
  }

  /** The digest-uri: for MSRP, the rightmost URI of the AUTH's To-Path. */
  public String uri() {
    return uri;
  }

  /** The request-digest, in lower case. */
  public String response() {
    return response;
  }

  /** The message-qop ({@code auth}), or null. */
  public @Nullable String qop() {
    return qop;
  }

  /** The nonce count, or -1 when absent. */
  public long nc() {
    return nc;
  }

  /** The nonce count as written ({@code 8LHEX}), or null when absent. */
  public @Nullable String ncValue() {
    return nc < 0 ? null : Digest.nc(nc);
  }

  /** The client nonce, or null. */
  public @Nullable String cnonce() {
    return cnonce;
  }

  /** The opaque value echoed, or null. */
  public @Nullable String opaque() {
    return opaque;
  }

  /** The algorithm: the one named, or MD5 when the parameter is absent. */
  public DigestAlgorithm algorithm() {
    return DigestAlgorithm.ofParameter(algorithm);
  }

  /**
   * The request-digest these credentials should carry, for a user whose HA1 (with {@link
   * #algorithm}) is {@code ha1}.
   */
  public String expectedResponse(String ha1, String method) {
    DigestAlgorithm h = algorithm();
    return Digest.response(h, ha1, nonce, ncValue(), cnonce, qop, Digest.ha2(h, method, uri));
  }

  /** The header value, in the order RFC 4976's examples use. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(200);
    DigestParams.quoted(sb, "username", username, DigestRule.USERNAME);
    DigestParams.comma(sb);
    DigestParams.quoted(sb, "realm", realm, DigestRule.REALM);
    DigestParams.comma(sb);
    DigestParams.quoted(sb, "nonce", nonce, DigestRule.NONCE);
    DigestParams.comma(sb);
    DigestParams.quoted(sb, "uri", uri, DigestRule.URI);
    // Written as read: a peer's credentials may have qop without nc or cnonce, or cnonce without
    // qop (judging that is the relay's).
    if (qop != null) {
      DigestParams.comma(sb);
      DigestParams.token(sb, "qop", qop, DigestRule.QOP);
    }
    if (nc >= 0) {
      DigestParams.comma(sb);
      sb.append("nc=").append(Digest.nc(nc));
    }
    if (cnonce != null) {
      DigestParams.comma(sb);
      DigestParams.quoted(sb, "cnonce", cnonce, DigestRule.CNONCE);
    }
    DigestParams.comma(sb);
    DigestParams.quoted(sb, "response", response, DigestRule.RESPONSE);
    if (opaque != null) {
      DigestParams.comma(sb);
      DigestParams.quoted(sb, "opaque", opaque, DigestRule.AUTH_PARAM);
    }
    if (algorithm != null) {
      DigestParams.comma(sb);
      DigestParams.token(sb, "algorithm", algorithm, DigestRule.ALGORITHM);
    }
    return "Digest " + sb;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof DigestCredentials)) {
      return false;
    }
    DigestCredentials c = (DigestCredentials) o;
    return nc == c.nc
        && username.equals(c.username)
        && realm.equals(c.realm)
        && nonce.equals(c.nonce)
        && uri.equals(c.uri)
        && response.equals(c.response)
        && Objects.equals(qop, c.qop)
        && Objects.equals(cnonce, c.cnonce)
        && Objects.equals(opaque, c.opaque)
        && Objects.equals(algorithm, c.algorithm);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, realm, nonce, uri, response, qop, nc, cnonce, opaque);
  }

  /** The header value without the response digest, for logs. */
  public String toLogString() {
    return "Digest username=\"" + username + "\", realm=\"" + realm + "\", uri=\"" + uri + "\"";
  }
}
