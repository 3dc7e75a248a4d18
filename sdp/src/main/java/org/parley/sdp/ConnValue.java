package org.parley.sdp;

import java.util.Locale;

/**
 * The value of {@code a=connection} (RFC 4145 §5).
 *
 * <pre>
 * conn-attr  = "connection:" conn-value
 * conn-value = "new" / "existing"
 * </pre>
 */
public enum ConnValue {
  NEW,
  EXISTING;

  static ConnValue parse(String value, int line) {
    for (ConnValue c : values()) {
      if (c.token().equalsIgnoreCase(value)) {
        return c;
      }
    }
    throw new SdpParseException(
        line, SdpRule.CONNECTION, "conn-value must be new or existing: " + SdpFields.quote(value));
  }

  /** The value as written in SDP. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
