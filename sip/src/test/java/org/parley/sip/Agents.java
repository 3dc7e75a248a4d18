package org.parley.sip;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test helpers for agents. */
final class Agents {
  private Agents() {}

  /**
   * Closes agents side by side: JAIN-SIP's stop sleeps a second (in {@code
   * SIPTransactionStack.stopStack}), so closing them one after the other adds up.
   */
  static void closeAll(SipAgent... agents) {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (SipAgent a : agents) {
      if (a != null) {
        closing.add(CompletableFuture.runAsync(a::close));
      }
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
  }

  /** A TCP port nothing listens on (at the moment it is returned). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
