package org.parley.sdp.offeranswer;

import java.util.List;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.sdp.AcceptType;
import org.parley.sdp.ConnectionField;
import org.parley.sdp.Direction;
import org.parley.sdp.MediaDescription;
import org.parley.sdp.MediaField;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.MessageTransport;
import org.parley.sdp.SdpLine;
import org.parley.sdp.Setup;

/**
 * Writes this end's {@code m=message} media descriptions, in the attribute order of RFC 4975's
 * examples: accept-types, accept-wrapped-types, max-size, path, then setup, fingerprint, msrp-cema,
 * chatroom, the file-transfer attributes and the direction.
 */
final class MessageSections {
  private MessageSections() {}

  /** The offer of one message stream. */
  static MediaDescription offer(LocalCapabilities caps, boolean withConnection) {
    if (caps.transport() == MessageTransport.SIP) {
      return legacy(caps, caps.direction(), withConnection);
    }
    MediaDescription.Builder b = start(caps, withConnection, "message");
    types(b, caps.acceptTypes(), caps.acceptWrappedTypes(), caps);
    b.attribute("setup", caps.setup().token());
    tail(b, caps, caps.cema(), caps.chatroom() != null, caps.direction());
    return b.build();
  }

  /**
   * The answer to an accepted MSRP stream. Its media token is the offer's as written (RFC 3264 §6:
   * the answer's m= line has the offer's media type; "message" compares without case).
   */
  static MediaDescription answer(
      LocalCapabilities caps,
      MessageMedia offered,
      Setup setupOrNull,
      List<AcceptType> types,
      List<AcceptType> wrapped,
      boolean cema,
      Direction direction,
      boolean withConnection) {
    MediaDescription.Builder b = start(caps, withConnection, offered.description().media());
    types(b, types, wrapped, caps);
    if (setupOrNull != null) {
      b.attribute("setup", setupOrNull.token());
    }
    for (String echoed : List.of("file-selector", "file-transfer-id", "file-range")) {
      for (SdpLine l : offered.description().attributes(echoed)) {
        b.line(SdpLine.of('a', l.trimmedValue()));
      }
    }
    tail(b, caps, cema, caps.chatroom() != null && offered.chatroom().isPresent(), direction);
    return b.build();
  }

  /**
   * {@code m=message <port> sip <SIP-URI>}: the 2001 form, as offer or answer. The port, which the
   * peer ignores, is the URI's.
   */
  static MediaDescription legacy(
      LocalCapabilities caps, Direction direction, boolean withConnection) {
    return legacy(caps, direction, withConnection, "message");
  }

  /** {@link #legacy}, answering an offer whose media token is {@code media} (kept as written). */
  static MediaDescription legacy(
      LocalCapabilities caps, Direction direction, boolean withConnection, String media) {
    MediaDescription.Builder b =
        MediaDescription.builder(
            MediaField.of(
                media,
                caps.sipUri().portOrDefault(),
                MessageTransport.SIP.proto(),
                List.of(caps.sipUri().toString())));
    if (withConnection) {
      b.connection(ConnectionField.internet(caps.host()));
    }
    if (direction != Direction.SENDRECV) {
      b.flag(direction.token());
    }
    return b.build();
  }

  private static MediaDescription.Builder start(
      LocalCapabilities caps, boolean withConnection, String media) {
    MediaDescription.Builder b =
        MediaDescription.builder(
            MediaField.of(media, caps.port(), caps.transport().proto(), List.of("*")));
    if (withConnection) {
      b.connection(ConnectionField.internet(caps.host()));
    }
    return b;
  }

  private static void types(
      MediaDescription.Builder b,
      List<AcceptType> types,
      List<AcceptType> wrapped,
      LocalCapabilities caps) {
    b.attribute("accept-types", AcceptType.format(types));
    if (!wrapped.isEmpty()) {
      b.attribute("accept-wrapped-types", AcceptType.format(wrapped));
    }
    if (caps.maxSize().isPresent()) {
      b.attribute("max-size", Long.toString(caps.maxSize().getAsLong()));
    }
    StringBuilder path = new StringBuilder();
    for (MsrpUri u : caps.path()) {
      if (path.length() > 0) {
        path.append(' ');
      }
      path.append(u);
    }
    b.attribute("path", path.toString());
  }

  private static void tail(
      MediaDescription.Builder b,
      LocalCapabilities caps,
      boolean cema,
      boolean chatroom,
      Direction direction) {
    if (caps.transport().tls()) {
      for (Fingerprint f : caps.fingerprints()) {
        b.attribute("fingerprint", f.toString());
      }
    }
    if (cema) {
      b.flag("msrp-cema");
    }
    if (chatroom) {
      String tokens = caps.chatroom().toString();
      if (tokens.isEmpty()) {
        b.flag("chatroom");
      } else {
        b.attribute("chatroom", tokens);
      }
    }
    if (direction != Direction.SENDRECV) {
      b.flag(direction.token());
    }
  }
}
