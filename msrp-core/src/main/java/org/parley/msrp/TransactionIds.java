package org.parley.msrp;

import java.security.SecureRandom;

/**
 * Transaction ids and Message-IDs from a cryptographically secure random source (RFC 4975 §7.1 asks
 * for ids that are unique and hard to guess).
 */
public final class TransactionIds {
  private static final byte[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

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

  /** Random bytes drawn from the DRBG at a time: one call serves 64 ids. */
  private static final int BATCH = 64 * LENGTH;

  /**
   * Each thread's unused random bytes. One DRBG call per 64 ids instead of one per id: the DRBG's
   * per-call work (locking, state update) dominated the cost of an id.
   */
  private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);

  private static final class Pool {
    final byte[] bytes = new byte[BATCH];
    int next = BATCH;
  }

  /** A new random {@code ident} of 16 letters and digits. */
  public static String next() {
    Pool pool = POOL.get();
    if (pool.next == BATCH) {
      RANDOM.nextBytes(pool.bytes);
      pool.next = 0;
    }
    byte[] bytes = pool.bytes;
    int at = pool.next;
    byte[] c = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      // 62 does not divide 256: the bias is under 2 bits over the whole id, harmless for ids.
      c[i] = ALPHABET[(bytes[at + i] & 0xff) % ALPHABET.length];
      bytes[at + i] = 0; // used bytes do not stay in memory
    }
    pool.next = at + LENGTH;
    return new String(c, java.nio.charset.StandardCharsets.US_ASCII);
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
