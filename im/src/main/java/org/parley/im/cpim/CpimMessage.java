package org.parley.im.cpim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.parley.im.MediaTypes;
import org.parley.im.Rfc3339;

/**
 * A {@code message/cpim} message (RFC 3862): message headers, then the encapsulated MIME entity
 * (its headers and its content, kept as bytes, never assumed to be text).
 *
 * <pre>
 * CpimMessage m = CpimMessage.builder()
 *     .from(CpimAddress.of("MR SANDERS", "im:piglet@100akerwood.com"))
 *     .to(CpimAddress.of("Depressed Donkey", "im:eeyore@100akerwood.com"))
 *     .dateTime(OffsetDateTime.now())
 *     .subject("the weather will be fine today")
 *     .subject("fr", "beau temps prevu pour aujourd'hui")
 *     .namespace("MyFeatures", "mid:MessageFeatures@id.foo.com")
 *     .require("MyFeatures.VitalMessageOption")
 *     .header("MyFeatures.VitalMessageOption", "Confirmation-requested")
 *     .contentType("text/plain; charset=utf-8")
 *     .body("Here is the text of my message.")
 *     .build();
 * byte[] wire = m.toBytes();
 * CpimMessage back = CpimMessage.parse(wire);   // equals m
 * </pre>
 *
 * <p>Immutable. Every header is checked as it is parsed or added, so a message is always valid:
 * From, To and cc are addresses, DateTime is an RFC 3339 date-time, NS declares a prefix before it
 * is used, Require names header names, escapes are well-formed. A parsed message writes back byte
 * for byte when its lines end with CRLF.
 */
public final class CpimMessage {
  /** The MIME type of a CPIM message. */
  public static final String CONTENT_TYPE = "message/cpim";

  private static final byte[] CRLF = {'\r', '\n'};

  private final List<CpimHeader> headers;
  private final CpimAddress from;
  private final List<CpimAddress> to;
  private final List<CpimAddress> cc;
  private final OffsetDateTime dateTime;
  private final List<CpimSubject> subjects;
  private final List<CpimNamespace> namespaces;
  private final List<CpimName> required;
  private final List<MimeHeader> mimeHeaders;
  private final byte[] body;

  CpimMessage(CpimHeaders h, List<MimeHeader> mimeHeaders, byte[] body) {
    this.headers = List.copyOf(h.all);
    this.from = h.from;
    this.to = List.copyOf(h.to);
    this.cc = List.copyOf(h.cc);
    this.dateTime = h.dateTime;
    this.subjects = List.copyOf(h.subjects);
    this.namespaces = List.copyOf(h.namespaces);
    this.required = List.copyOf(h.required);
    this.mimeHeaders = List.copyOf(mimeHeaders);
    this.body = body;
  }

  /**
   * Reads a message with the {@linkplain CpimLimits#DEFAULT default limits}.
   *
   * @throws CpimSyntaxException naming the rule broken and the offset of the offending byte
   */
  public static CpimMessage parse(byte[] bytes) {
    return parse(bytes, 0, bytes.length, CpimLimits.DEFAULT);
  }

