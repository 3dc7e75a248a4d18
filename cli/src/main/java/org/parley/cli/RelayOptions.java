package org.parley.cli;

import org.parley.sip.MsrpRelay;
import picocli.CommandLine.Option;

/**
 * {@code --relay}, {@code --relay-auth} and {@code --relay-fingerprint}: the MSRP relay (RFC 4976)
 * a command's sessions go through. A picocli mixin for every command that sets up MSRP sessions.
 */
final class RelayOptions {
  @Option(
      names = "--relay",
      paramLabel = "MSRP-URI",
      description = {
        "An MSRP relay for the sessions (RFC 4976): AUTH with it and send MSRP through it.",
        "e.g. 'msrps://127.0.0.1:2855;tcp'"
      })
  String relay;

  @Option(
      names = "--relay-auth",
      paramLabel = "USER:PASSWORD",
      description = "The relay account, user:password.")
  String relayAuth;

  @Option(
      names = "--relay-fingerprint",
      paramLabel = "FINGERPRINT",
      description = "The msrps relay's certificate fingerprint, e.g. 'sha-256 4A:AD:...'.")
  String relayFingerprint;

  /**
   * The relay, or null without {@code --relay}.
   *
   * @throws IllegalArgumentException naming the option that is wrong or missing
   */
  MsrpRelay relay() {
    if (relay == null) {
      if (relayAuth != null || relayFingerprint != null) {
        throw new IllegalArgumentException("--relay-auth and --relay-fingerprint need --relay");
      }
      return null;
    }
    int colon = relayAuth == null ? -1 : relayAuth.indexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("--relay needs --relay-auth user:password");
    }
    try {
      MsrpRelay r =
          MsrpRelay.of(relay, relayAuth.substring(0, colon), relayAuth.substring(colon + 1));
      return relayFingerprint == null ? r : r.withFingerprint(relayFingerprint);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--relay: " + e.getMessage());
    }
  }
}
