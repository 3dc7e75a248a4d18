package org.parley.relay;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.parley.msrp.auth.DigestAlgorithm;

/**
 * How the relay authenticates clients (RFC 4976 §5.1, §6.3, §9.1; SHA-256 from RFC 7616) and for
 * how long the Use-Path URIs it hands out stay valid.
 *
 * <table>
 *   <caption>Settings (file key after {@code auth.})</caption>
 *   <tr><th>name</th><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>realm</td><td>{@code realm} (top level)</td><td>the relay's host</td>
 *       <td>the digest realm; the users file's lines for other realms are not used</td></tr>
 *   <tr><td>nonceLifetime</td><td>nonce-lifetime</td><td>5m</td>
 *       <td>after this, right credentials with the nonce get 401 with {@code stale=true}</td></tr>
 *   <tr><td>defaultExpires</td><td>expires</td><td>600</td>
 *       <td>seconds a Use-Path URI lives when the AUTH has no Expires</td></tr>
 *   <tr><td>minExpires</td><td>min-expires</td><td>60</td>
 *       <td>a smaller Expires gets 423 with Min-Expires</td></tr>
 *   <tr><td>maxExpires</td><td>max-expires</td><td>3600</td>
 *       <td>a larger Expires gets 423 with Max-Expires</td></tr>
 *   <tr><td>algorithms</td><td>algorithms</td><td>SHA-256, MD5</td>
 *       <td>the digest algorithms offered, one challenge each, the preferred first (RFC 7616
 *       §3.7); credentials of another are refused. A user needs the HA1 of the algorithm the
 *       client picks (see {@link HtdigestUserStore})</td></tr>
 * </table>
 *
 * @param realm the realm, or null for the relay's host
 */
public record AuthPolicy(
    String realm,
    Duration nonceLifetime,
    long defaultExpires,
    long minExpires,
    long maxExpires,
    List<DigestAlgorithm> algorithms) {

  /** The defaults above. */
  public static final AuthPolicy DEFAULT =
      new AuthPolicy(
          null,
          Duration.ofMinutes(5),
          600,
          60,
          3600,
          List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException naming the setting out of range
   */
  public AuthPolicy {
    if (nonceLifetime == null || nonceLifetime.isNegative() || nonceLifetime.isZero()) {
      throw new IllegalArgumentException("auth.nonce-lifetime must be a positive duration");
    }
    if (minExpires < 1 || maxExpires < minExpires) {
      throw new IllegalArgumentException(
          "auth.min-expires must be at least 1 and at most auth.max-expires");
    }
    if (defaultExpires < minExpires || defaultExpires > maxExpires) {
      throw new IllegalArgumentException(
          "auth.expires must lie between auth.min-expires and auth.max-expires");
    }
    if (realm != null && (realm.isEmpty() || realm.indexOf('"') >= 0 || realm.indexOf(':') >= 0)) {
      throw new IllegalArgumentException("realm must be non-empty, without '\"' or ':'");
    }
    algorithms = List.copyOf(algorithms);
    if (algorithms.isEmpty() || new HashSet<>(algorithms).size() != algorithms.size()) {
      throw new IllegalArgumentException("auth.algorithms must name each algorithm once");
    }
  }

  public AuthPolicy withRealm(String v) {
    return new AuthPolicy(v, nonceLifetime, defaultExpires, minExpires, maxExpires, algorithms);
  }

  public AuthPolicy withNonceLifetime(Duration v) {
    return new AuthPolicy(realm, v, defaultExpires, minExpires, maxExpires, algorithms);
  }

  /** Default, minimum and maximum Expires, in seconds. */
  public AuthPolicy withExpires(long defaultSeconds, long minSeconds, long maxSeconds) {
    return new AuthPolicy(realm, nonceLifetime, defaultSeconds, minSeconds, maxSeconds, algorithms);
  }

  /** The algorithms offered, the preferred first. */
  public AuthPolicy withAlgorithms(List<DigestAlgorithm> v) {
    return new AuthPolicy(realm, nonceLifetime, defaultExpires, minExpires, maxExpires, v);
  }
}
