package org.parley.sdp;

import java.util.List;
import java.util.Locale;

/**
 * {@code a=fingerprint} (RFC 8122 §5): the hash of the certificate the peer's TLS connection must
 * present.
 *
 * <pre>
 * fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
 * hash-func             = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
 * fingerprint           = 2UHEX *(":" 2UHEX)
 * </pre>
 *
 * <p>Lower-case hex is accepted (peers send it) and compared without case.
 */
public final class Fingerprint {
  private final String hashFunction;
  private final String value;

  private Fingerprint(String hashFunction, String value) {
    this.hashFunction = hashFunction;
    this.value = value;
  }

  /**
   * A fingerprint from its parts.
   *
   * @throws SdpParseException when a part breaks the rule
   */
  public static Fingerprint of(String hashFunction, String value) {
    return parse(hashFunction + ' ' + value, 0);
  }

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
    return new Fingerprint(f.get(0), hex);
  }

  /** The hash function as written ({@code sha-256}, ...). */
  public String hashFunction() {
    return hashFunction;
  }

  /** The hex pairs as written. */
  public String value() {
    return value;
  }

  /** The attribute value, {@code hash-func SP fingerprint}. */
  @Override
  public String toString() {
    return hashFunction + ' ' + value;
  }

  /** Equal when the hash function and the hex are, without case. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint
        && ((Fingerprint) o).hashFunction.equalsIgnoreCase(hashFunction)
        && ((Fingerprint) o).value.equalsIgnoreCase(value);
  }

  @Override
  public int hashCode() {
    return toString().toLowerCase(Locale.ROOT).hashCode();
  }
}
