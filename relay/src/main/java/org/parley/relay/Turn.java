package org.parley.relay;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.MsrpHead;

/**
 * What waits in an {@link Outbound}'s queue for the connection's frame slot: a forwarded frame, or
 * a whole frame without body that the relay makes (a response or a REPORT).
 */
sealed interface Turn permits Forward, Turn.Whole {
  /**
   * A frame without body made by the relay; {@code done}, when not null, completes when it is
   * written.
   */
  record Whole(MsrpHead head, @Nullable CompletableFuture<Void> done) implements Turn {}
}
