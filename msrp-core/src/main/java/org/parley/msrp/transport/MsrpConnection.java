package org.parley.msrp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.parley.msrp.ContinuationFlag;
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
  private volatile Throwable closeCause;

  MsrpConnection(Channel channel, boolean secure) {
    this.channel = channel;
    this.secure = secure;
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

  /** {@code true} while the outbound buffer is below its high-water mark. */
  public boolean isWritable() {
    return channel.isWritable();
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** Writes a whole frame and flushes; completes when the bytes were handed to the socket. */
  public CompletableFuture<Void> send(MsrpFrame frame) {
    return done(channel.writeAndFlush(frame));
  }

  /** Writes a frame in parts: head, then body buffers, then the flag, and flushes at the end. */
  public CompletableFuture<Void> send(MsrpHead head, ByteBuf body, ContinuationFlag flag) {
    if (channel.eventLoop().inEventLoop()) {
      return done(writeFrame(head, body, flag));
    }
    // One task for the whole frame: a hop to the event loop per part costs more than the frame.
    CompletableFuture<Void> result = new CompletableFuture<>();
    channel
        .eventLoop()
        .execute(
            () ->
                writeFrame(head, body, flag)
                    .addListener(
                        f -> {
                          if (f.isSuccess()) {
                            result.complete(null);
                          } else {
                            result.completeExceptionally(f.cause());
                          }
                        }));
    return result;
  }

  private ChannelFuture writeFrame(MsrpHead head, ByteBuf body, ContinuationFlag flag) {
    channel.write(head, channel.voidPromise());
    if (body != null) {
      channel.write(body, channel.voidPromise());
    }
    return channel.writeAndFlush(flag);
  }

  /** Writes a head, a body buffer or a flag without flushing. */
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
   * Why the connection was closed when it was not closed on purpose: a broken socket, a TLS
   * failure, or a peer that stopped reading; null otherwise.
   */
  public Throwable closeCause() {
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
    f.addListener(
        x -> {
          if (x.isSuccess()) {
            result.complete(null);
          } else {
            result.completeExceptionally(x.cause());
          }
        });
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
