package org.parley.sip;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.SessionListener;

/**
 * The MSRP stream of a chat: an {@link MsrpSession} of the agent's stack, whose incoming messages
 * are put together whole (at most the session's max-size, which the MSRP layer enforces with 413)
 * and handed to the chat. Each session has a connection of its own.
 */
final class MsrpMedia implements Media, SessionListener {
  private final MsrpSession session;
  private final Map<String, Assembly> incoming = new ConcurrentHashMap<>();
  private volatile Chat chat;
  private volatile boolean closing;

  MsrpMedia(MsrpStack stack, MsrpUri localUri, SipConfig config, List<String> acceptTypes) {
    this.session = stack.session(localUri, this);
    // One connection per session: a connection shared between sessions can be closed by the last
    // session to leave it just as a new one takes it (see MsrpStack.connectionTo), and the passive
    // side closes a shared connection under the active side's next session.
    session.ownConnection(true);
    session.maxSize(config.maxMessageSize());
    session.acceptTypes(acceptTypes);
  }

  void chat(Chat chat) {
    this.chat = chat;
  }

  MsrpSession session() {
    return session;
  }

  @Override
  public ChatMode mode() {
    return ChatMode.MSRP;
  }

  @Override
  public CompletableFuture<Void> send(String contentType, byte[] body) {
    if (closing) {
      return CompletableFuture.failedFuture(
          new SipFailure(SipFailure.Kind.CLOSED, "the session has ended"));
    }
    try {
      return session.send(contentType, body);
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(
          new SipFailure(SipFailure.Kind.MEDIA, 0, "MSRP: " + e.getMessage(), e));
    }
  }

  @Override
  public Optional<MsrpSession> msrp() {
    return Optional.of(session);
  }

  @Override
  public void close() {
    closing = true;
    session.close();
  }

  // On the MSRP connection's event loop.

  @Override
  public void started(MsrpSession s, IncomingMessage message) {
    incoming.put(message.messageId(), new Assembly(message.total()));
    Chat c = chat;
    if (c != null) {
      c.started(message.contentType(), message.total());
    }
  }

  @Override
  public void bytes(MsrpSession s, IncomingMessage message, long position, ByteBuf slice) {
    Assembly a = incoming.get(message.messageId());
    if (a != null) {
      a.write(position, slice);
    }
  }

  @Override
  public void completed(MsrpSession s, IncomingMessage message, boolean aborted) {
    Assembly a = incoming.remove(message.messageId());
    Chat c = chat;
    if (a != null && !aborted && c != null) {
      c.deliver(new ChatMessage(message.contentType(), a.bytes()));
    }
  }

  @Override
  public void closed(MsrpSession s) {
    Chat c = chat;
    if (!closing && c != null) {
      c.mediaLost("MSRP connection lost");
    }
  }

  /** A message being put together; chunks may come in any order. */
  private static final class Assembly {
    private byte[] buffer;
    private int length;

    Assembly(long total) {
      this.buffer = new byte[total > 0 && total < (64 << 20) ? (int) total : 1024];
    }

    void write(long position, ByteBuf slice) {
      int n = slice.readableBytes();
      int end = Math.toIntExact(position + n);
      if (end > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(end, buffer.length * 2));
      }
      slice.getBytes(slice.readerIndex(), buffer, (int) position, n);
      length = Math.max(length, end);
    }

    byte[] bytes() {
      return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }
  }
}
