package org.parley.msrp.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.codec.MsrpDecoder;
import org.parley.msrp.codec.MsrpDecoderConfig;
import org.parley.msrp.codec.MsrpEncoder;
import org.parley.msrp.codec.MsrpGatheringEncoder;

/**
 * The network side of an MSRP stack: one event loop group shared by every listener and connection
 * (epoll where the platform has it, NIO otherwise; no thread per connection), TCP and TLS, each
 * also carrying WebSocket (RFC 7977).
 *
 * <pre>{@code
 * try (MsrpTransport transport = MsrpTransport.builder().build()) {
 *   MsrpListener l = transport.listen(new InetSocketAddress("127.0.0.1", 0), null, handler).join();
 *   MsrpConnection c = transport.connect(l.localAddress(), null, handler).join();
 *   c.send(frame);
 * }
 * }</pre>
 */
public final class MsrpTransport implements AutoCloseable {
  /** Outbound bytes queued per connection before it stops being writable. */
  public static final int DEFAULT_HIGH_WATER_MARK = 1 << 20;

  /** Outbound bytes queued per connection below which it is writable again. */
  public static final int DEFAULT_LOW_WATER_MARK = 256 << 10;

  /** Default of {@link Builder#maxPendingOutbound}: 16 MiB, sixteen times the high-water mark. */
  public static final long DEFAULT_MAX_PENDING_OUTBOUND = 16L << 20;

  /**
   * Default of {@link Builder#notSentLowWatermark}: 128 KiB. A frame queued behind a file waits for
   * what the kernel holds unsent; this keeps that short without limiting the bytes in flight.
   */
  public static final int DEFAULT_NOT_SENT_LOW_WATERMARK = 128 << 10;

  /** Flushes held back at most before one goes out anyway, under a steady stream of writes. */
  private static final int MAX_FLUSHES_HELD = 256;

  private final EventLoopGroup group;
  private final boolean epoll;
  private final MsrpDecoderConfig decoderConfig;
  private final WriteBufferWaterMark waterMark;
  private final long maxPendingOutbound;
  private final @Nullable Long notSentLowWatermark;
  private final boolean gatherWrites;

  private MsrpTransport(Builder b) {
    this.epoll = b.allowEpoll && Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(b.threads, io);
    this.decoderConfig = b.decoderConfig;
    this.waterMark = new WriteBufferWaterMark(b.lowWaterMark, b.highWaterMark);
    this.maxPendingOutbound = b.maxPendingOutbound;
    this.notSentLowWatermark =
        epoll && b.notSentLowWatermark > 0 ? Long.valueOf(b.notSentLowWatermark) : null;
    this.gatherWrites = b.gatherWrites;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code true} when the transport runs on epoll, {@code false} on NIO. */
  public boolean epoll() {
    return epoll;
  }

  /**
   * Listens for connections at {@code address} (port 0: any free port).
   *
   * @param tls server TLS settings for msrps, or null for plain TCP
   * @param handler hears every accepted connection's frames
   */
  public CompletableFuture<MsrpListener> listen(
      InetSocketAddress address, @Nullable MsrpTls tls, FrameHandler handler) {
    return listen(address, tls, null, handler);
  }

  /**
   * Listens for connections at {@code address}, MSRP over WebSocket (RFC 7977) when {@code ws} is
   * given: a connection opens once its WebSocket handshake is done.
   *
   * @param tls server TLS settings (msrps, or wss with {@code ws}), or null
   * @param ws the WebSocket settings, or null for MSRP directly over TCP
   */
  public CompletableFuture<MsrpListener> listen(
      InetSocketAddress address,
      @Nullable MsrpTls tls,
      @Nullable MsrpWebSocket ws,
      FrameHandler handler) {
    if (tls != null && !tls.isServer()) {
      throw new IllegalArgumentException("a listener needs server TLS settings");
    }
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .childOption(EpollChannelOption.TCP_NOTSENT_LOWAT, notSentLowWatermark)
            .childHandler(initializer(tls, handler, null, null, 0, ws, null));
    CompletableFuture<MsrpListener> result = new CompletableFuture<>();
    ChannelFuture bind = b.bind(address);
    bind.addListener(
        f -> {
          if (f.isSuccess()) {
            result.complete(new MsrpListener((ServerChannel) bind.channel(), tls != null));
          } else {
            result.completeExceptionally(f.cause());
          }
        });
    return result;
  }

  /**
   * Connects to {@code address}. For TLS the future completes after the handshake, which fails when
   * the server's certificate is not the one expected. The TLS engine is given {@code address}'s
   * host string (the name it was made with, as an msrps URI gives it, else its IP literal) and
   * port: with a trust store the certificate must name that host (SNI is sent for a name, and HTTPS
   * endpoint identification checks it).
   *
   * @param tls client TLS settings for msrps, or null for plain TCP
   */
  public CompletableFuture<MsrpConnection> connect(
      InetSocketAddress address, @Nullable MsrpTls tls, FrameHandler handler) {
    return connect(address, tls, null, handler);
  }

