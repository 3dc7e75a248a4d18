package org.parley.msrp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The files of a web page, served from the class path beside a WebSocket endpoint (the relay serves
 * its browser client at {@code /}): only names made of letters, digits, {@code -}, {@code _} and
 * one dot, under one resource folder, with their content type, {@code no-cache}, and headers that
 * keep a browser from reading them as anything else or framing them elsewhere. Files are read once
 * and kept (they are the application's own, a few hundred KB).
 */
public final class StaticPages {
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json");

  private final String folder;
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  /**
   * @param folder the class-path folder, e.g. {@code parley-web}
   */
  public StaticPages(String folder) {
    this.folder = folder;
  }

  /** The pages of {@code folder} when it has an {@code index.html} on the class path, else null. */
  public static @Nullable StaticPages ifPresent(String folder) {
    StaticPages p = new StaticPages(folder);
    return p.read("index.html") != null ? p : null;
  }

  /** The response to a GET of {@code path}, or null when there is no such file. */
  @Nullable FullHttpResponse get(String path) {
    String name = path.equals("/") ? "index.html" : path.substring(1);
    int dot = name.lastIndexOf('.');
    if (!name.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9]+") || dot < 0) {
      return null;
    }
    String type = TYPES.get(name.substring(dot + 1));
    byte[] body = type == null ? null : read(name);
    if (body == null) {
      return null;
    }
    ByteBuf content = Unpooled.wrappedBuffer(body);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    r.headers().set("X-Content-Type-Options", "nosniff");
    r.headers().set("X-Frame-Options", "DENY");
    r.headers()
        .set(
            "Content-Security-Policy",
            "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:;"
                + " frame-ancestors 'none'");
    HttpUtil.setContentLength(r, body.length);
    return r;
  }

  private byte @Nullable [] read(String name) {
    byte[] b = cache.get(name);
    if (b != null) {
      return b;
    }
    try (InputStream in =
        StaticPages.class.getClassLoader().getResourceAsStream(folder + "/" + name)) {
      if (in == null) {
        return null;
      }
      b = in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
    cache.put(name, b);
    return b;
  }
}
