package org.parley.msrp.auth;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The value of a {@code WWW-Authenticate} header (RFC 4976 §7):
 *
 * <pre>
 * WWW-Authenticate = "WWW-Authenticate:" SP "Digest" SP digest-param *("," SP digest-param)
 * digest-param     = realm / nonce / [opaque] / [stale] / [algorithm] / qop-options / [auth-param]
 * qop-options      = "qop=" DQUOTE qop-value *("," qop-value) DQUOTE
 * </pre>
 *
 * Immutable. {@link #parse} keeps what RFC 4976 §9.1 lets a client use and refuses what it forbids;
 * {@code domain} and unknown auth-params are ignored. A challenge without {@code qop} (an RFC 2069
 * server) is accepted, with an empty {@link #qop} list. Besides RFC 4976's MD5, {@code
 * algorithm=SHA-256} (RFC 7616) is accepted. A server may send several challenges, one per
 * algorithm, the one it prefers first (RFC 7616 §3.7): {@link #choose} takes the first this side
 * can answer.
 */
public final class DigestChallenge {
  private final String realm;
  private final String nonce;
  private final List<String> qop;
  private final @Nullable String opaque;
  private final boolean stale;

  /** The algorithm parameter as written, or null when absent (MD5). */
  private final @Nullable String algorithm;

  private DigestChallenge(
      String realm,
      String nonce,
      List<String> qop,
      @Nullable String opaque,
      boolean stale,
      @Nullable String algorithm) {
    this.realm = realm;
    this.nonce = nonce;
    this.qop = qop;
    this.opaque = opaque;
    this.stale = stale;
    this.algorithm = algorithm;
  }

  /**
   * A challenge as a server sends it: {@code qop="auth"} and the algorithm written.
   *
   * @param opaque the opaque value, or null
   */
  public static DigestChallenge of(
      String realm,
      String nonce,
      @Nullable String opaque,
      boolean stale,
      DigestAlgorithm algorithm) {
    return new DigestChallenge(
        Objects.requireNonNull(realm, "realm"),
        Objects.requireNonNull(nonce, "nonce"),
        List.of("auth"),
        opaque,
        stale,
        algorithm.token());
  }

  /**
   * A challenge from parts another parser read (a SIP stack's header), held to the rules of {@link
   * #parse}.
   *
   * @param qop the qop values offered, or an empty list for an RFC 2069 challenge
   * @param opaque the opaque value, or null
   * @param algorithm the algorithm parameter as written, or null when absent (MD5)
   * @throws DigestSyntaxException naming the rule broken: {@link DigestRule#ALGORITHM} for an
   *     algorithm other than MD5 and SHA-256, {@link DigestRule#QOP} for a qop list without {@code
   *     auth}
   */
  public static DigestChallenge of(
      String realm,
      String nonce,
      List<String> qop,
      @Nullable String opaque,
      boolean stale,
      @Nullable String algorithm) {
    if (algorithm != null) {
      algorithm(algorithm, -1);
    }
    offersAuth(qop, -1);
    return new DigestChallenge(
        Objects.requireNonNull(realm, "realm"),
        Objects.requireNonNull(nonce, "nonce"),
        List.copyOf(qop),
        opaque,
        stale,
        algorithm);
  }

  /**
   * The first of a response's challenges (its {@code WWW-Authenticate} values, in order) that
   * parses and that this side can answer: a server lists them most preferred first (RFC 7616 §3.7).
   *
   * @throws DigestSyntaxException the first one's error when none can be answered ({@link
   *     DigestRule#CHALLENGE} when there is none at all)
   */
  public static DigestChallenge choose(List<String> values) {
    @Nullable DigestSyntaxException first = null;
    for (String v : values) {
      try {
        return parse(v);
      } catch (DigestSyntaxException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    throw first != null
        ? first
        : new DigestSyntaxException(DigestRule.CHALLENGE, -1, "no challenge");
  }

  /**
   * Parses a header value.
   *
   * @throws DigestSyntaxException naming the rule broken: {@link DigestRule#AUTH_SCHEME} for a
   *     scheme other than Digest, {@link DigestRule#MISSING_PARAM} without realm or nonce, {@link
   *     DigestRule#ALGORITHM} for anything but MD5 and SHA-256, {@link DigestRule#QOP} for a qop
   *     list without {@code auth}
   */
  public static DigestChallenge parse(String value) {
    int from = DigestParams.scheme(value);
    @Nullable String realm = null;
    @Nullable String nonce = null;
    @Nullable String opaque = null;
    List<String> qop = List.of();
    boolean stale = false;
    @Nullable String algorithm = null;
    for (DigestParams.Param p : DigestParams.parse(value, from, DigestRule.CHALLENGE)) {
      switch (p.name().toLowerCase(java.util.Locale.ROOT)) {
        case "realm":
          realm = p.value();
          break;
        case "nonce":
          nonce = p.value();
          break;
        case "opaque":
          opaque = p.value();
          break;
        case "stale":
          if (p.value().equalsIgnoreCase("true")) {
            stale = true;
          } else if (!p.value().equalsIgnoreCase("false")) {
            throw new DigestSyntaxException(DigestRule.STALE, p.offset(), "true or false");
          }
          break;
        case "algorithm":
          algorithm(p.value(), p.offset());
          algorithm = p.value();
          break;
        case "qop":
          qop = qopList(p);
          break;
        default:
          break; // domain (RFC 4976 §9.1: clients ignore it) and unknown auth-params
      }
    }
    if (realm == null) {
      throw new DigestSyntaxException(DigestRule.MISSING_PARAM, -1, "realm is required");
    }
    if (nonce == null) {
      throw new DigestSyntaxException(DigestRule.MISSING_PARAM, -1, "nonce is required");
    }
    return new DigestChallenge(realm, nonce, qop, opaque, stale, algorithm);
  }

  /** {@code qop-value *("," qop-value)} inside the quotes; it must offer {@code auth}. */
  private static List<String> qopList(DigestParams.Param p) {
    String v = p.value();
    List<String> values = new java.util.ArrayList<>(2);
    int i = 0;
    while (i <= v.length()) {
      int comma = v.indexOf(',', i);
      int end = comma < 0 ? v.length() : comma;
      String one = v.substring(i, end).trim();
      DigestParams.checkToken(one, DigestRule.QOP);
      values.add(one);
      if (comma < 0) {
        break;
      }
      i = comma + 1;
    }
    offersAuth(values, p.offset());
    return List.copyOf(values);
  }

  /** A qop list must offer {@code auth}, unless it is empty (RFC 2069). */
  private static void offersAuth(List<String> qop, int offset) {
    boolean auth = qop.isEmpty();
    for (String q : qop) {
      auth |= q.equalsIgnoreCase("auth");
    }
    if (!auth) {
      throw new DigestSyntaxException(
          DigestRule.QOP, offset, "qop must offer auth (RFC 4976 forbids auth-int)");
    }
  }

  /** The algorithm a parameter names; one this side lacks breaks {@link DigestRule#ALGORITHM}. */
  static DigestAlgorithm algorithm(String value, int offset) {
    DigestAlgorithm a = DigestAlgorithm.fromToken(value);
    if (a == null) {
      throw new DigestSyntaxException(
          DigestRule.ALGORITHM, offset, "only MD5 and SHA-256 are allowed, not " + value);
    }
    return a;
  }

  public String realm() {
    return realm;
  }

  public String nonce() {
    return nonce;
  }

  /** The qop values offered, or an empty list for an RFC 2069 challenge. */
  public List<String> qop() {
    return qop;
  }

  /** The opaque value to echo, or null. */
  public @Nullable String opaque() {
    return opaque;
  }

  /** {@code true} when the previous credentials were right but their nonce had expired. */
  public boolean stale() {
    return stale;
  }

  /** The algorithm: the one named, or MD5 when the parameter is absent. */
  public DigestAlgorithm algorithm() {
    return DigestAlgorithm.ofParameter(algorithm);
  }

  /** The algorithm parameter as written, or null when absent; credentials echo it. */
  @Nullable String algorithmParameter() {
    return algorithm;
  }

  /** A challenge like this one with another nonce (what a client does with a nextnonce). */
  public DigestChallenge withNonce(String nonce) {
    return new DigestChallenge(realm, Objects.requireNonNull(nonce), qop, opaque, false, algorithm);
  }

  /** The header value, in the order RFC 4976's examples use. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(96);
    DigestParams.quoted(sb, "realm", realm, DigestRule.REALM);
    DigestParams.comma(sb);
    DigestParams.quoted(sb, "nonce", nonce, DigestRule.NONCE);
    if (!qop.isEmpty()) {
      DigestParams.comma(sb);
      DigestParams.quoted(sb, "qop", String.join(",", qop), DigestRule.QOP);
    }
    if (opaque != null) {
      DigestParams.comma(sb);
      DigestParams.quoted(sb, "opaque", opaque, DigestRule.AUTH_PARAM);
    }
    if (stale) {
      DigestParams.comma(sb);
      sb.append("stale=true");
    }
    if (algorithm != null) {
      DigestParams.comma(sb);
      DigestParams.token(sb, "algorithm", algorithm, DigestRule.ALGORITHM);
    }
    return "Digest " + sb;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof DigestChallenge)) {
      return false;
    }
    DigestChallenge c = (DigestChallenge) o;
    return stale == c.stale
        && realm.equals(c.realm)
        && nonce.equals(c.nonce)
        && qop.equals(c.qop)
        && Objects.equals(opaque, c.opaque)
        && Objects.equals(algorithm, c.algorithm);
  }

  @Override
  public int hashCode() {
    return Objects.hash(realm, nonce, qop, opaque, stale, algorithm);
  }
}
