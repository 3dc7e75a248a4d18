package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what a session hears, message by message, for sessions whose messages come over many
 * connections at once: each message's bytes put together by position, and how it ended.
 */
final class Recorder implements SessionListener {
  /** How a message ended: aborted or not, and its bytes in order. */
  record Ended(boolean aborted, byte[] bytes, long received) {}

  private final Map<String, Map<Long, byte[]>> parts = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Ended>> ended = new ConcurrentHashMap<>();
  final AtomicInteger completions = new AtomicInteger();
  final AtomicInteger aborts = new AtomicInteger();

  /** Completes when the session's connection closes. */
  final CompletableFuture<Void> closed = new CompletableFuture<>();

  @Override
  public void closed(MsrpSession session) {
    closed.complete(null);
  }

  /** Completes when the message {@code messageId} ends (the first time). */
  CompletableFuture<Ended> ended(String messageId) {
    return ended.computeIfAbsent(messageId, k -> new CompletableFuture<>());
  }

  @Override
  public void started(MsrpSession session, IncomingMessage message) {
    parts.put(message.messageId(), new ConcurrentSkipListMap<>());
  }

  @Override
  public void bytes(MsrpSession session, IncomingMessage message, long position, ByteBuf slice) {
    byte[] b = new byte[slice.readableBytes()];
    slice.getBytes(slice.readerIndex(), b);
    parts.get(message.messageId()).put(position, b);
  }

  @Override
  public void completed(MsrpSession session, IncomingMessage message, boolean aborted) {
    completions.incrementAndGet();
    if (aborted) {
      aborts.incrementAndGet();
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    Map<Long, byte[]> p = parts.remove(message.messageId());
    if (p != null) {
      p.values().forEach(all::writeBytes);
    }
    ended(message.messageId()).complete(new Ended(aborted, all.toByteArray(), message.received()));
  }
}
