package org.parley.msrp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.codec.MsrpDecodeError;

/**
 * What a connection hears, in the decoder's order: per frame a head, body slices and the end; or a
 * decode error. Called on the connection's event loop: implementations must not block. A body slice
 * is released by the connection after {@link #content} returns; retain it to keep it.
 */
public interface FrameHandler {
  /**
   * A connection a listener accepted, before anything else is done with it (for TLS: before the
   * handshake). Returning false closes it at once: it is never opened, and nothing more is heard of
   * it. Connections this end opens are not asked. The default admits every connection.
   */
  default boolean admit(Channel channel) {
    return true;
  }

  /** A connection is up (for TLS: after the handshake). */
  default void opened(MsrpConnection connection) {}

  /** A frame's start line and headers. */
  void head(MsrpConnection connection, MsrpHead head);

  /** Body bytes of the current frame, as they arrive. */
  default void content(MsrpConnection connection, ByteBuf slice) {}

  /** The end-line of the current frame. */
  default void end(MsrpConnection connection, ContinuationFlag flag) {}

  /**
   * A frame broke a rule. For {@link MsrpDecodeError.Action#CLOSE} the connection closes itself
   * after this call.
   */
  default void error(MsrpConnection connection, MsrpDecodeError error) {}

  /** {@link MsrpConnection#isWritable} changed. */
  default void writabilityChanged(MsrpConnection connection) {}

  /** The connection is closed (by either side, or after an error). */
  default void closed(MsrpConnection connection) {}
}