  /**
   * Connects to {@code address}, MSRP over WebSocket (RFC 7977) when {@code webSocketPath} is
   * given: the future completes once the WebSocket handshake (subprotocol {@code msrp}) is done.
   *
   * @param tls client TLS settings (msrps, or wss with a path), or null
   * @param webSocketPath the request path of the upgrade (e.g. {@code /msrp}), or null for MSRP
   *     directly over TCP
   */
  public CompletableFuture<MsrpConnection> connect(
      InetSocketAddress address,
      @Nullable MsrpTls tls,
      @Nullable String webSocketPath,
      FrameHandler handler) {
    if (tls != null && tls.isServer()) {
      throw new IllegalArgumentException("an outgoing connection needs client TLS settings");
    }
    CompletableFuture<MsrpConnection> result = new CompletableFuture<>();
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
            .option(EpollChannelOption.TCP_NOTSENT_LOWAT, notSentLowWatermark)
            .handler(
                initializer(
                    tls,
                    handler,
                    result,
                    address.getHostString(),
                    address.getPort(),
                    null,
                    webSocketPath));
    b.connect(address)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
              }
            });
    return result;
  }

  private ChannelInitializer<SocketChannel> initializer(
      @Nullable MsrpTls tls,
      FrameHandler handler,
      @Nullable CompletableFuture<MsrpConnection> connected,
      @Nullable String host,
      int port,
      @Nullable MsrpWebSocket ws,
      @Nullable String wsPath) {
    boolean overWebSocket = ws != null || wsPath != null;
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        if (connected == null && !handler.admit(ch)) {
          ch.close();
          return;
        }
        MsrpConnection connection = new MsrpConnection(ch, tls != null);
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
          SslHandler ssl = tls.newHandler(ch.alloc(), host, port);
          p.addLast("tls", ssl);
          ssl.handshakeFuture()
              .addListener(
                  f -> {
                    if (f.isSuccess()) {
                      if (!overWebSocket) {
                        opened(connection, handler, connected);
                      }
                    } else {
                      if (connected != null) {
                        connected.completeExceptionally(f.cause());
                      }
                      ch.close();
                    }
                  });
        }
        if (ws != null) {
          WebSockets.server(p, ws, () -> opened(connection, handler, connected), e -> {});
        } else if (wsPath != null) {
          WebSockets.client(
              p,
              Objects.requireNonNull(host),
              port,
              tls != null,
              wsPath,
              () -> opened(connection, handler, connected),
              e -> {
                if (connected != null) {
                  connected.completeExceptionally(e);
                }
              });
        }
        boolean gather = gatherWrites && !overWebSocket;
        if (!gather) {
          // Frames written in one event-loop turn, or while a read is in progress (responses to
          // the requests being read), go out in one flush: one system call instead of one per
          // frame.
          p.addLast("flush", new FlushConsolidationHandler(MAX_FLUSHES_HELD, true));
        }
        p.addLast("msrp-decoder", new MsrpDecoder(decoderConfig));
        if (gather) {
          p.addLast("msrp-encoder", new MsrpGatheringEncoder()); // one write and flush a turn
        } else if (!overWebSocket) {
          p.addLast("msrp-encoder", new MsrpEncoder());
        }
        Runnable whenActive =
            tls == null && !overWebSocket ? () -> opened(connection, handler, connected) : null;
        p.addLast(
            "msrp-connection",
            new ConnectionHandler(connection, handler, whenActive, maxPendingOutbound));
      }
    };
  }

  private static void opened(
      MsrpConnection connection,
      FrameHandler handler,
      @Nullable CompletableFuture<MsrpConnection> connected) {
    handler.opened(connection);
    if (connected != null) {
      connected.complete(connection);
    }
  }

  /** Closes every listener and connection and stops the event loops; waits up to 5 seconds. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** Settings of a transport. */
  public static final class Builder {
    private int threads;
    private boolean allowEpoll = true;
    private MsrpDecoderConfig decoderConfig = MsrpDecoderConfig.DEFAULT;
    private int highWaterMark = DEFAULT_HIGH_WATER_MARK;
    private int lowWaterMark = DEFAULT_LOW_WATER_MARK;
    private long maxPendingOutbound = DEFAULT_MAX_PENDING_OUTBOUND;
    private int notSentLowWatermark = DEFAULT_NOT_SENT_LOW_WATERMARK;
    private boolean gatherWrites;

    private Builder() {}

    /**
     * Whether the frames written on a connection within one event-loop turn are gathered into one
     * buffer, written and flushed once when the loop runs its tasks ({@link MsrpGatheringEncoder}):
     * fewer, larger writes for a relay, whose every forwarded piece is a write. Connections over
     * WebSocket, whose chunks are messages of their own, never gather. Off by default.
     */
    public Builder gatherWrites(boolean gather) {
      this.gatherWrites = gather;
      return this;
    }

    /**
     * Bytes that may wait to be sent on one connection before a request arrives on it; past them
     * the peer is taken as not reading (it floods requests but leaves the answers unread) and the
     * connection is closed.
     */
    public Builder maxPendingOutbound(long bytes) {
      this.maxPendingOutbound = bytes;
      return this;
    }

    /**
     * Bytes the kernel may hold unsent per connection before the socket stops taking more ({@code
     * TCP_NOTSENT_LOWAT}, Linux with epoll; NIO has no such option). Bytes in flight are not
     * limited, so throughput over long paths is not either; what is limited is how long a text
     * waits behind a file already handed to the kernel. 0 leaves the kernel's default.
     */
    public Builder notSentLowWatermark(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("notSentLowWatermark is 0 or more: " + bytes);
      }
      this.notSentLowWatermark = bytes;
      return this;
    }

    /** Event loop threads; 0 (the default) lets Netty choose (twice the cores). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** {@code false} forces NIO even where epoll is available. */
    public Builder allowEpoll(boolean allow) {
      this.allowEpoll = allow;
      return this;
    }

    public Builder decoderConfig(MsrpDecoderConfig config) {
      this.decoderConfig = config;
      return this;
    }

    /** Outbound buffer water marks of each connection, in bytes. */
    public Builder writeBufferWaterMark(int low, int high) {
      this.lowWaterMark = low;
      this.highWaterMark = high;
      return this;
    }

    public MsrpTransport build() {
      return new MsrpTransport(this);
    }
  }
}
