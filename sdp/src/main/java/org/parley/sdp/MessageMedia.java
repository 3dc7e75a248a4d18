package org.parley.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpSyntaxException;
import org.parley.msrp.MsrpUri;

/**
 * Typed, checked access to an {@code m=message} media description: MSRP (RFC 4975 §8, over TCP, TLS
 * or WebSocket per RFC 7977) or the 2001 form {@code m=message <port> sip <SIP-URI>}.
 *
 * <p>{@link #of} checks every attribute this class knows against its rule and throws {@link
 * SdpParseException} with the attribute's line number; attributes it does not know are left alone
 * (they stay in {@link #description()}). Whether the stream can work — a path, a common type, a
 * compatible setup — is the offer/answer engine's question, not this class's.
 */
public final class MessageMedia {
  private static final String[] ONCE = {
    "path",
    "accept-types",
    "accept-wrapped-types",
    "max-size",
    "setup",
    "connection",
    "msrp-cema",
    "chatroom",
    "file-selector",
    "file-transfer-id",
    "file-disposition",
    "file-date",
    "file-icon",
    "file-range"
  };

  private final MediaDescription description;
  private final MessageTransport transport;
  private final ConnectionField connection;
  private final SipUri sipUri;
  private List<MsrpUri> path = List.of();
  private List<AcceptType> acceptTypes = List.of();
  private List<AcceptType> acceptWrappedTypes = List.of();
  private OptionalLong maxSize = OptionalLong.empty();
  private Setup setup;
  private ConnValue connValue;
  private final List<Fingerprint> fingerprints = new ArrayList<>();
  private Direction direction;
  private boolean cema;
  private Chatroom chatroom;
  private FileSelector fileSelector;
  private String fileTransferId;
  private String fileDisposition;
  private FileDate fileDate;
  private String fileIcon;
  private FileRange fileRange;

  private MessageMedia(
      MediaDescription description,
      MessageTransport transport,
      ConnectionField connection,
      SipUri sipUri) {
    this.description = description;
    this.transport = transport;
    this.connection = connection;
    this.sipUri = sipUri;
  }

  /** {@code true} when the media type is {@code message}. */
  public static boolean isMessage(MediaDescription m) {
    return m.media().equalsIgnoreCase("message");
  }

  /**
   * The message stream at {@code index} of {@code sdp}; session-level {@code c=}, direction, {@code
   * a=setup} and {@code a=fingerprint} apply where the media description has none.
   *
   * @throws SdpParseException when a known attribute breaks its rule
   * @throws IllegalArgumentException when the media at {@code index} is not {@code message}
   */
  public static MessageMedia of(SessionDescription sdp, int index) {
    MediaDescription m = sdp.media().get(index);
    if (!isMessage(m)) {
      throw new IllegalArgumentException("media " + index + " is " + m.media() + ", not message");
    }
    MessageMedia mm =
        new MessageMedia(
            m,
            MessageTransport.fromProto(m.proto()),
            m.connection().or(sdp::connection).orElse(null),
            sipUri(m));
    for (SdpLine l : m.attributes()) {
      mm.read(l);
    }
    if (mm.direction == null) {
      for (SdpLine l : sdp.sessionLines()) {
        Direction d = l.type() == 'a' ? Direction.fromToken(l.attributeName()) : null;
        if (d != null) {
          mm.direction = d;
        }
      }
    }
    if (mm.setup == null) {
      for (SdpLine l : sdp.attributes("setup")) {
        mm.setup = Setup.parse(value(l, SdpRule.SETUP), l.lineNumber());
      }
    }
    if (mm.fingerprints.isEmpty()) {
      for (SdpLine l : sdp.attributes("fingerprint")) {
        mm.fingerprints.add(
            FingerprintAttribute.parse(value(l, SdpRule.FINGERPRINT), l.lineNumber()));
      }
    }
    return mm;
  }

