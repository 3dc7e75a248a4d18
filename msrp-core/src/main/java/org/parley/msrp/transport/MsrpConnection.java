package org.parley.msrp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.codec.MsrpFrame;

/**
 * One MSRP connection (TCP or TLS). Writes go through the connection's {@link
 * org.parley.msrp.codec.MsrpEncoder}; they may be called from any thread (Netty hands them to the
 * event loop). A sender of large bodies writes while {@link #isWritable} holds and waits for {@link
 * FrameHandler#writabilityChanged} otherwise, so that the outbound buffer stays bounded.
 */
public final class MsrpConnection {
  private final Channel channel;
  private final boolean secure;
  private volatile @Nullable Throwable closeCause;
  private final FrameSlot slot = new FrameSlot();

  /** What the decoder handed on so far (heads, body slices, end-lines); on the event loop only. */
  private long reads;

  MsrpConnection(Channel channel, boolean secure) {
    this.channel = channel;
    this.secure = secure;
    channel.closeFuture().addListener(slot);
  }

  /** {@code true} for msrps (TLS). */
  public boolean secure() {
    return secure;
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  /**
   * {@code true} when this is a TLS connection whose peer presented a certificate with one of
   * {@code expected}'s fingerprints; {@code false} for plain TCP, no certificate, or another one.
   */
  public boolean peerCertificateMatches(java.util.List<Fingerprint> expected) {
    io.netty.handler.ssl.SslHandler ssl =
        channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
    if (ssl == null) {
      return false;
    }
    try {
      java.security.cert.Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof java.security.cert.X509Certificate)) {
        return false;
      }
      java.security.cert.X509Certificate leaf = (java.security.cert.X509Certificate) chain[0];
      for (Fingerprint f : expected) {
        if (f.matches(leaf)) {
          return true;
        }
      }
      return false;
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return false; // the peer presented no certificate
    }
  }

  /** {@code true} while the outbound buffer is below its high-water mark. */
  public boolean isWritable() {
    return channel.isWritable();
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** Writes a whole frame and flushes; completes when the bytes were handed to the socket. */
  public CompletableFuture<Void> send(MsrpFrame frame) {
    if (channel.eventLoop().inEventLoop() && slot.free()) {
      return done(channel.writeAndFlush(frame));
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    whenFree(() -> complete(channel.writeAndFlush(frame), result));
    return result;
  }

  /**
   * Runs {@code write} when the frame slot is free, on the event loop. From another thread the
   * writer counts as coming at once, so that a streaming writer yields to it before its task runs.
   */
  private void whenFree(Runnable write) {
    if (channel.eventLoop().inEventLoop()) {
      slot.whenFree(write);
      return;
    }
    slot.coming();
    channel
        .eventLoop()
        .execute(
            () -> {
              slot.arrived();
              slot.whenFree(write);
            });
  }

  /**
   * Writes a frame in parts: head, then body buffers, then the flag, and flushes at the end. While
   * a {@link FrameStream} holds the connection, the frame waits for it to end.
   */
  public CompletableFuture<Void> send(
      MsrpHead head, @Nullable ByteBuf body, ContinuationFlag flag) {
    if (channel.eventLoop().inEventLoop() && slot.free()) {
      return done(writeFrame(head, body, flag));
    }
    // One task for the whole frame: a hop to the event loop per part costs more than the frame.
    CompletableFuture<Void> result = new CompletableFuture<>();
    whenFree(() -> complete(writeFrame(head, body, flag), result));
    return result;
  }

  /**
   * Takes the connection for a frame written in parts and writes its head: completes (on the event
   * loop) with the stream once every frame queued before it is out. Until the stream {@linkplain
   * FrameStream#end ends}, other frames wait.
   */
  public CompletableFuture<FrameStream> open(MsrpHead head) {
    CompletableFuture<FrameStream> result = new CompletableFuture<>();
    Runnable take =
        () -> {
          FrameStream stream = new FrameStream(this);
          slot.take(stream);
          channel
              .write(head)
              .addListener(
                  f -> {
                    if (!f.isSuccess()) {
                      slot.release(stream);
                      result.completeExceptionally(f.cause());
                    }
                  });
          result.complete(stream);
        };
    whenFree(take);
    return result;
  }

  CompletableFuture<Void> streamBody(FrameStream stream, ByteBuf piece) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    inLoop(() -> complete(channel.writeAndFlush(piece), result));
    return result;
  }

  CompletableFuture<Void> streamEnd(FrameStream stream, ContinuationFlag flag) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    inLoop(
        () -> {
          complete(channel.writeAndFlush(flag), result);
          slot.release(stream);
        });
    return result;
  }

  FrameSlot slot() {
    return slot;
  }

  private void inLoop(Runnable task) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
    } else {
      channel.eventLoop().execute(task);
    }
  }

  private static void complete(ChannelFuture f, CompletableFuture<Void> result) {
    f.addListener(
        x -> {
          if (x.isSuccess()) {
            result.complete(null);
          } else {
            result.completeExceptionally(x.cause());
          }
        });
  }

  private ChannelFuture writeFrame(MsrpHead head, @Nullable ByteBuf body, ContinuationFlag flag) {
    channel.write(head, channel.voidPromise());
    if (body != null) {
      channel.write(body, channel.voidPromise());
    }
    return channel.writeAndFlush(flag);
  }

  /**
   * Writes a head, a body buffer or a flag without flushing, outside the frame slot: for tests that
   * write frames by hand.
   */
  public CompletableFuture<Void> write(Object headBodyOrFlag) {
    return done(channel.write(headBodyOrFlag));
  }

  public void flush() {
    channel.flush();
  }

  /** Closes the connection; completes when it is closed. */
  public CompletableFuture<Void> close() {
    return done(channel.close());
  }

  /**
   * Closes the connection for {@code cause}, which becomes its {@link #closeCause} (unless it had
   * one): a peer that stopped answering, say. Completes when it is closed.
   */
  public CompletableFuture<Void> close(Throwable cause) {
    closeCause(cause);
    return close();
  }

  /** Something came from the peer (on the event loop). */
  void read() {
    reads++;
  }

  /**
   * What the connection has read and written so far, to compare with a later mark: whether the peer
   * showed a sign of life in between. On the connection's event loop only.
   */
  public Traffic traffic() {
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    Object current = out == null ? null : out.current();
    return new Traffic(
        reads,
        current != null,
        current == null ? 0 : System.identityHashCode(current),
        current == null ? 0 : out.currentProgress());
  }

  /**
   * Why the connection was closed when it was not closed on purpose: a broken socket, a TLS
   * failure, a peer that stopped reading or answering; null otherwise.
   */
  public @Nullable Throwable closeCause() {
    return closeCause;
  }

  void closeCause(Throwable cause) {
    if (closeCause == null) {
      closeCause = cause;
    }
  }

  /** The Netty channel, for the session layer's own handlers. */
  public Channel channel() {
    return channel;
  }

  private static CompletableFuture<Void> done(ChannelFuture f) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    complete(f, result);
    return result;
  }

  @Override
  public String toString() {
    return (secure ? "msrps " : "msrp ")
        + channel.localAddress()
        + " <-> "
        + channel.remoteAddress();
  }
}
