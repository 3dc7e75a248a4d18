package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;

/**
 * What a session hears about incoming messages. Called on the connection's event loop: do not
 * block. A body slice is released after {@link #bytes} returns; retain it to keep it.
 */
public interface SessionListener {
  /** A message's first chunk arrived. */
  default void started(MsrpSession session, IncomingMessage message) {}

  /** Bytes of a message, in the order they arrived, with their position (from 0). */
  default void bytes(MsrpSession session, IncomingMessage message, long position, ByteBuf slice) {}

  /** The message's last chunk arrived ({@code $}), or it was aborted ({@code #}). */
  default void completed(MsrpSession session, IncomingMessage message, boolean aborted) {}

  /** The session's connection closed. */
  default void closed(MsrpSession session) {}
}
