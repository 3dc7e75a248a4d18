package org.parley.sip;

import java.time.Duration;
import java.util.Objects;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;

/**
 * An MSRP relay (RFC 4976) the agent's sessions go through: where it is, the account to AUTH with,
 * and, for an {@code msrps} relay with a self-signed certificate, that certificate's fingerprint
 * (without one, an {@code msrps} relay's certificate is checked against the JDK's trust store).
 *
 * @param uri the relay, e.g. {@code msrp://relay.example.com:2855;tcp}
 * @param username the AUTH account
 * @param password its password (never logged, never in {@link #toString()})
 * @param fingerprint the relay's certificate fingerprint, or null
 * @param expires the binding lifetime to ask for, or null for the relay's default
 */
public record MsrpRelay(
    MsrpUri uri, String username, String password, Fingerprint fingerprint, Duration expires) {

  /** Checks the values. */
  public MsrpRelay {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (!uri.hasPort()) {
      throw new IllegalArgumentException("the relay URI needs a port: " + uri);
    }
    if (fingerprint != null && !uri.secure()) {
      throw new IllegalArgumentException("a fingerprint is for an msrps relay: " + uri);
    }
  }

  /** A relay by URI text and account, the relay's default lifetime, no fingerprint. */
  public static MsrpRelay of(String uri, String username, String password) {
    return new MsrpRelay(MsrpUri.parse(uri), username, password, null, null);
  }

  /** The same relay, its certificate checked against {@code fingerprint} ({@code sha-256 AB:…}). */
  public MsrpRelay withFingerprint(String fingerprint) {
    return new MsrpRelay(uri, username, password, Fingerprint.parse(fingerprint), expires);
  }

  @Override
  public String toString() {
    return "MsrpRelay[" + uri + " as " + username + "]";
  }
}