  private static SipUri sipUri(MediaDescription m) {
    if (MessageTransport.fromProto(m.proto()) != MessageTransport.SIP) {
      return null;
    }
    List<String> f = m.field().formats();
    int line = m.lines().get(0).lineNumber();
    if (f.size() != 1) {
      throw new SdpParseException(
          line, SdpRule.MEDIA_FIELD, "m=message ... sip takes exactly one SIP URI as its format");
    }
    try {
      return SipUriParser.parse(f.get(0), line);
    } catch (SdpParseException e) {
      throw new SdpParseException(line, SdpRule.SIP_URI, e.detail());
    }
  }

  @SuppressWarnings("ReferenceEquality") // is l the first a= of its name: the same line, not equal
  private void read(SdpLine l) {
    String name = l.attributeName().toLowerCase(java.util.Locale.ROOT);
    int n = l.lineNumber();
    for (String once : ONCE) {
      if (once.equals(name) && description.attributes(name).get(0) != l) {
        throw new SdpParseException(n, SdpRule.DUPLICATE_ATTRIBUTE, "a=" + name + " appears twice");
      }
    }
    Direction d = Direction.fromToken(name);
    if (d != null) {
      if (direction != null) {
        throw new SdpParseException(
            n, SdpRule.DIRECTION, "a second direction attribute: a=" + name);
      }
      direction = d;
      return;
    }
    switch (name) {
      case "path":
        path = path(value(l, SdpRule.PATH), n);
        break;
      case "accept-types":
        acceptTypes = AcceptType.parseList(value(l, SdpRule.ACCEPT_TYPES), n, SdpRule.ACCEPT_TYPES);
        break;
      case "accept-wrapped-types":
        acceptWrappedTypes =
            AcceptType.parseList(
                value(l, SdpRule.ACCEPT_WRAPPED_TYPES), n, SdpRule.ACCEPT_WRAPPED_TYPES);
        break;
      case "max-size":
        String v = value(l, SdpRule.MAX_SIZE);
        if (!SdpChars.digits(v) || v.length() > 18) {
          throw new SdpParseException(
              n,
              SdpRule.MAX_SIZE,
              "max-size-value must be a number of octets: " + SdpFields.quote(v));
        }
        maxSize = OptionalLong.of(Long.parseLong(v));
        break;
      case "setup":
        setup = Setup.parse(value(l, SdpRule.SETUP), n);
        break;
      case "connection":
        connValue = ConnValue.parse(value(l, SdpRule.CONNECTION), n);
        break;
      case "fingerprint":
        fingerprints.add(FingerprintAttribute.parse(value(l, SdpRule.FINGERPRINT), n));
        break;
      case "msrp-cema":
        if (l.attributeValue() != null) {
          throw new SdpParseException(n, SdpRule.MSRP_CEMA, "msrp-cema takes no value");
        }
        cema = true;
        break;
      case "chatroom":
        chatroom = Chatroom.parse(l.attributeValue(), n);
        break;
      case "file-selector":
        fileSelector = FileSelector.parse(l.attributeValue() == null ? "" : l.attributeValue(), n);
        break;
      case "file-transfer-id":
        fileTransferId = token(l, SdpRule.FILE_TRANSFER_ID);
        break;
      case "file-disposition":
        fileDisposition = token(l, SdpRule.FILE_DISPOSITION);
        break;
      case "file-date":
        fileDate = FileDate.parse(value(l, SdpRule.FILE_DATE), n);
        break;
      case "file-icon":
        fileIcon = value(l, SdpRule.FILE_ICON);
        if (!fileIcon.regionMatches(true, 0, "cid:", 0, 4) || fileIcon.length() == 4) {
          throw new SdpParseException(
              n, SdpRule.FILE_ICON, "file-icon must be a cid: URL: " + SdpFields.quote(fileIcon));
        }
        break;
      case "file-range":
        fileRange = FileRange.parse(value(l, SdpRule.FILE_RANGE), n);
        break;
      default:
        break;
    }
  }

  private static String value(SdpLine l, SdpRule rule) {
    String v = l.attributeValue();
    if (v == null || v.isEmpty()) {
      throw new SdpParseException(
          l.lineNumber(), rule, "a=" + l.attributeName() + " needs a value");
    }
    return v;
  }

