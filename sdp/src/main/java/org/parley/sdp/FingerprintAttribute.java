package org.parley.sdp;

import java.util.List;
import org.parley.msrp.Fingerprint;

/**
 * The syntax of {@code a=fingerprint} (RFC 8122 §5); the value is msrp-core's {@link Fingerprint},
 * which TLS connections are checked against.
 *
 * <pre>
 * fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
 * hash-func             = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
 * fingerprint           = 2UHEX *(":" 2UHEX)
 * </pre>
 *
 * <p>Lower-case hex is accepted (peers send it); any hash-func token is read, whether or not it can
 * be checked. {@link Fingerprint#toString} writes the value.
 */
final class FingerprintAttribute {
  private FingerprintAttribute() {}

  /**
   * Reads the attribute value ({@code hash-func SP fingerprint}) of line {@code line}.
   *
   * @throws SdpParseException naming the column of what breaks the rule
   */
  static Fingerprint parse(String v, int line) {
    List<String> f = SdpChars.fields(v);
    if (f.size() != 2) {
      throw new SdpParseException(
          line, SdpRule.FINGERPRINT, "expected hash-func SP fingerprint: " + SdpFields.quote(v));
    }
    if (!SdpChars.token(f.get(0))) {
      throw new SdpParseException(line, SdpRule.FINGERPRINT, "hash-func must be a token");
    }
    String hex = f.get(1);
    int bad = SdpChars.hexPairs(hex);
    if (bad >= 0) {
      throw new SdpParseException(
          line,
          SdpRule.FINGERPRINT,
          "fingerprint must be hex pairs separated by ':' (column " + (bad + 1) + ")");
    }
    return Fingerprint.of(f.get(0), hex);
  }
}
