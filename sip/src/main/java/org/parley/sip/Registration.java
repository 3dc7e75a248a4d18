package org.parley.sip;

import java.time.Duration;
import java.util.Objects;
import org.parley.sdp.SipUri;

/**
 * Registration with a registrar (RFC 3261 §10): where, and for how long each binding is asked. The
 * agent registers when it starts, refreshes before the granted time runs out, and un-registers
 * (Expires 0) when it closes.
 *
 * @param registrar the Request-URI of REGISTER, e.g. {@code sip:example.com}
 * @param expires the lifetime asked for; the registrar may grant less
 */
public record Registration(SipUri registrar, Duration expires) {
  /** The lifetime asked by default: one hour. */
  public static final Duration DEFAULT_EXPIRES = Duration.ofHours(1);

  /** Checks the values. */
  public Registration {
    Objects.requireNonNull(registrar, "registrar");
    Objects.requireNonNull(expires, "expires");
    if (expires.toSeconds() < 1) {
      throw new IllegalArgumentException("expires must be at least one second");
    }
  }

  /** A registration with the registrar given as text and the default lifetime. */
  public static Registration at(String registrar) {
    return new Registration(SipUri.parse(registrar), DEFAULT_EXPIRES);
  }
}
