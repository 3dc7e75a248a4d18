package org.parley.sdp;

import java.util.List;

/**
 * The {@code m=} field (RFC 8866 §5.14).
 *
 * <pre>
 * media-field = %s"m" "=" media SP port ["/" integer] SP proto 1*(SP fmt)
 * </pre>
 *
 * <p>{@code fmt} is read as any visible text rather than a {@code token}: the 2001 form of message
 * sessions puts a SIP URI there ({@code m=message 5060 sip sip:bob@host}).
 */
public final class MediaField {
  private final String media;
  private final int port;
  private final int portCount;
  private final String proto;
  private final List<String> formats;

  private MediaField(String media, int port, int portCount, String proto, List<String> formats) {
    this.media = media;
    this.port = port;
    this.portCount = portCount;
    this.proto = proto;
    this.formats = formats;
  }

  /**
   * A media field.
   *
   * @throws SdpParseException when a part breaks {@code media-field}
   */
  public static MediaField of(String media, int port, String proto, List<String> formats) {
    return parse(media + ' ' + port + ' ' + proto + ' ' + String.join(" ", formats), 0);
  }

  static MediaField parse(String value, int line) {
    List<String> f = SdpChars.fields(value);
    if (f.size() < 4) {
      throw new SdpParseException(
          line,
          SdpRule.MEDIA_FIELD,
          "expected media SP port SP proto 1*(SP fmt), found " + f.size() + " fields");
    }
    if (!SdpChars.token(f.get(0))) {
      throw new SdpParseException(line, SdpRule.MEDIA_FIELD, "media is not a token: " + f.get(0));
    }
    String portText = f.get(1);
    int slash = portText.indexOf('/');
    int portCount = 1;
    if (slash >= 0) {
      String count = portText.substring(slash + 1);
      portText = portText.substring(0, slash);
      if (!SdpChars.digits(count) || count.length() > 5 || Integer.parseInt(count) == 0) {
        throw new SdpParseException(
            line, SdpRule.MEDIA_FIELD, "number of ports must be a positive integer: " + count);
      }
      portCount = Integer.parseInt(count);
    }
    if (!SdpChars.digits(portText) || portText.length() > 5 || Integer.parseInt(portText) > 65535) {
      throw new SdpParseException(
          line, SdpRule.MEDIA_FIELD, "port must be 0 to 65535: " + f.get(1));
    }
    String proto = f.get(2);
    for (String part : protoParts(proto)) {
      if (!SdpChars.token(part)) {
        throw new SdpParseException(
            line, SdpRule.MEDIA_FIELD, "proto must be token *(\"/\" token): " + proto);
      }
    }
    List<String> formats = f.subList(3, f.size());
    for (String fmt : formats) {
      if (!SdpChars.visible(fmt)) {
        throw new SdpParseException(
            line, SdpRule.MEDIA_FIELD, "empty fmt (two spaces in a row or a trailing space)");
      }
    }
    return new MediaField(
        f.get(0), Integer.parseInt(portText), portCount, proto, List.copyOf(formats));
  }

  private static List<String> protoParts(String proto) {
    java.util.ArrayList<String> parts = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i <= proto.length(); i++) {
      if (i == proto.length() || proto.charAt(i) == '/') {
        parts.add(proto.substring(start, i));
        start = i + 1;
      }
    }
    return parts;
  }

  /** The media type: {@code audio}, {@code message}, ... */
  public String media() {
    return media;
  }

  /** The port; {@code 0} marks a refused or disabled stream. */
  public int port() {
    return port;
  }

  /** The number of ports after {@code "/"}, or 1. */
  public int portCount() {
    return portCount;
  }

  /** The transport protocol as written: {@code TCP/MSRP}, {@code RTP/AVP}, {@code sip}, ... */
  public String proto() {
    return proto;
  }

  /** The formats, in order. */
  public List<String> formats() {
    return formats;
  }

  /** This field with another port. */
  public MediaField withPort(int newPort) {
    return parse(
        media
            + ' '
            + newPort
            + (portCount != 1 ? "/" + portCount : "")
            + ' '
            + proto
            + ' '
            + String.join(" ", formats),
        0);
  }

  /** The field value, without {@code "m="}. */
  @Override
  public String toString() {
    return media
        + ' '
        + port
        + (portCount != 1 ? "/" + portCount : "")
        + ' '
        + proto
        + ' '
        + String.join(" ", formats);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaField && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
