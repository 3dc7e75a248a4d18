package org.parley.msrp.session;

import java.util.ArrayList;
import java.util.List;
import org.parley.msrp.ByteRanges;
import org.parley.msrp.transport.MsrpConnection;

/**
 * A message being received: its Message-ID, Content-Type and total size (-1 when unknown).
 *
 * <p>Threading: chunks of one message may come over several connections, hence on several event
 * loops. Everything that changes while it arrives (the ranges received, the connections carrying
 * it, whether it has ended) is guarded by the message's own monitor, which {@link MsrpSession}
 * holds while it adds a chunk's bytes, ends the message, and calls the {@link SessionListener}
 * about it: calls about one message never overlap. Nothing is allocated for the size a sender
 * announces: memory grows with the bytes and ranges that came.
 */
public final class IncomingMessage {
  private final String messageId;
  private final String contentType;
  private volatile long total;
  private volatile long received;

  /** Which bytes have come; chunks may come out of order or more than once. */
  final ByteRanges ranges = new ByteRanges();

  /** The connections that carried chunks of the message (usually one). */
  private final List<MsrpConnection> carriers = new ArrayList<>(1);

  /** Delivered or aborted: the listener has heard {@code completed}, nothing more comes of it. */
  private volatile boolean ended;

  IncomingMessage(String messageId, String contentType, long total) {
    this.messageId = messageId;
    this.contentType = contentType;
    this.total = total;
  }

  public String messageId() {
    return messageId;
  }

  /** Content-Type of the first chunk, or null for a message without a body. */
  public String contentType() {
    return contentType;
  }

  /** The size the sender announced, or -1. */
  public long total() {
    return total;
  }

  /** Body bytes received so far (each byte counted once, however often it came). */
  public long received() {
    return received;
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // written under the message's lock (MsrpSession)
  void add(long n) {
    received += n;
  }

  /** {@code true} once every byte up to the known total has come. */
  boolean whole() {
    long t = total;
    return t >= 0 && ranges.contiguous() >= t;
  }

  void total(long t) {
    if (t >= 0) {
      total = t;
    }
  }

  boolean ended() {
    return ended;
  }

  void end() {
    ended = true;
    carriers.clear();
  }

  /** {@code c} carries a chunk of the message. */
  void carriedBy(MsrpConnection c) {
    if (!carriers.contains(c)) {
      carriers.add(c);
    }
  }

  /** {@code c} closed; returns {@code true} when no connection carries the message any more. */
  boolean lost(MsrpConnection c) {
    carriers.remove(c);
    return carriers.isEmpty();
  }
}
