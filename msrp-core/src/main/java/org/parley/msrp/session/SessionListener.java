package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ByteRange;
import org.parley.msrp.MsrpStatus;

/**
 * What a session hears about incoming messages. Called on the event loop of the connection the
 * chunk came over: do not block. A body slice is released after {@link #bytes} returns; retain it
 * to keep it.
 *
 * <p>Threading: calls about one message ({@link #started}, {@link #bytes}, {@link #completed})
 * never overlap and each sees what the previous did, even when its chunks come over several
 * connections. Calls about different messages of a session may come at the same time from different
 * connections' event loops: state shared between messages needs a concurrent map or a lock. A
 * message whose last chunk was answered 200 has been {@linkplain #completed completed} (not
 * aborted) before the 200 went out; a connection that closes aborts only messages it left
 * unfinished.
 */
public interface SessionListener {
  /** A message's first chunk arrived. */
  default void started(MsrpSession session, IncomingMessage message) {}

  /** Bytes of a message, in the order they arrived, with their position (from 0). */
  default void bytes(MsrpSession session, IncomingMessage message, long position, ByteBuf slice) {}

  /** The message's last chunk arrived ({@code $}), or it was aborted ({@code #}). */
  default void completed(MsrpSession session, IncomingMessage message, boolean aborted) {}

  /**
   * A REPORT arrived about a message this session sent (RFC 4975 §7.1.2): {@code 000 200} for a
   * success report, an error code for a failure report.
   *
   * @param range the Byte-Range the report covers, or null when it has none
   */
  default void report(
      MsrpSession session, String messageId, MsrpStatus status, @Nullable ByteRange range) {}

  /** The session's connection closed. */
  default void closed(MsrpSession session) {}
}
