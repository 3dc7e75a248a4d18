package org.parley.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The operations listener: {@code GET /metrics} (Prometheus text, {@link RelayMetrics#prometheus})
 * and {@code GET /health} ({@code 200 ok}, or {@code 503 shutting down}). HTTP/1.1 on its own
 * single event-loop thread, so that scrapes never wait behind relayed traffic; each response closes
 * the connection.
 */
final class MetricsServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel channel;

  private MetricsServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  static MetricsServer start(
      InetSocketAddress address, RelayMetrics metrics, BooleanSupplier healthy) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel ch =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline()
                          .addLast(new HttpServerCodec(4096, 8192, 8192))
                          .addLast(new HttpObjectAggregator(8192))
                          .addLast(new Handler(metrics, healthy));
                    }
                  })
              .bind(address)
              .syncUninterruptibly()
              .channel();
      return new MetricsServer(group, ch);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final RelayMetrics metrics;
    private final BooleanSupplier healthy;

    Handler(RelayMetrics metrics, BooleanSupplier healthy) {
      this.metrics = metrics;
      this.healthy = healthy;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri();
      int q = path.indexOf('?');
      if (q >= 0) {
        path = path.substring(0, q);
      }
      HttpResponseStatus status;
      String body;
      String type = "text/plain; charset=utf-8";
      if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
        status = HttpResponseStatus.METHOD_NOT_ALLOWED;
        body = "GET only\n";
      } else if (path.equals("/metrics")) {
        status = HttpResponseStatus.OK;
        body = metrics.prometheus();
        type = "text/plain; version=0.0.4; charset=utf-8";
      } else if (path.equals("/health")) {
        boolean ok = healthy.getAsBoolean();
        status = ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
        body = ok ? "ok\n" : "shutting down\n";
      } else {
        status = HttpResponseStatus.NOT_FOUND;
        body = "/metrics or /health\n";
      }
      ByteBuf content =
          req.method().equals(HttpMethod.HEAD)
              ? Unpooled.EMPTY_BUFFER
              : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
      res.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, type)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.getBytes(StandardCharsets.UTF_8).length)
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
