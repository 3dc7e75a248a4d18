package org.parley.sip;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.parley.msrp.session.MsrpSession;

/** The message stream of a {@link Chat}: MSRP or the 2001 MESSAGE form. */
interface Media {
  ChatMode mode();

  /** Sends a whole message; may be called from any thread. */
  CompletableFuture<Void> send(String contentType, byte[] body);

  /**
   * Completes (never fails) when every message sent so far has its outcome: a BYE sent then
   * overtakes none of them.
   */
  default CompletableFuture<Void> settled() {
    return CompletableFuture.completedFuture(null);
  }

  Optional<MsrpSession> msrp();

  /** Stops the stream; nothing more is delivered. Idempotent. */
  void close();
}
