package org.parley.msrp.session;

import org.parley.msrp.ByteRanges;

/** A message being received: its Message-ID, Content-Type and total size (-1 when unknown). */
public final class IncomingMessage {
  private final String messageId;
  private final String contentType;
  private volatile long total;
  private volatile long received;

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

  void add(long n) {
    received += n;
  }

  /** Which bytes have come; chunks may come out of order or more than once. */
  final ByteRanges ranges = new ByteRanges();

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
}
