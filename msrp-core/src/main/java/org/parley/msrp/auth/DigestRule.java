package org.parley.msrp.auth;

/**
 * The rules of the digest headers (RFC 4976 §7, RFC 2617 §3.2) that a value can break. Every {@link
 * DigestSyntaxException} names one.
 */
public enum DigestRule {
  /** {@code WWW-Authenticate = "Digest" SP digest-param *("," SP digest-param)} */
  CHALLENGE("WWW-Authenticate"),
  /** {@code credentials = "Digest" SP digest-response *("," SP digest-response)} */
  CREDENTIALS("credentials"),
  /** {@code Authentication-Info = ainfo *("," ainfo)} */
  AUTHENTICATION_INFO("Authentication-Info"),
  /** The scheme: only {@code Digest} (RFC 4976 §9.1 forbids Basic). */
  AUTH_SCHEME("auth-scheme"),
  /** {@code auth-param = token "=" ( token / quoted-string )} */
  AUTH_PARAM("auth-param"),
  /** {@code token = 1*<any CHAR except CTLs or separators>} */
  TOKEN("token"),
  /** {@code quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE} */
  QUOTED_STRING("quoted-string"),
  /** A parameter given twice. */
  DUPLICATE_PARAM("digest-param"),
  /** A parameter the header requires is missing. */
  MISSING_PARAM("digest-param"),
  /** {@code realm = "realm=" quoted-string} */
  REALM("realm"),
  /** {@code nonce = "nonce=" quoted-string} */
  NONCE("nonce"),
  /** {@code stale = "stale=" ( "true" / "false" )} */
  STALE("stale"),
  /**
   * {@code algorithm = "algorithm=" ( "MD5" / "SHA-256" / token )}; only these two are supported.
   */
  ALGORITHM("algorithm"),
  /** {@code qop-options = "qop=" DQUOTE qop-list DQUOTE}, {@code message-qop = "qop=" qop-value} */
  QOP("qop"),
  /** {@code nonce-count = "nc=" 8LHEX} */
  NONCE_COUNT("nc-value"),
  /** {@code response = "response=" DQUOTE 32LHEX DQUOTE} (64LHEX with SHA-256) */
  RESPONSE("request-digest"),
  /** {@code username = "username=" quoted-string} */
  USERNAME("username"),
  /** {@code digest-uri = "uri=" DQUOTE digest-uri-value DQUOTE} */
  URI("digest-uri"),
  /** {@code cnonce = "cnonce=" quoted-string} */
  CNONCE("cnonce"),
  /** {@code response-auth = "rspauth=" DQUOTE *LHEX DQUOTE} */
  RSPAUTH("response-auth");

  private final String grammar;

  DigestRule(String grammar) {
    this.grammar = grammar;
  }

  /** The ABNF rule as RFC 4976 or RFC 2617 names it, for messages. */
  public String grammar() {
    return grammar;
  }
}
