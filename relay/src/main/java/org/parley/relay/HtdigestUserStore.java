package org.parley.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.parley.msrp.auth.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users from an Apache htdigest file: one {@code user:realm:HA1} per line, as {@code htdigest}
 * writes it; blank lines and lines starting with {@code #} are skipped. The file is read again when
 * its modification time or size changes (checked at each look-up, one {@code stat} per AUTH), so
 * operators add and remove users with {@code htdigest} while the relay runs. A line that is not
 * {@code user:realm:32-hex} is skipped with a warning naming its number; a file that cannot be read
 * keeps the users read before.
 */
public final class HtdigestUserStore implements UserStore {
  private static final Logger LOG = LoggerFactory.getLogger(HtdigestUserStore.class);

  private final Path file;
  private volatile Snapshot snapshot = new Snapshot(null, -1, Map.of());

  private record Snapshot(FileTime modified, long size, Map<String, String> ha1) {}

  private HtdigestUserStore(Path file) {
    this.file = file;
  }

  /**
   * A store reading {@code file}.
   *
   * @throws IOException when the file cannot be read now
   */
  public static HtdigestUserStore open(Path file) throws IOException {
    HtdigestUserStore s = new HtdigestUserStore(file);
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    s.snapshot = s.load(a);
    return s;
  }

  /**
   * The htdigest line for a user with that password.
   *
   * @throws IllegalArgumentException for a user name or realm that the line could not give back:
   *     empty, holding ':' or a line break, or a user name starting with white space or '#'
   */
  public static String line(String username, String realm, String password) {
    if (username.isEmpty() || realm.isEmpty()) {
      throw new IllegalArgumentException("an empty user name or realm");
    }
    if (username.indexOf(':') >= 0 || realm.indexOf(':') >= 0) {
      throw new IllegalArgumentException("':' in a user name or realm");
    }
    if (username.indexOf('\n') >= 0 || realm.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a line break in a user name or realm");
    }
    if (Character.isWhitespace(username.codePointAt(0)) || username.charAt(0) == '#') {
      // The reader strips each line and skips comments.
      throw new IllegalArgumentException("a user name starting with white space or '#'");
    }
    return username + ":" + realm + ":" + Digest.ha1(username, realm, password);
  }

  @Override
  public Optional<String> ha1(String username, String realm) {
    return Optional.ofNullable(current().ha1().get(username + ":" + realm));
  }

  /** Users in the file as last read. */
  public int size() {
    return current().ha1().size();
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return s; // gone for a moment (replaced by a rename): keep what we had
    }
    if (a.lastModifiedTime().equals(s.modified()) && a.size() == s.size()) {
      return s;
    }
    synchronized (this) {
      s = snapshot;
      if (a.lastModifiedTime().equals(s.modified()) && a.size() == s.size()) {
        return s;
      }
      try {
        s = load(a);
        snapshot = s;
        LOG.info("event=users_reloaded file={} users={}", file, s.ha1().size());
      } catch (IOException e) {
        LOG.warn("event=users_reload_failed file={} error=\"{}\"", file, e.getMessage());
      }
      return s;
    }
  }

  private Snapshot load(BasicFileAttributes a) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, String> m = new HashMap<>();
    int lineNo = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNo++;
      String line = text.substring(start, end).strip();
      start = end + 1;
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int c1 = line.indexOf(':');
      int c2 = c1 < 0 ? -1 : line.indexOf(':', c1 + 1);
      String ha1 = c2 < 0 ? "" : line.substring(c2 + 1);
      if (c1 <= 0 || c2 <= c1 + 1 || !isHex32(ha1)) {
        LOG.warn("event=users_bad_line file={} line={} expected=user:realm:HA1", file, lineNo);
        continue;
      }
      m.put(line.substring(0, c2), ha1.toLowerCase(Locale.ROOT));
    }
    return new Snapshot(a.lastModifiedTime(), a.size(), Map.copyOf(m));
  }

  private static boolean isHex32(String s) {
    if (s.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
