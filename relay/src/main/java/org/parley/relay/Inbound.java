package org.parley.relay;

import io.netty.buffer.ByteBuf;
import org.parley.msrp.ContinuationFlag;

/**
 * Where the body and end-line of the frame being read on a connection go. Called on that
 * connection's event loop, in order.
 */
interface Inbound {
  /** Drops body and end: responses' bodies, refused requests. */
  Inbound DISCARD =
      new Inbound() {
        @Override
        public boolean content(ByteBuf slice) {
          slice.release();
          return true;
        }

        @Override
        public boolean end(ContinuationFlag flag) {
          return true;
        }
      };

  /**
   * Takes a body slice and its reference.
   *
   * @return false when the frame must wait (the slice is not taken; it is offered again later)
   */
  boolean content(ByteBuf slice);

  /**
   * The frame's end-line.
   *
   * @return false when the frame must wait (offered again later)
   */
  boolean end(ContinuationFlag flag);
}
