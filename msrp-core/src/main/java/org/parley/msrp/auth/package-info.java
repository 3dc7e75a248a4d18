/**
 * HTTP Digest authentication as MSRP's AUTH method uses it (RFC 4976 §5.1, §7 and §9.1, on RFC
 * 2617): the {@code WWW-Authenticate} challenge ({@link org.parley.msrp.auth.DigestChallenge}), the
 * {@code Authorization} credentials ({@link org.parley.msrp.auth.DigestCredentials}), the {@code
 * Authentication-Info} of a successful AUTH ({@link org.parley.msrp.auth.AuthenticationInfo}), the
 * computations ({@link org.parley.msrp.auth.Digest}) with either hash ({@link
 * org.parley.msrp.auth.DigestAlgorithm}) and the client's answer to a challenge ({@link
 * org.parley.msrp.auth.DigestClient}). Shared by the relay (server side), endpoints (client side)
 * and the sip module, which answers SIP challenges and challenges SIP requests with them.
 *
 * <p>RFC 4976 §9.1 narrows RFC 2617: no MD5-sess, {@code qop="auth"} in every challenge and
 * credentials (never {@code auth-int}), {@code cnonce} and {@code nc} in every Authorization, and
 * the digest {@code uri} is the rightmost URI of the AUTH's To-Path, the relay the AUTH is for. The
 * method in H(A2) is {@code AUTH}. Besides RFC 4976's MD5, SHA-256 (RFC 7616; RFC 8760 for SIP) is
 * supported: a server may offer both, one challenge each, the preferred first, and a client answers
 * the first it can ({@link org.parley.msrp.auth.DigestChallenge#choose}).
 *
 * <p>The parsers are hand-written over the header value (quoted strings with escapes, commas inside
 * quotes, optional white space around separators); every error is a {@link
 * org.parley.msrp.auth.DigestSyntaxException} naming the {@link org.parley.msrp.auth.DigestRule}
 * broken and the offset in the value.
 */
package org.parley.msrp.auth;
