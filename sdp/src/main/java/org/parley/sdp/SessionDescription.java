package org.parley.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A session description (RFC 8866): the session-level lines, then the media descriptions, each line
 * kept in order exactly as written. {@link #toString()} gives back the parsed text byte for byte,
 * unknown attributes, LF-only line ends and trailing spaces included.
 *
 * <p>Immutable. The {@code with...} methods return copies in which every line not named keeps its
 * text, so a stream that is not touched stays byte-exact.
 *
 * <pre>{@code
 * SessionDescription sdp = SessionDescription.parse(body);
 * for (MediaDescription m : sdp.media()) { ... }
 * byte[] wire = sdp.toBytes();
 * }</pre>
 */
public final class SessionDescription {
  private final List<SdpLine> sessionLines;
  private final List<MediaDescription> media;
  private final String trailer;

  SessionDescription(List<SdpLine> sessionLines, List<MediaDescription> media, String trailer) {
    this.sessionLines = sessionLines;
    this.media = media;
    this.trailer = trailer;
  }

  /**
   * Parses a description.
   *
   * @throws SdpParseException naming the line number and what is wrong
   */
  public static SessionDescription parse(CharSequence text) {
    return SdpParser.parse(text);
  }

  /** Parses a UTF-8 encoded description (a SIP body). */
  public static SessionDescription parse(byte[] utf8) {
    return parse(new String(utf8, StandardCharsets.UTF_8));
  }

  /**
   * A new description with the usual session lines: {@code v=0}, {@code o=}, {@code s=-}, a
   * session-level {@code c=} when {@code connection} is not null, {@code t=0 0}; then the media.
   */
  public static SessionDescription create(
      Origin origin, ConnectionField connection, List<MediaDescription> media) {
    List<SdpLine> lines = new ArrayList<>();
    lines.add(SdpLine.of('v', "0"));
    lines.add(SdpLine.of('o', origin.toString()));
    lines.add(SdpLine.of('s', "-"));
    if (connection != null) {
      lines.add(SdpLine.of('c', connection.toString()));
    }
    lines.add(SdpLine.of('t', "0 0"));
    return new SessionDescription(List.copyOf(lines), List.copyOf(media), "");
  }

  /** The session-level lines, {@code v=} first. */
  public List<SdpLine> sessionLines() {
    return sessionLines;
  }

  /** The media descriptions, in order. */
  public List<MediaDescription> media() {
    return media;
  }

  /** Every line, session level then each media description. */
  public List<SdpLine> lines() {
    List<SdpLine> all = new ArrayList<>(sessionLines);
    for (MediaDescription m : media) {
      all.addAll(m.lines());
    }
    return all;
  }

  /** The {@code o=} field. */
  public Origin origin() {
    SdpLine o = sessionLines.get(1);
    return Origin.parse(o.trimmedValue(), o.lineNumber());
  }

  /** The {@code s=} text, as written. */
  public String sessionName() {
    return sessionLines.get(2).value();
  }

  /** The session-level {@code c=} field, if any. */
  public Optional<ConnectionField> connection() {
    for (SdpLine l : sessionLines) {
      if (l.type() == 'c') {
        return Optional.of(ConnectionField.parse(l.trimmedValue(), l.lineNumber()));
      }
    }
    return Optional.empty();
  }

  /** The session-level {@code a=} lines with this name (compared without case), in order. */
  public List<SdpLine> attributes(String name) {
    List<SdpLine> out = new ArrayList<>();
    for (SdpLine l : sessionLines) {
      if (l.type() == 'a' && l.attributeName().equalsIgnoreCase(name)) {
        out.add(l);
      }
    }
    return out;
  }

  /** {@code true} when a session-level {@code a=} line of this name is present. */
  public boolean hasAttribute(String name) {
    return !attributes(name).isEmpty();
  }

  /** A copy with another {@code o=} line; all other lines unchanged. */
  public SessionDescription withOrigin(Origin origin) {
    List<SdpLine> lines = new ArrayList<>(sessionLines);
    lines.set(1, new SdpLine('o', origin.toString(), sessionLines.get(1).lineEnd(), 0));
    return new SessionDescription(List.copyOf(lines), media, trailer);
  }

  /** A copy with the media description at {@code index} replaced; all other lines unchanged. */
  public SessionDescription withMedia(int index, MediaDescription m) {
    List<MediaDescription> copy = new ArrayList<>(media);
    copy.set(index, m);
    return new SessionDescription(sessionLines, List.copyOf(copy), trailer);
  }

  /**
   * A copy with {@code m} appended as the last media description. A last line written without a
   * line end (as a parsed text may end) gets CRLF, so that {@code m} starts a line of its own.
   */
  public SessionDescription withAddedMedia(MediaDescription m) {
    List<SdpLine> session = sessionLines;
    List<MediaDescription> copy = new ArrayList<>(media);
    if (copy.isEmpty()) {
      session = terminated(sessionLines);
    } else {
      MediaDescription last = copy.get(copy.size() - 1);
      copy.set(copy.size() - 1, MediaDescription.of(terminated(last.lines())));
    }
    copy.add(m);
    return new SessionDescription(session, List.copyOf(copy), trailer);
  }

  /** {@code lines} with CRLF after the last one when it has no line end. */
  private static List<SdpLine> terminated(List<SdpLine> lines) {
    SdpLine last = lines.get(lines.size() - 1);
    if (!last.lineEnd().isEmpty()) {
      return lines;
    }
    List<SdpLine> copy = new ArrayList<>(lines);
    copy.set(
        copy.size() - 1, new SdpLine(last.type(), last.value(), SdpLine.CRLF, last.lineNumber()));
    return List.copyOf(copy);
  }

  /** The description as written: for a parsed one, exactly the parsed text. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(256);
    for (SdpLine l : sessionLines) {
      sb.append(l);
    }
    for (MediaDescription m : media) {
      sb.append(m);
    }
    return sb.append(trailer).toString();
  }

  /** {@link #toString()} in UTF-8. */
  public byte[] toBytes() {
    return toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Equal when the written text is. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SessionDescription && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
