package org.parley.msrp.session;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.transport.MsrpConnection;

/**
 * What one connection is receiving: the frame being read and the unfinished messages it carries
 * chunks of. Owned by the connection's event loop (no locks): the stack keeps one per connection as
 * a channel attribute.
 *
 * <p>When the connection closes, a message whose chunk it was reading is aborted, and so is one no
 * other connection carries; a message that arrived whole, or that goes on over another connection,
 * is not touched.
 */
final class InboundConnection {
  final MsrpConnection connection;

  /** The request being read, or null between frames. */
  @Nullable InboundFrame current;

  /**
   * Unfinished messages with a chunk on this connection, and their sessions' inboxes; null while
   * there are none (most connections, most of the time: no memory held for an idle one).
   */
  private @Nullable Map<IncomingMessage, SessionInbox> carried;

  InboundConnection(MsrpConnection connection) {
    this.connection = connection;
  }

  /**
   * {@code true} when this connection may carry {@code m} too: it does already, or it carries fewer
   * than {@code max} unfinished messages.
   */
  boolean mayCarry(@Nullable IncomingMessage m, int max) {
    if (carried == null) {
      return max > 0;
    }
    if (m != null && carried.containsKey(m)) {
      return true;
    }
    if (carried.size() >= max) {
      // Messages ended on another connection are still listed here: forget them first.
      carried.keySet().removeIf(IncomingMessage::ended);
    }
    return carried.size() < max;
  }

  void carry(IncomingMessage m, SessionInbox inbox) {
    if (carried == null) {
      carried = new HashMap<>(4);
    }
    carried.put(m, inbox);
  }

  void ended(IncomingMessage m) {
    if (carried != null) {
      carried.remove(m);
      if (carried.isEmpty()) {
        carried = null;
      }
    }
  }

  /** The connection closed: the messages it leaves unfinished hear of it. */
  void closed() {
    InboundFrame f = current;
    current = null;
    IncomingMessage reading = f == null ? null : f.message;
    Map<IncomingMessage, SessionInbox> left = carried;
    carried = null;
    if (left != null) {
      for (Map.Entry<IncomingMessage, SessionInbox> e : left.entrySet()) {
        e.getValue().connectionLost(connection, e.getKey(), e.getKey() == reading);
      }
    }
  }
}