  private static String token(SdpLine l, SdpRule rule) {
    String v = value(l, rule);
    if (!SdpChars.token(v)) {
      throw new SdpParseException(
          l.lineNumber(), rule, "value must be a token: " + SdpFields.quote(v));
    }
    return v;
  }

  static List<MsrpUri> path(String v, int line) {
    List<String> words = SdpChars.words(v);
    List<MsrpUri> out = new ArrayList<>(words.size());
    for (String w : words) {
      try {
        out.add(MsrpUri.parse(w));
      } catch (MsrpSyntaxException e) {
        throw new SdpParseException(
            line,
            SdpRule.PATH,
            "URI "
                + (out.size() + 1)
                + " "
                + SdpFields.quote(w)
                + " breaks "
                + e.rule().grammar()
                + ": "
                + e.detail()
                + " (offset "
                + e.offset()
                + ")");
      }
    }
    return List.copyOf(out);
  }

  /** The media description this view reads. */
  public MediaDescription description() {
    return description;
  }

  /** The transport of the {@code m=} line, or {@code null} for a proto Parley does not know. */
  public MessageTransport transport() {
    return transport;
  }

  /** The port of the {@code m=} line (ignored by the 2001 form; 0 means refused). */
  public int port() {
    return description.port();
  }

  /** The {@code c=} field of the media description, else of the session, if any. */
  public Optional<ConnectionField> connection() {
    return Optional.ofNullable(connection);
  }

  /** For the 2001 form, the SIP URI of the {@code m=} line; otherwise {@code null}. */
  public SipUri sipUri() {
    return sipUri;
  }

  /** {@code a=path}: the MSRP URIs, first hop first, the endpoint's own URI last; may be empty. */
  public List<MsrpUri> path() {
    return path;
  }

  /** {@code a=accept-types}, in order; empty when absent. */
  public List<AcceptType> acceptTypes() {
    return acceptTypes;
  }

  /** {@code a=accept-wrapped-types}, in order; empty when absent. */
  public List<AcceptType> acceptWrappedTypes() {
    return acceptWrappedTypes;
  }

  /** {@code a=max-size} in octets, if present. */
  public OptionalLong maxSize() {
    return maxSize;
  }

  /** {@code a=setup}, if present (absent means RFC 4975's default: the offerer connects). */
  public Optional<Setup> setup() {
    return Optional.ofNullable(setup);
  }

  /** {@code a=connection}, if present. */
  public Optional<ConnValue> connValue() {
    return Optional.ofNullable(connValue);
  }

  /** {@code a=fingerprint} lines of the media description, else of the session. */
  public List<Fingerprint> fingerprints() {
    return List.copyOf(fingerprints);
  }

  /** The direction attribute of the media, else of the session, else sendrecv. */
  public Direction direction() {
    return direction == null ? Direction.SENDRECV : direction;
  }

  /** {@code true} when {@code a=msrp-cema} is present (RFC 6714). */
  public boolean cema() {
    return cema;
  }

  /** {@code a=chatroom} (RFC 7701), if present. */
  public Optional<Chatroom> chatroom() {
    return Optional.ofNullable(chatroom);
  }

  /** {@code a=file-selector} (RFC 5547), if present. */
  public Optional<FileSelector> fileSelector() {
    return Optional.ofNullable(fileSelector);
  }

  /** {@code a=file-transfer-id}, if present. */
  public Optional<String> fileTransferId() {
    return Optional.ofNullable(fileTransferId);
  }

  /** {@code a=file-disposition} ({@code render}, {@code attachment}, ...), if present. */
  public Optional<String> fileDisposition() {
    return Optional.ofNullable(fileDisposition);
  }

  /** {@code a=file-date}, if present. */
  public Optional<FileDate> fileDate() {
    return Optional.ofNullable(fileDate);
  }

  /** {@code a=file-icon}, the cid: URL as written, if present. */
  public Optional<String> fileIcon() {
    return Optional.ofNullable(fileIcon);
  }

  /** {@code a=file-range}, if present. */
  public Optional<FileRange> fileRange() {
    return Optional.ofNullable(fileRange);
  }
}
