package org.parley.relay;

/**
 * Where a forwarded frame stands on its next hop's connection, whose frames cannot interleave (RFC
 * 4975 §7.1): one frame at a time holds the connection's frame slot. Only {@link Forward} changes
 * its state, under its {@link Outbound}'s monitor, and only along the arrows below; anything else
 * is a bug and throws.
 *
 * <pre>
 *   NEW ──► WAITING ──► OWNER ──► FINISHED
 *    │         │  ▲        │         ▲
 *    │         │  └─ INTERRUPTED ◄───┘ (a SEND's piece ended with '+'; the rest waits)
 *    └─────────┴──────────┴──────────► FINISHED (refused, aborted, lost)
 * </pre>
 */
enum ForwardState {
  /** Made; its next hop may still be connecting. */
  NEW,
  /** In the next hop's queue for the slot. */
  WAITING,
  /** Holds the slot: its piece's head is written, its end-line not yet. */
  OWNER,
  /**
   * A SEND whose piece ended with {@code +} to let others through; its rest comes as a new chunk.
   */
  INTERRUPTED,
  /** Nothing more of it is written: ended, aborted, refused, or its connection lost. */
  FINISHED;

  /** Whether a frame in this state may go to {@code next}. */
  boolean mayBecome(ForwardState next) {
    switch (this) {
      case NEW:
        return next == WAITING || next == FINISHED;
      case WAITING:
        return next == OWNER || next == FINISHED;
      case OWNER:
        return next == INTERRUPTED || next == FINISHED;
      case INTERRUPTED:
        return next == WAITING || next == FINISHED;
      case FINISHED:
      default:
        return false;
    }
  }
}
