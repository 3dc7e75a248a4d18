package org.parley.sip;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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

  /** {@code sip:user@127.0.0.1}, on free ports. */
  static SipAgent local(String user, SipListener listener) {
    return SipAgent.start(SipConfig.builder("sip:" + user + "@127.0.0.1").build(), listener);
  }

  /** {@code sip:user@127.0.0.1}, on free ports, handing every file offer to {@code offers}. */
  static SipAgent receiving(String user, Consumer<FileOffer> offers) {
    return local(
        user,
        new SipListener() {
          @Override
          public void fileOffer(FileOffer offer) {
            offers.accept(offer);
          }
        });
  }

  /** A TCP port nothing listens on (at the moment it is returned). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
