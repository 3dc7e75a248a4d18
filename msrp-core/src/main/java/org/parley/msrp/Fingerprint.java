package org.parley.msrp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;

/**
 * A certificate fingerprint (RFC 8122 §5), the value of SDP's {@code a=fingerprint} and of the
 * fingerprints a TLS peer is pinned to:
 *
 * <pre>
 * fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
 * hash-func             = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
 * fingerprint           = 2UHEX *(":" 2UHEX)
 * </pre>
 *
 * <p>Immutable. The hash function is kept as written and compared without case; the value is its
 * bytes, so hex of either case compares equal and is written in upper case. Any hash-func token can
 * be held (a peer's SDP may name one); only the SHA family is trusted: {@link #matches} is false
 * for another (RFC 8122 §5 deprecates MD5 and MD2), and {@link #parse}, for fingerprints given to
 * pin a peer, refuses it.
 */
public final class Fingerprint {
  private final String hashFunction;
  private final byte[] value;

  private Fingerprint(String hashFunction, byte[] value) {
    this.hashFunction = hashFunction;
    this.value = value;
  }

  /**
   * Parses a fingerprint to pin a peer to: {@code "sha-256 AB:CD:..."} (or {@code
   * "sha-256:AB:CD:..."}, handier on a command line), of the SHA family and of its digest's length.
   * The hash function is kept in lower case.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Fingerprint parse(String text) {
    int sp = text.indexOf(' ');
    if (sp < 0 && text.regionMatches(true, 0, "sha-", 0, 4)) {
      sp = text.indexOf(':'); // the command-line form sha-256:AB:CD:...
    }
    if (sp <= 0) {
      throw new IllegalArgumentException("fingerprint: expected 'hash-func SP fingerprint'");
    }
    String hash = text.substring(0, sp).toLowerCase(Locale.ROOT);
    int size = digestSize(hash);
    if (size < 0) {
      throw new IllegalArgumentException("fingerprint: unsupported hash function " + hash);
    }
    String hex = text.substring(sp + 1);
    if (hex.length() != size * 3 - 1) {
      throw new IllegalArgumentException(
          "fingerprint: " + hash + " needs " + size + " bytes as colon-separated hex pairs");
    }
    return new Fingerprint(hash, hexPairs(hex));
  }

  /**
   * A fingerprint from its parts as SDP writes them, of any hash function and length.
   *
   * @param hashFunction the hash-func token ({@code sha-256}, ...), kept as written
   * @param hexPairs {@code 2HEXDIG *(":" 2HEXDIG)}, either case
   * @throws IllegalArgumentException for a hash function that is not a token, or hex that is not
   *     colon-separated pairs
   */
  public static Fingerprint of(String hashFunction, String hexPairs) {
    boolean token = !hashFunction.isEmpty();
    for (int i = 0; i < hashFunction.length(); i++) {
      token &= Chars.tokenChar(hashFunction.charAt(i));
    }
    if (!token) {
      throw new IllegalArgumentException("fingerprint: hash-func must be a token");
    }
    return new Fingerprint(hashFunction, hexPairs(hexPairs));
  }

  /** The SHA-256 fingerprint of a certificate. */
  public static Fingerprint sha256(X509Certificate certificate) {
    return of("sha-256", certificate);
  }

  /**
   * The fingerprint of a certificate with a hash function of the SHA family.
   *
   * @throws IllegalArgumentException for another hash function
   */
  public static Fingerprint of(String hashFunction, X509Certificate certificate) {
    String hash = hashFunction.toLowerCase(Locale.ROOT);
    if (digestSize(hash) < 0) {
      throw new IllegalArgumentException("fingerprint: unsupported hash function " + hashFunction);
    }
    try {
      MessageDigest md = MessageDigest.getInstance(hash.toUpperCase(Locale.ROOT));
      return new Fingerprint(hashFunction, md.digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint the certificate", e);
    }
  }

  /** The digest size in bytes of a hash function of the SHA family (lower case), else -1. */
  private static int digestSize(String hash) {
    switch (hash) {
      case "sha-1":
        return 20;
      case "sha-224":
        return 28;
      case "sha-256":
        return 32;
      case "sha-384":
        return 48;
      case "sha-512":
        return 64;
      default:
        return -1;
    }
  }

  /** {@code 2HEXDIG *(":" 2HEXDIG)} as bytes. */
  private static byte[] hexPairs(String hex) {
    if (hex.length() % 3 != 2) {
      throw new IllegalArgumentException("fingerprint: expected hex pairs separated by ':'");
    }
    byte[] v = new byte[(hex.length() + 1) / 3];
    for (int i = 0; i < v.length; i++) {
      int hi = hexDigit(hex.charAt(3 * i));
      int lo = hexDigit(hex.charAt(3 * i + 1));
      if (hi < 0 || lo < 0 || (i < v.length - 1 && hex.charAt(3 * i + 2) != ':')) {
        throw new IllegalArgumentException("fingerprint: bad hex pair at offset " + 3 * i);
      }
      v[i] = (byte) (hi << 4 | lo);
    }
    return v;
  }

  /** The value of an ASCII hex digit of either case, or -1. */
  private static int hexDigit(char c) {
    return Chars.hex(c) ? Character.digit(c, 16) : -1;
  }

  /**
   * {@code true} when {@code certificate} has this fingerprint; always false for a hash function
   * outside the SHA family.
   */
  public boolean matches(X509Certificate certificate) {
    if (digestSize(hashFunction.toLowerCase(Locale.ROOT)) != value.length) {
      return false;
    }
    return MessageDigest.isEqual(value, of(hashFunction, certificate).value);
  }

  /** The hash function as written ({@code sha-256}, ...). */
  public String hashFunction() {
    return hashFunction;
  }

  /** Equal when the hash functions are, without case, and the values are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint
        && hashFunction.equalsIgnoreCase(((Fingerprint) o).hashFunction)
        && Arrays.equals(value, ((Fingerprint) o).value);
  }

  @Override
  public int hashCode() {
    return hashFunction.toLowerCase(Locale.ROOT).hashCode() * 31 + Arrays.hashCode(value);
  }

  /** The SDP form, {@code hash-func SP fingerprint}: {@code sha-256 AB:CD:...}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(hashFunction.length() + 1 + value.length * 3);
    sb.append(hashFunction).append(' ');
    for (int i = 0; i < value.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Character.toUpperCase(Character.forDigit((value[i] >> 4) & 0xf, 16)));
      sb.append(Character.toUpperCase(Character.forDigit(value[i] & 0xf, 16)));
    }
    return sb.toString();
  }
}
