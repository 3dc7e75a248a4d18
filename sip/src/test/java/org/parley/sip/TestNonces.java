package org.parley.sip;

/**
 * Digest nonces of this process for tests in other modules (the commands run in the test's JVM, so
 * they share its secret): one made long ago, to check {@code stale=true} without waiting.
 */
public final class TestNonces {
  private TestNonces() {}

  /** A nonce for {@code realm} made ten minutes ago: stale for the default lifetime (5 min). */
  public static String stale(String realm) {
    return Gate.nonce(System.currentTimeMillis() - 600_000, realm);
  }
}
