package org.parley.im;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The file an RFC 5547 offer describes: its name, type, size, SHA-1 and dates, read from the disk
 * by {@link #of}. The sdp module writes and reads the attributes that carry them ({@code
 * org.parley.sdp.FileSelector} for {@code a=file-selector}, {@code FileDate} for {@code
 * a=file-date}).
 *
 * <pre>
 * FileDescription f = FileDescription.of(Path.of("My cool picture.jpg"), "image/jpeg");
 * f.name();  f.size();  f.sha1();  f.modification();
 * FileDescription.newTransferId();   // for a=file-transfer-id
 * </pre>
 *
 * <p>Immutable. The values are not checked here: {@code FileSelector}'s builder checks what it
 * writes.
 *
 * @param name the file name, or null
 * @param type the media type with its parameters, or null
 * @param size the size in octets, or -1 when unknown
 * @param sha1 the SHA-1 hash-value ({@code 72:24:...}), or null
 * @param creation the creation date, or null
 * @param modification the modification date, or null
 * @param read the last read date, or null
 */
public record FileDescription(
    String name,
    String type,
    long size,
    String sha1,
    ZonedDateTime creation,
    ZonedDateTime modification,
    ZonedDateTime read) {
  private static final char[] TOKEN_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The file at {@code path}: its name, size, SHA-1 (read once, in pieces) and modification date,
   * with the given type ({@code null} for none).
   */
  public static FileDescription of(Path path, String type) throws IOException {
    Path name = path.getFileName();
    return new FileDescription(
        name == null ? null : name.toString(),
        type,
        Files.size(path),
        FileHash.of(path),
        null,
        Files.getLastModifiedTime(path).toInstant().atZone(ZoneOffset.UTC),
        null);
  }

  /** A fresh {@code file-transfer-id} value: 24 random letters and digits (about 140 bits). */
  public static String newTransferId() {
    char[] id = new char[24];
    for (int i = 0; i < id.length; i++) {
      id[i] = TOKEN_CHARS[RANDOM.nextInt(TOKEN_CHARS.length)];
    }
    return new String(id);
  }
}
