package org.parley.msrp.transport;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How a listener takes MSRP over WebSocket (RFC 7977): the HTTP path of the upgrade, the page
 * origins allowed to open a connection, and the largest WebSocket frame it reads.
 *
 * <p>A browser names the page that opens a WebSocket in its {@code Origin} header; a request with
 * an {@code Origin} not listed is refused with 403, so a page of another site cannot use a
 * visitor's browser against the relay. A request without {@code Origin} is not a browser's (a
 * program, such as {@code parley load}) and is let through: the origin check protects browser
 * users, it does not authenticate (MSRP's AUTH does).
 *
 * <p>A frame is held whole by Netty's decoder before it is read, so its size bounds what one
 * connection can make the listener hold; an MSRP chunk larger than that is sent as a WebSocket
 * message of several frames, or as several chunks.
 *
 * @param path the request path of the upgrade, e.g. {@code /msrp}
 * @param origins the allowed origins, e.g. {@code https://chat.example.com}, compared without case
 * @param maxFramePayload the largest frame payload read, in bytes
 * @param pages files served to a plain GET beside the upgrade (a browser client), or null
 */
public record MsrpWebSocket(
    String path, Set<String> origins, int maxFramePayload, @Nullable StaticPages pages) {
  /** The WebSocket subprotocol of RFC 7977 §4.1. */
  public static final String SUBPROTOCOL = "msrp";

  /** Default {@link #maxFramePayload}: 256 KiB. */
  public static final int DEFAULT_MAX_FRAME_PAYLOAD = 256 << 10;

  public MsrpWebSocket {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a WebSocket path starts with '/': " + path);
    }
    if (maxFramePayload < 1024) {
      throw new IllegalArgumentException("maxFramePayload is at least 1024: " + maxFramePayload);
    }
    origins =
        origins.stream()
            .map(o -> o.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Upgrades at {@code path} from the given origins, frames up to the default size. */
  public static MsrpWebSocket at(String path, Set<String> origins) {
    return new MsrpWebSocket(path, origins, DEFAULT_MAX_FRAME_PAYLOAD, null);
  }

  /** The same settings, serving {@code pages} to plain GETs. */
  public MsrpWebSocket withPages(@Nullable StaticPages pages) {
    return new MsrpWebSocket(path, origins, maxFramePayload, pages);
  }

  /** Whether a request with this {@code Origin} header (null: none) may upgrade. */
  public boolean allows(@Nullable String origin) {
    return origin == null || origins.contains(origin.toLowerCase(Locale.ROOT));
  }
}
