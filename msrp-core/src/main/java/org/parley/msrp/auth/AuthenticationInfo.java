package org.parley.msrp.auth;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The value of an {@code Authentication-Info} header (RFC 4976 §7), which a relay puts in every 200
 * to an AUTH (RFC 4976 §9.1: with rspauth, cnonce, nc and qop):
 *
 * <pre>
 * Authentication-Info = "Authentication-Info:" SP ainfo *("," ainfo)
 * ainfo               = nextnonce / message-qop / response-auth / cnonce / nonce-count
 * nextnonce           = "nextnonce=" nonce-value
 * response-auth       = "rspauth=" response-digest
 * response-digest     = DQUOTE *LHEX DQUOTE
 * </pre>
 *
 * Immutable; every part may be absent (null, or -1 for nc).
 */
public final class AuthenticationInfo {
  private final @Nullable String nextnonce;
  private final @Nullable String qop;
  private final @Nullable String rspauth;
  private final @Nullable String cnonce;
  private final long nc;

  private AuthenticationInfo(
      @Nullable String nextnonce,
      @Nullable String qop,
      @Nullable String rspauth,
      @Nullable String cnonce,
      long nc) {
    this.nextnonce = nextnonce;
    this.qop = qop;
    this.rspauth = rspauth;
    this.cnonce = cnonce;
    this.nc = nc;
  }

  /** A value from its parts; any may be null (nc: -1). */
  public static AuthenticationInfo of(
      @Nullable String nextnonce,
      @Nullable String qop,
      @Nullable String rspauth,
      @Nullable String cnonce,
      long nc) {
    return new AuthenticationInfo(nextnonce, qop, rspauth, cnonce, nc);
  }

  /**
   * What a relay answers to {@code credentials} that it accepted: the next nonce, and the rspauth
   * proving it knows the user's HA1 (of the credentials' algorithm).
   */
  public static AuthenticationInfo answering(
      DigestCredentials credentials, String ha1, @Nullable String nextnonce) {
    String rspauth =
        Digest.rspauth(
            credentials.algorithm(),
            ha1,
            credentials.nonce(),
            credentials.ncValue(),
            credentials.cnonce(),
            credentials.uri());
    return new AuthenticationInfo(
        nextnonce, "auth", rspauth, credentials.cnonce(), credentials.nc());
  }

  /**
   * Parses a header value.
   *
   * @throws DigestSyntaxException naming the rule broken
   */
  public static AuthenticationInfo parse(String value) {
    @Nullable String nextnonce = null;
    @Nullable String qop = null;
    @Nullable String rspauth = null;
    @Nullable String cnonce = null;
    long nc = -1;
    for (DigestParams.Param p : DigestParams.parse(value, 0, DigestRule.AUTHENTICATION_INFO)) {
      switch (p.name().toLowerCase(java.util.Locale.ROOT)) {
        case "nextnonce":
          nextnonce = p.value();
          break;
        case "qop":
          DigestParams.checkToken(p.value(), DigestRule.QOP);
          qop = p.value();
          break;
        case "rspauth":
          rspauth = DigestParams.hex(p, DigestRule.RSPAUTH, -1);
          break;
        case "cnonce":
          cnonce = p.value();
          break;
        case "nc":
          nc = DigestParams.nonceCount(p);
          break;
        default:
          break;
      }
    }
    return new AuthenticationInfo(nextnonce, qop, rspauth, cnonce, nc);
  }

  /** The nonce to use in the next AUTH, or null. */
  public @Nullable String nextnonce() {
    return nextnonce;
  }

  public @Nullable String qop() {
    return qop;
  }

  /** The server's proof (lower-case hex), or null. */
  public @Nullable String rspauth() {
    return rspauth;
  }

  public @Nullable String cnonce() {
    return cnonce;
  }

  /** The nonce count echoed, or -1. */
  public long nc() {
    return nc;
  }

  /** The header value: {@code nextnonce="…", qop=auth, rspauth="…", cnonce="…", nc=00000001}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(160);
    if (nextnonce != null) {
      DigestParams.quoted(sb, "nextnonce", nextnonce, DigestRule.NONCE);
    }
    if (qop != null) {
      DigestParams.comma(sb);
      DigestParams.token(sb, "qop", qop, DigestRule.QOP);
    }
    if (rspauth != null) {
      DigestParams.comma(sb);
      DigestParams.quoted(sb, "rspauth", rspauth, DigestRule.RSPAUTH);
    }
    if (cnonce != null) {
      DigestParams.comma(sb);
      DigestParams.quoted(sb, "cnonce", cnonce, DigestRule.CNONCE);
    }
    if (nc >= 0) {
      DigestParams.comma(sb);
      sb.append("nc=").append(Digest.nc(nc));
    }
    if (sb.length() == 0) {
      throw new DigestSyntaxException(DigestRule.AUTHENTICATION_INFO, -1, "nothing to write");
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AuthenticationInfo)) {
      return false;
    }
    AuthenticationInfo a = (AuthenticationInfo) o;
    return nc == a.nc
        && Objects.equals(nextnonce, a.nextnonce)
        && Objects.equals(qop, a.qop)
        && Objects.equals(rspauth, a.rspauth)
        && Objects.equals(cnonce, a.cnonce);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nextnonce, qop, rspauth, cnonce, nc);
  }
}
