package org.parley.im.imdn;

import java.security.SecureRandom;

/**
 * Fresh values for {@code imdn.Message-ID}: 16 letters and digits from {@link SecureRandom} (about
 * 95 bits; RFC 5438 asks for at least 32 bits of randomness so that ids are unique and not
 * guessable).
 */
public final class ImdnMessageIds {
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ImdnMessageIds() {}

  /** A new Message-ID. */
  public static String next() {
    char[] id = new char[16];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }
}
