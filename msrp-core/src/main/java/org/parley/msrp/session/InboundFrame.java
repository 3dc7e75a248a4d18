package org.parley.msrp.session;

import org.jspecify.annotations.Nullable;
import org.parley.msrp.MsrpRequest;

/**
 * A request being read on one connection, from its head to its end-line: the inbox of the session
 * it is for, the message it carries, how far its body got and whether it was refused. One per
 * frame, owned by the connection's event loop: frames of one session read on other connections at
 * the same time have their own.
 */
final class InboundFrame {
  final InboundConnection inbound;
  final SessionInbox inbox;
  final MsrpRequest request;

  /** The message the chunk belongs to, or null when its bytes go nowhere. */
  @Nullable IncomingMessage message;

  /** Offset in the message (from 0) of the next body byte. */
  long position;

  /** The error code the chunk was refused with (answered then), or 0. */
  int refusal;

  InboundFrame(InboundConnection inbound, SessionInbox inbox, MsrpRequest request) {
    this.inbound = inbound;
    this.inbox = inbox;
    this.request = request;
  }
}
