package org.parley.im;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The file an RFC 5547 offer describes, and the attribute values that describe it: {@code
 * a=file-selector} (name, type, size, SHA-1) and {@code a=file-date}. The sdp module reads these
 * attributes ({@code org.parley.sdp.FileSelector}, {@code FileDate}); this class writes them.
 *
 * <pre>
 * FileDescription f = FileDescription.of(Path.of("My cool picture.jpg"), "image/jpeg");
 * f.fileSelector();  // name:"My cool picture.jpg" type:image/jpeg size:32349 hash:sha-1:72:24:...
 * f.fileDate();      // modification:"Mon, 01 Apr 2024 10:00:00 GMT"
 * FileDescription.newTransferId();   // for a=file-transfer-id
 * </pre>
 *
 * <p>The file name is written with {@code "}, {@code %}, CR and LF percent-encoded, as RFC 5547's
 * {@code filename-string} asks; dates as RFC 5322 date-times in GMT. Immutable.
 */
public final class FileDescription {
  private static final DateTimeFormatter RFC_5322 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
  private static final char[] TOKEN_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;
  private final String type;
  private final long size;
  private final String sha1;
  private final ZonedDateTime creation;
  private final ZonedDateTime modification;
  private final ZonedDateTime read;

  private FileDescription(Builder b) {
    this.name = b.name;
    this.type = b.type;
    this.size = b.size;
    this.sha1 = b.sha1;
    this.creation = b.creation;
    this.modification = b.modification;
    this.read = b.read;
  }

  /** A builder; every part is optional. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The file at {@code path}: its name, size, SHA-1 (read once, in pieces) and modification date,
   * with the given type ({@code null} for none).
   */
  public static FileDescription of(Path path, String type) throws IOException {
    Path name = path.getFileName();
    return builder()
        .name(name == null ? null : name.toString())
        .type(type)
        .size(Files.size(path))
        .sha1(FileHash.of(path))
        .modification(Files.getLastModifiedTime(path).toInstant().atZone(ZoneOffset.UTC))
        .build();
  }

  /** A fresh {@code file-transfer-id} value: 24 random letters and digits (about 140 bits). */
  public static String newTransferId() {
    char[] id = new char[24];
    for (int i = 0; i < id.length; i++) {
      id[i] = TOKEN_CHARS[RANDOM.nextInt(TOKEN_CHARS.length)];
    }
    return new String(id);
  }

  /**
   * The {@code file-selector} attribute value: {@code name:"..." type:... size:... hash:sha-1:...}
   * with the parts that are known, in that order (RFC 5547's example order).
   */
  public String fileSelector() {
    StringBuilder sb = new StringBuilder();
    if (name != null) {
      sb.append("name:\"").append(percentEncode(name)).append('"');
    }
    if (type != null) {
      sb.append(sb.length() > 0 ? " " : "").append("type:").append(type);
    }
    if (size >= 0) {
      sb.append(sb.length() > 0 ? " " : "").append("size:").append(size);
    }
    if (sha1 != null) {
      sb.append(sb.length() > 0 ? " " : "").append("hash:").append(FileHash.SHA_1).append(':');
      sb.append(sha1);
    }
    return sb.toString();
  }

  /** The {@code file-date} attribute value, or {@code null} when no date is known. */
  public String fileDate() {
    StringBuilder sb = new StringBuilder();
    date(sb, "creation", creation);
    date(sb, "modification", modification);
    date(sb, "read", read);
    return sb.length() == 0 ? null : sb.toString();
  }

  private static void date(StringBuilder sb, String name, ZonedDateTime t) {
    if (t != null) {
      sb.append(sb.length() > 0 ? " " : "").append(name).append(":\"");
      sb.append(RFC_5322.format(t.withZoneSameInstant(ZoneOffset.UTC))).append('"');
    }
  }

  /** {@code "}, {@code %}, CR and LF as {@code %XX}; everything else as is (UTF-8 on the wire). */
  static String percentEncode(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"' || c == '%' || c == '\r' || c == '\n') {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The file name, or {@code null}. */
  public String name() {
    return name;
  }

  /** The media type with its parameters, or {@code null}. */
  public String type() {
    return type;
  }

  /** The size in octets, or {@code -1} when unknown. */
  public long size() {
    return size;
  }

  /** The SHA-1 hash-value ({@code 72:24:...}), or {@code null}. */
  public String sha1() {
    return sha1;
  }

  @Override
  public String toString() {
    return fileSelector();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileDescription
        && ((FileDescription) o).fileSelector().equals(fileSelector())
        && Objects.equals(((FileDescription) o).fileDate(), fileDate());
  }

  @Override
  public int hashCode() {
    return Objects.hash(fileSelector(), fileDate());
  }

  /** Builds a {@link FileDescription}. */
  public static final class Builder {
    private String name;
    private String type;
    private long size = -1;
    private String sha1;
    private ZonedDateTime creation;
    private ZonedDateTime modification;
    private ZonedDateTime read;

    private Builder() {}

    /** The file name (not empty, well-formed UTF-16); null for none. */
    public Builder name(String name) {
      if (name != null
          && (name.isEmpty() || !StandardCharsets.UTF_8.newEncoder().canEncode(name))) {
        throw new IllegalArgumentException("not a file name: '" + name + "'");
      }
      this.name = name;
      return this;
    }

    /**
     * The media type, {@code type/subtype} with optional parameters and no white space outside
     * quotes; null for none.
     */
    public Builder type(String type) {
      if (type != null) {
        String media = MediaTypes.mediaTypeOf(type);
        boolean quoted = false;
        for (int i = 0; i < type.length(); i++) {
          char c = type.charAt(i);
          quoted ^= c == '"';
          if ((c <= ' ' && !quoted) || c == 0x7f) {
            media = null;
          }
        }
        if (media == null || quoted) {
          throw new IllegalArgumentException("not a type for file-selector: '" + type + "'");
        }
      }
      this.type = type;
      return this;
    }

    /** The size in octets; -1 for unknown. */
    public Builder size(long size) {
      if (size < -1) {
        throw new IllegalArgumentException("size: " + size);
      }
      this.size = size;
      return this;
    }

    /**
     * The SHA-1 hash-value, as hex pairs joined by ':' or as the 40 hex digits {@code sha1sum}
     * prints, in either case (written as upper-case pairs: {@link FileHash#hashValue}); null for
     * none.
     */
    public Builder sha1(String hashValue) {
      this.sha1 = hashValue == null ? null : FileHash.hashValue(hashValue);
      return this;
    }

    /** {@code creation:}; null for none. */
    public Builder creation(ZonedDateTime t) {
      this.creation = t;
      return this;
    }

    /** {@code modification:}; null for none. */
    public Builder modification(ZonedDateTime t) {
      this.modification = t;
      return this;
    }

    /** {@code read:}; null for none. */
    public Builder read(ZonedDateTime t) {
      this.read = t;
      return this;
    }

    /** The FileDescription built so far; the builder can go on. */
    public FileDescription build() {
      return new FileDescription(this);
    }
  }
}
