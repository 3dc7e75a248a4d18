package org.parley.msrp.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.URI;
import java.util.function.Consumer;

/** The handlers that carry a connection's MSRP over WebSocket (RFC 7977), server and client. */
final class WebSockets {
  /** The largest HTTP request or response head of a handshake. */
  private static final int MAX_HANDSHAKE = 8192;

  private static final long HANDSHAKE_TIMEOUT_MS = 10_000;

  private WebSockets() {}

  /**
   * Adds the server side: HTTP, the {@link WebSocketGate}, Netty's upgrade and frame codec, and
   * {@link WebSocketFraming}. Text frames are read as bytes (RFC 7977 §4.2), so their UTF-8 is not
   * checked.
   */
  static void server(
      ChannelPipeline p, MsrpWebSocket ws, Runnable opened, Consumer<Throwable> failed) {
    WebSocketDecoderConfig frames =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(ws.maxFramePayload())
            .allowExtensions(false)
            .expectMaskedFrames(true)
            .build();
    p.addLast("http", new HttpServerCodec(4096, MAX_HANDSHAKE, MAX_HANDSHAKE));
    p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE));
    p.addLast("ws-gate", new WebSocketGate(ws));
    p.addLast(
        "ws",
        new WebSocketServerProtocolHandler(
            WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(ws.path())
                .checkStartsWith(true) // a query may follow; WebSocketGate checks the path
                .subprotocols(MsrpWebSocket.SUBPROTOCOL)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS)
                .decoderConfig(frames)
                .withUTF8Validator(false)
                .dropPongFrames(true)
                .build()));
    p.addLast("ws-msrp", new WebSocketFraming(opened, failed, HANDSHAKE_TIMEOUT_MS));
  }

  /** Adds the client side: HTTP, Netty's upgrade and frame codec, and {@link WebSocketFraming}. */
  static void client(
      ChannelPipeline p,
      String host,
      int port,
      boolean secure,
      String path,
      Runnable opened,
      Consumer<Throwable> failed) {
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    URI uri = URI.create((secure ? "wss://" : "ws://") + h + ":" + port + path);
    p.addLast("http", new HttpClientCodec());
    p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HANDSHAKE));
    p.addLast(
        "ws",
        new WebSocketClientProtocolHandler(
            WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol(MsrpWebSocket.SUBPROTOCOL)
                .generateOriginHeader(false) // not a browser: no page to name
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS)
                .maxFramePayloadLength(MsrpWebSocket.DEFAULT_MAX_FRAME_PAYLOAD)
                .allowExtensions(false)
                .withUTF8Validator(false)
                .dropPongFrames(true)
                .build()));
    p.addLast("ws-msrp", new WebSocketFraming(opened, failed, HANDSHAKE_TIMEOUT_MS));
  }
}
