package org.parley.msrp;

import java.security.SecureRandom;

/**
 * Transaction ids and Message-IDs from a cryptographically secure random source (RFC 4975 §7.1 asks
 * for ids that are unique and hard to guess).
 */
public final class TransactionIds {
  private static final char[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  /**
   * The JDK's DRBG (NIST SP 800-90A), seeded by the system: in-process after seeding, so an id
   * costs no system call (NativePRNG reads /dev/urandom under a lock on every call).
   */
  private static final SecureRandom RANDOM = drbg();

  /** 16 characters of a 62-letter alphabet: about 95 bits. */
  private static final int LENGTH = 16;

  private TransactionIds() {}

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  /** A new random {@code ident} of 16 letters and digits. */
  public static String next() {
    byte[] bytes = new byte[LENGTH];
    RANDOM.nextBytes(bytes);
    char[] c = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      // 62 does not divide 256: the bias is under 2 bits over the whole id, harmless for ids.
      c[i] = ALPHABET[(bytes[i] & 0xff) % ALPHABET.length];
    }
    return new String(c);
  }

  /**
   * Checks {@code transact-id = ident}.
   *
   * @throws MsrpSyntaxException with rule {@link MsrpRule#TRANSACT_ID}
   */
  public static String check(String transactionId) {
    HeaderValues.ident(transactionId, MsrpRule.TRANSACT_ID);
    return transactionId;
  }
}
