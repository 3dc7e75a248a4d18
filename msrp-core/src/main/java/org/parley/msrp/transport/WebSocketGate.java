package org.parley.msrp.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of a WebSocket listener, ahead of the upgrade: serves the listener's {@link
 * StaticPages} to plain GETs, lets through a GET to the configured path that asks for the {@code
 * msrp} subprotocol from an allowed origin (or from the served page's own origin), and answers
 * every other request itself, at once, with the reason (404 another path, 403 an origin not
 * allowed, 400 an upgrade without {@code msrp} or with a body, 426 another WebSocket version),
 * closing the connection: one request, one answer.
 */
final class WebSocketGate extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final MsrpWebSocket settings;

  WebSocketGate(MsrpWebSocket settings) {
    super(false);
    this.settings = settings;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    StaticPages pages = settings.pages();
    if (pages != null
        && request.method().equals(HttpMethod.GET)
        && !request.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
      String target = request.uri();
      FullHttpResponse page = pages.get(target.split("\\?", 2)[0]);
      if (page != null) {
        boolean keep = HttpUtil.isKeepAlive(request);
        request.release();
        HttpUtil.setKeepAlive(page, keep);
        ctx.writeAndFlush(page).addListener(keep ? f -> {} : ChannelFutureListener.CLOSE);
        return;
      }
    }
    String refusal;
    try {
      refusal = refusal(ctx, request);
    } catch (RuntimeException e) { // a request-target that is no URI (a bad escape, say)
      refusal = "400 not a request-target: " + e.getMessage();
    }
    if (refusal == null) {
      ctx.fireChannelRead(request); // the upgrade handler takes it, and releases it
      return;
    }
    request.release();
    HttpResponseStatus status =
        HttpResponseStatus.valueOf(Integer.parseInt(refusal.substring(0, 3)));
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            Unpooled.copiedBuffer(refusal + "\n", StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (status.code() == 426) {
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
    }
    HttpUtil.setContentLength(response, response.content().readableBytes());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /** Why {@code request} is refused, starting with its status code; null when it may upgrade. */
  private @Nullable String refusal(ChannelHandlerContext ctx, FullHttpRequest request) {
    String target = request.uri();
    String path = new QueryStringDecoder(target).path();
    // The upgrade handler matches the request-target's start: the path itself, then a query or
    // nothing, is what both take.
    if (!path.equals(settings.path())
        || !(target.equals(settings.path()) || target.startsWith(settings.path() + "?"))) {
      return "404 no WebSocket endpoint at " + path + " (it is at " + settings.path() + ")";
    }
    if (!request.method().equals(HttpMethod.GET)
        || !request.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
      return "400 a WebSocket upgrade (GET with Upgrade: websocket) is expected here";
    }
    if (request.content().isReadable()) { // the aggregator has read it whole (at most 8 KiB)
      return "400 a WebSocket upgrade has no body";
    }
    if (!"13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      return "426 WebSocket version 13 (RFC 6455) is required";
    }
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    String host = request.headers().get(HttpHeaderNames.HOST);
    // The page this listener serves itself opens its WebSocket from the same origin: the scheme
    // of this connection and the host the browser asked for. (A name rebound to the relay's
    // address passes too; it gets what any program gets: MSRP AUTH still applies.)
    boolean tls = ctx.pipeline().get(SslHandler.class) != null;
    boolean ownPage =
        settings.pages() != null
            && origin != null
            && host != null
            && origin.equalsIgnoreCase((tls ? "https://" : "http://") + host);
    if (request.headers().getAll(HttpHeaderNames.ORIGIN).size() > 1
        || !(ownPage || settings.allows(origin))) {
      return "403 origin not allowed: " + origin;
    }
    // Subprotocol tokens match exactly (RFC 6455 §4.1), as the upgrade handler matches them.
    String protocols = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
    for (String p : protocols.split(",")) {
      if (p.trim().equals(MsrpWebSocket.SUBPROTOCOL)) {
        return null;
      }
    }
    return "400 the WebSocket subprotocol msrp (RFC 7977) is required";
  }
}
