package org.parley.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One media description: its {@code m=} line and the {@code i=}, {@code c=}, {@code b=}, {@code k=}
 * and {@code a=} lines after it, in the order written. Immutable; the {@code with...} methods
 * return a copy in which every line not named keeps its text byte for byte.
 */
public final class MediaDescription {
  private final List<SdpLine> lines;
  private final MediaField field;

  private MediaDescription(List<SdpLine> lines, MediaField field) {
    this.lines = lines;
    this.field = field;
  }

  /** Used by the parser: lines already checked, the first being {@code m=}. */
  static MediaDescription parsed(List<SdpLine> lines) {
    SdpLine m = lines.get(0);
    return new MediaDescription(
        List.copyOf(lines), MediaField.parse(m.trimmedValue(), m.lineNumber()));
  }

  /**
   * A media description from lines; the first must be {@code m=}, the others {@code i c b k a}.
   *
   * @throws SdpParseException when a line breaks its rule or does not belong in a media description
   */
  public static MediaDescription of(List<SdpLine> lines) {
    if (lines.isEmpty() || lines.get(0).type() != 'm') {
      throw new SdpParseException(
          0, SdpRule.SESSION_DESCRIPTION, "a media description starts with m=");
    }
    SdpParser.checkMediaLines(lines);
    return parsed(lines);
  }

  /** A builder starting with the given {@code m=} field. */
  public static Builder builder(MediaField field) {
    return new Builder(field);
  }

  /** The parsed {@code m=} line. */
  public MediaField field() {
    return field;
  }

  /** The media type ({@code message}, {@code audio}, ...). */
  public String media() {
    return field.media();
  }

  /** The port of the {@code m=} line. */
  public int port() {
    return field.port();
  }

  /** The proto of the {@code m=} line, as written. */
  public String proto() {
    return field.proto();
  }

  /** All lines, the {@code m=} line first. */
  public List<SdpLine> lines() {
    return lines;
  }

  /** The media-level {@code c=} field, if any (the first one). */
  public Optional<ConnectionField> connection() {
    for (SdpLine l : lines) {
      if (l.type() == 'c') {
        return Optional.of(ConnectionField.parse(l.trimmedValue(), l.lineNumber()));
      }
    }
    return Optional.empty();
  }

  /** The {@code a=} lines, in order. */
  public List<SdpLine> attributes() {
    List<SdpLine> out = new ArrayList<>();
    for (SdpLine l : lines) {
      if (l.type() == 'a') {
        out.add(l);
      }
    }
    return out;
  }

  /** The {@code a=} lines with this name (compared without case), in order. */
  public List<SdpLine> attributes(String name) {
    List<SdpLine> out = new ArrayList<>();
    for (SdpLine l : lines) {
      if (l.type() == 'a' && l.attributeName().equalsIgnoreCase(name)) {
        out.add(l);
      }
    }
    return out;
  }

  /** The trimmed value of the first {@code a=name:value}, or empty (also for a bare flag). */
  public Optional<String> attribute(String name) {
    for (SdpLine l : attributes(name)) {
      return Optional.ofNullable(l.attributeValue());
    }
    return Optional.empty();
  }

  /** {@code true} when an {@code a=} line of this name is present (flag or value). */
  public boolean hasAttribute(String name) {
    return !attributes(name).isEmpty();
  }

  /** A copy with another port on the {@code m=} line (0 refuses or disables the stream). */
  public MediaDescription withPort(int port) {
    List<SdpLine> copy = new ArrayList<>(lines);
    SdpLine m = lines.get(0);
    copy.set(0, new SdpLine('m', field.withPort(port).toString(), m.lineEnd(), 0));
    return of(copy);
  }

  /** A copy holding only the {@code m=} line, its port set to 0: RFC 3264's refusal. */
  public MediaDescription refused() {
    return of(List.of(new SdpLine('m', field.withPort(0).toString(), SdpLine.CRLF, 0)));
  }

  /** The description as written. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (SdpLine l : lines) {
      sb.append(l);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaDescription && ((MediaDescription) o).lines.equals(lines);
  }

  @Override
  public int hashCode() {
    return lines.hashCode();
  }

  /** Builds a media description line by line, each line ending with CRLF. */
  public static final class Builder {
    private final List<SdpLine> lines = new ArrayList<>();

    private Builder(MediaField field) {
      lines.add(SdpLine.of('m', field.toString()));
    }

    /** Adds a {@code c=} line. */
    public Builder connection(ConnectionField c) {
      lines.add(SdpLine.of('c', c.toString()));
      return this;
    }

    /** Adds {@code a=name:value}. */
    public Builder attribute(String name, String value) {
      lines.add(SdpLine.of('a', name + ':' + value));
      return this;
    }

    /** Adds the flag {@code a=name}. */
    public Builder flag(String name) {
      lines.add(SdpLine.of('a', name));
      return this;
    }

    /** Adds any line, as given. */
    public Builder line(SdpLine line) {
      lines.add(line);
      return this;
    }

    /**
     * The media description.
     *
     * @throws SdpParseException when a line breaks its rule
     */
    public MediaDescription build() {
      return of(lines);
    }
  }
}