  /**
   * Reads the message in {@code bytes[offset, offset + length)}; error offsets count from {@code
   * offset}.
   *
   * @throws CpimSyntaxException naming the rule broken and the offset of the offending byte
   */
  public static CpimMessage parse(byte[] bytes, int offset, int length, CpimLimits limits) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new CpimParser(bytes, offset, length, limits).message();
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this message's headers and content, to add to. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (CpimHeader h : headers) {
      b.header(h);
    }
    b.mime.addAll(mimeHeaders);
    b.body = body;
    return b;
  }

  /** Every message header, in order, as written. */
  public List<CpimHeader> headers() {
    return headers;
  }

  /** The headers called {@code localName} (without case) in {@code namespaceUri}, in order. */
  public List<CpimHeader> headers(String namespaceUri, String localName) {
    List<CpimHeader> found = new ArrayList<>();
    for (CpimHeader h : headers) {
      if (h.is(namespaceUri, localName)) {
        found.add(h);
      }
    }
    return found;
  }

  /** The first header called {@code localName} (without case) in {@code namespaceUri}. */
  public Optional<CpimHeader> header(String namespaceUri, String localName) {
    for (CpimHeader h : headers) {
      if (h.is(namespaceUri, localName)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  /** The From header (RFC 3862 §4.1). */
  public Optional<CpimAddress> from() {
    return Optional.ofNullable(from);
  }

  /** The To headers (§4.2), in order. */
  public List<CpimAddress> to() {
    return to;
  }

  /** The cc headers (§4.3), in order. */
  public List<CpimAddress> cc() {
    return cc;
  }

  /** The DateTime header (§4.4). */
  public Optional<OffsetDateTime> dateTime() {
    return Optional.ofNullable(dateTime);
  }

  /** The Subject headers (§4.5), one per language, in order. */
  public List<CpimSubject> subjects() {
    return subjects;
  }

  /**
   * The subject for {@code lang} (RFC 4647 lookup is up to the caller: this is an exact match
   * without case), else the subject without lang, else the first.
   */
  public Optional<CpimSubject> subject(String lang) {
    CpimSubject plain = null;
    for (CpimSubject s : subjects) {
      if (lang != null && s.lang().map(lang::equalsIgnoreCase).orElse(false)) {
        return Optional.of(s);
      }
      if (plain == null && s.lang().isEmpty()) {
        plain = s;
      }
    }
    return Optional.ofNullable(plain != null ? plain : subjects.isEmpty() ? null : subjects.get(0));
  }

  /** The NS headers (§4.6), in order. */
  public List<CpimNamespace> namespaces() {
    return namespaces;
  }

  /** The header names of the Require headers (§4.7), in order. */
  public List<CpimName> required() {
    return required;
  }

  /** The headers of the encapsulated MIME entity, in order. */
  public List<MimeHeader> mimeHeaders() {
    return mimeHeaders;
  }

  /** The value of the first encapsulated MIME header called {@code name} (without case). */
  public Optional<String> mimeHeader(String name) {
    for (MimeHeader h : mimeHeaders) {
      if (h.is(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /** The encapsulated Content-Type, with its parameters ({@code text/plain; charset=utf-8}). */
  public Optional<String> contentType() {
    return mimeHeader("Content-Type");
  }

  /** The encapsulated Content-Type's {@code type/subtype} in lower case, without parameters. */
  public Optional<String> mediaType() {
    return contentType().map(MediaTypes::mediaTypeOf);
  }

  /** The content's bytes (a copy). */
  public byte[] body() {
    return body.clone();
  }

  /** The content's bytes, read-only, without copying. */
  public ByteBuffer bodyBuffer() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /** The number of bytes of content. */
  public int bodyLength() {
    return body.length;
  }

  /** The message as bytes: headers with CRLF, an empty line, MIME headers, empty line, content. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64 * headers.size() + 64);
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes {@link #toBytes()} to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    for (CpimHeader h : headers) {
      out.write(h.toString().getBytes(StandardCharsets.UTF_8));
      out.write(CRLF);
    }
    out.write(CRLF);
    for (MimeHeader h : mimeHeaders) {
      out.write(h.toString().getBytes(StandardCharsets.UTF_8));
      out.write(CRLF);
    }
    out.write(CRLF);
    out.write(body);
  }

  /** Same headers as written, same MIME headers, same content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CpimMessage
        && ((CpimMessage) o).headers.equals(headers)
        && ((CpimMessage) o).mimeHeaders.equals(mimeHeaders)
        && Arrays.equals(((CpimMessage) o).body, body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(headers, mimeHeaders, Arrays.hashCode(body));
  }

  /** One line for logs: {@code CPIM From: ... To: ... [n headers] Content-Type: ... (n bytes)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CPIM");
    if (from != null) {
      sb.append(" From: ").append(from);
    }
    for (CpimAddress a : to) {
      sb.append(" To: ").append(a);
    }
    sb.append(" [").append(headers.size()).append(" headers]");
    contentType().ifPresent(t -> sb.append(" Content-Type: ").append(t));
    return sb.append(" (").append(body.length).append(" bytes)").toString();
  }

  /**
   * Builds a {@link CpimMessage}. Headers are written in the order they are added and checked as
   * they are added (errors count offsets from the first byte of the header line being added); a
   * name prefix must be declared with {@link #namespace} first.
   */
  public static final class Builder {
    private final CpimHeaders headers = new CpimHeaders();
    private final List<MimeHeader> mime = new ArrayList<>();
    private byte[] body = new byte[0];

    private Builder() {}

    private Builder line(String name, List<CpimParameter> params, String rawValue) {
      StringBuilder sb = new StringBuilder(name).append(':');
      for (CpimParameter p : params) {
        sb.append(';').append(p);
      }
      byte[] line = sb.append(' ').append(rawValue).toString().getBytes(StandardCharsets.UTF_8);
      new CpimParser(line, 0, line.length, CpimLimits.NONE).header(0, line.length, headers);
      return this;
    }

    /** Adds a header as another message has it (its prefix must be declared here too). */
    public Builder header(CpimHeader h) {
      return line(h.name().toString(), h.parameters(), h.rawValue());
    }

    /**
     * Adds a header with a text value; backslashes and control characters are escaped (RFC 3862
     * §2.3).
     */
    public Builder header(String name, String value) {
      return header(name, List.of(), value);
    }

    /** Adds a header with parameters and a text value (escaped as by {@link #header}). */
    public Builder header(String name, List<CpimParameter> parameters, String value) {
      return line(name, parameters, CpimValues.encode(value, false));
    }

    /** {@code From: address}; at most once. */
    public Builder from(CpimAddress address) {
      return line("From", List.of(), address.toString());
    }

    /** {@code To: address}. */
    public Builder to(CpimAddress address) {
      return line("To", List.of(), address.toString());
    }

    /** {@code cc: address}. */
    public Builder cc(CpimAddress address) {
      return line("cc", List.of(), address.toString());
    }

    /**
     * {@code DateTime: date-time} (RFC 3339; a fraction only when there is one); at most once.
     *
     * @throws IllegalArgumentException for a year outside 0000 to 9999 or an offset with seconds
     */
    public Builder dateTime(OffsetDateTime dateTime) {
      return line("DateTime", List.of(), Rfc3339.format(dateTime));
    }

    /** {@code Subject: text}; at most one without a language. */
    public Builder subject(String text) {
      return header("Subject", text);
    }

    /** {@code Subject:;lang=tag text}; at most one per language. */
    public Builder subject(String lang, String text) {
      return header("Subject", List.of(CpimParameter.lang(lang)), text);
    }

    /**
     * {@code NS: prefix <uri>}: declares {@code prefix} for the headers added after it. An empty
     * prefix writes {@code NS: <uri>}.
     */
    public Builder namespace(String prefix, String uri) {
      return line("NS", List.of(), prefix.isEmpty() ? '<' + uri + '>' : prefix + " <" + uri + '>');
    }

    /** {@code Require: name,name}: header names the recipient must understand. */
    public Builder require(String... headerNames) {
      return line("Require", List.of(), String.join(",", headerNames));
    }

    /** Adds a header to the encapsulated MIME entity. */
    public Builder mimeHeader(String name, String value) {
      MimeHeader h = MimeHeader.of(name, value);
      if (h.is("Content-Type") && MediaTypes.mediaTypeOf(h.value()) == null) {
        throw new CpimSyntaxException(
            CpimRule.MIME_HEADER, 0, "Content-Type must be type \"/\" subtype: " + value);
      }
      mime.add(h);
      return this;
    }

    /** {@code Content-Type: value} in the encapsulated MIME entity. */
    public Builder contentType(String value) {
      return mimeHeader("Content-Type", value);
    }

    /** The content (copied). */
    public Builder body(byte[] content) {
      this.body = content.clone();
      return this;
    }

    /** The content as UTF-8. */
    public Builder body(String text) {
      this.body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** The CpimMessage built so far; the builder can go on. */
    public CpimMessage build() {
      return new CpimMessage(headers, mime, body);
    }
  }
}
