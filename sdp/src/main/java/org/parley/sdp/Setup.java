package org.parley.sdp;

import java.util.Locale;

/**
 * The role of {@code a=setup} (RFC 4145 §4, used for MSRP by RFC 6135).
 *
 * <pre>
 * setup-attr = "setup:" role
 * role       = "active" / "passive" / "actpass" / "holdconn"
 * </pre>
 */
public enum Setup {
  /** Opens the connection. */
  ACTIVE,
  /** Waits for the connection. */
  PASSIVE,
  /** Either; only in an offer. */
  ACTPASS,
  /** No connection now; RFC 6135 does not allow it for MSRP. */
  HOLDCONN;

  static Setup parse(String value, int line) {
    for (Setup s : values()) {
      if (s.token().equalsIgnoreCase(value)) {
        return s;
      }
    }
    throw new SdpParseException(
        line,
        SdpRule.SETUP,
        "role must be active, passive, actpass or holdconn: " + SdpFields.quote(value));
  }

  /** The role as written in SDP. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
