package org.parley.msrp.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP carries it (RFC 8122 §5): {@code hash-func SP fingerprint}, e.g.
 * {@code sha-256 4A:AD:B9:...}. Only the SHA family is accepted (RFC 8122 §5 deprecates MD5 and MD2
 * for new use).
 */
public final class Fingerprint {
  private final String hashFunction;
  private final byte[] value;

  private Fingerprint(String hashFunction, byte[] value) {
    this.hashFunction = hashFunction;
    this.value = value;
  }

  /**
   * Parses {@code "sha-256 AB:CD:..."} (or {@code "sha-256:AB:CD:..."}, handier on a command line).
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
    String hex = text.substring(sp + 1);
    if (hex.length() != size * 3 - 1) {
      throw new IllegalArgumentException(
          "fingerprint: " + hash + " needs " + size + " bytes as colon-separated hex pairs");
    }
    byte[] v = new byte[size];
    for (int i = 0; i < size; i++) {
      int hi = Character.digit(hex.charAt(3 * i), 16);
      int lo = Character.digit(hex.charAt(3 * i + 1), 16);
      if (hi < 0 || lo < 0 || (i < size - 1 && hex.charAt(3 * i + 2) != ':')) {
        throw new IllegalArgumentException("fingerprint: bad hex pair at offset " + 3 * i);
      }
      v[i] = (byte) (hi << 4 | lo);
    }
    return new Fingerprint(hash, v);
  }

  /** The SHA-256 fingerprint of a certificate. */
  public static Fingerprint sha256(X509Certificate certificate) {
    return of("sha-256", certificate);
  }

  static Fingerprint of(String hashFunction, X509Certificate certificate) {
    try {
      MessageDigest md = MessageDigest.getInstance(hashFunction.toUpperCase(Locale.ROOT));
      return new Fingerprint(hashFunction, md.digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint the certificate", e);
    }
  }

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
        throw new IllegalArgumentException("fingerprint: unsupported hash function " + hash);
    }
  }

  /** {@code true} when {@code certificate} has this fingerprint. */
  public boolean matches(X509Certificate certificate) {
    return MessageDigest.isEqual(value, of(hashFunction, certificate).value);
  }

  public String hashFunction() {
    return hashFunction;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint
        && hashFunction.equals(((Fingerprint) o).hashFunction)
        && Arrays.equals(value, ((Fingerprint) o).value);
  }

  @Override
  public int hashCode() {
    return hashFunction.hashCode() * 31 + Arrays.hashCode(value);
  }

  /** The SDP form, {@code sha-256 AB:CD:...}. */
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
