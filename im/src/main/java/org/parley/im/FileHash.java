package org.parley.im;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The SHA-1 of a file as RFC 5547 writes it in {@code hash:sha-1:}: upper-case hex pairs joined by
 * colons ({@code hash-value = 2UHEX *(":" 2UHEX)}). Fed as the bytes go by, so a file of any size
 * is hashed while it is sent or received, without holding it.
 *
 * <p>Not thread-safe; one per transfer.
 */
public final class FileHash {
  /** The hash algorithm RFC 5547 names: {@code sha-1}. */
  public static final String SHA_1 = "sha-1";

  private final MessageDigest digest;
  private long length;

  private FileHash() {
    try {
      digest = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  /** A hash of nothing yet. */
  public static FileHash sha1() {
    return new FileHash();
  }

  /**
   * {@code text} as RFC 5547 writes a SHA-1 hash-value (upper-case hex pairs joined by colons),
   * from either of the forms people have at hand: that one in any case ({@code 72:24:5f:...}), or
   * 40 hex digits as {@code sha1sum} prints them ({@code 72245fe8...}). Spaces around are ignored.
   *
   * @throws IllegalArgumentException when {@code text} is neither
   */
  public static String hashValue(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(59);
    if (t.length() == 40 && t.chars().allMatch(FileHash::hex)) {
      for (int i = 0; i < 40; i += 2) {
        if (i > 0) {
          sb.append(':');
        }
        sb.append(t, i, i + 2);
      }
      return sb.toString();
    }
    boolean ok = t.length() == 59;
    for (int i = 0; ok && i < t.length(); i++) {
      char c = t.charAt(i);
      ok = i % 3 == 2 ? c == ':' : hex(c);
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "not a SHA-1 hash: '"
              + text
              + "' (give the 40 hex digits sha1sum prints, or RFC 5547's AB:CD:... pairs)");
    }
    return t;
  }

  private static boolean hex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  /** The hash-value of the file at {@code path}, read in 64 KB pieces. */
  public static String of(Path path) throws IOException {
    FileHash h = sha1();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        h.update(buf, 0, n);
      }
    }
    return h.hashValue();
  }

  /** Adds {@code b[off, off + len)}. */
  public FileHash update(byte[] b, int off, int len) {
    digest.update(b, off, len);
    length += len;
    return this;
  }

  /** Adds the buffer's remaining bytes (its position moves to its limit). */
  public FileHash update(ByteBuffer b) {
    length += b.remaining();
    digest.update(b);
    return this;
  }

  /** The number of bytes added. */
  public long length() {
    return length;
  }

  /** The hash-value of the bytes added so far ({@code 72:24:5F:...}); the hash goes on. */
  public String hashValue() {
    try {
      return format(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-1 digest cannot be cloned", e);
    }
  }

  /** Whether the bytes added have the hash-value {@code expected} (hex in either case). */
  public boolean matches(String expected) {
    return hashValue().equalsIgnoreCase(expected);
  }

  /** Upper-case hex pairs joined by colons. */
  static String format(byte[] hash) {
    StringBuilder sb = new StringBuilder(hash.length * 3);
    for (byte x : hash) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)));
      sb.append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
    }
    return sb.toString();
  }
}
