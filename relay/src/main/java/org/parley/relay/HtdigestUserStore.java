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
import org.parley.msrp.auth.DigestAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users from an Apache htdigest file: one {@code user:realm:HA1} per line, as {@code htdigest}
 * writes it, with {@code HA1 = MD5(user ":" realm ":" password)} in 32 hex digits. For SHA-256
 * digest (RFC 7616) a line may carry a fourth field, {@code SHA-256(user ":" realm ":" password)}
 * in 64 hex digits: {@code user:realm:HA1:HA1-SHA-256}. {@link #line} writes both, as {@code parley
 * relay passwd} does. A user whose line has no fourth field (Apache's {@code htdigest} writes none,
 * and drops it when it changes a password, so the old password's SHA-256 HA1 never outlives it) can
 * answer MD5 challenges only. Blank lines and lines starting with {@code #} are skipped; of two
 * lines for one user and realm the last counts. The file is read again when its modification time
 * or size changes (checked at each look-up, one {@code stat} per AUTH), so operators add and remove
 * users while the relay runs. A line of another form is skipped with a warning naming its number; a
 * file that cannot be read keeps the users read before. Neither HA1s nor user names are logged.
 */
public final class HtdigestUserStore implements UserStore {
  private static final Logger LOG = LoggerFactory.getLogger(HtdigestUserStore.class);

  private final Path file;
  private volatile Snapshot snapshot = new Snapshot(null, -1, Map.of());

  /** The HA1s of one account ({@code user:realm}): MD5, and SHA-256 or null. */
  private record Secrets(String md5, String sha256) {}

  private record Snapshot(FileTime modified, long size, Map<String, Secrets> accounts) {
    /** Whether every account has a SHA-256 HA1 (an htdigest file made by Apache has none). */
    boolean sha256ForAll() {
      return accounts.values().stream().allMatch(k -> k.sha256() != null);
    }
  }

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
   * The line for a user with that password: {@code user:realm:HA1:HA1-SHA-256}.
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
    return username
        + ":"
        + realm
        + ":"
        + Digest.ha1(DigestAlgorithm.MD5, username, realm, password)
        + ":"
        + Digest.ha1(DigestAlgorithm.SHA_256, username, realm, password);
  }

  @Override
  public Optional<String> ha1(String username, String realm, DigestAlgorithm algorithm) {
    Secrets k = current().accounts().get(username + ":" + realm);
    if (k == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(algorithm == DigestAlgorithm.MD5 ? k.md5() : k.sha256());
  }

  @Override
  public boolean everyoneHas(DigestAlgorithm algorithm) {
    Snapshot s = current();
    return algorithm == DigestAlgorithm.MD5 || s.sha256ForAll();
  }

  /** Accounts ({@code user:realm}) in the file as last read. */
  public int size() {
    return current().accounts().size();
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
        long md5Only = s.accounts().values().stream().filter(k -> k.sha256() == null).count();
        LOG.info(
            "event=users_reloaded file={} users={} md5_only={}",
            file,
            s.accounts().size(),
            md5Only);
      } catch (IOException e) {
        LOG.warn("event=users_reload_failed file={} error=\"{}\"", file, e.getMessage());
      }
      return s;
    }
  }

  private Snapshot load(BasicFileAttributes a) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, Secrets> m = new HashMap<>();
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
      Secrets k = c2 < 0 ? null : secrets(line.substring(c2 + 1));
      if (c1 <= 0 || c2 <= c1 + 1 || k == null) {
        LOG.warn(
            "event=users_bad_line file={} line={} expected=user:realm:HA1[:HA1-SHA-256]",
            file,
            lineNo);
        continue;
      }
      m.put(line.substring(0, c2), k);
    }
    return new Snapshot(a.lastModifiedTime(), a.size(), Map.copyOf(m));
  }

  /** {@code HA1 [":" HA1-SHA-256]}: 32 hex digits, then maybe ':' and 64; or null. */
  private static Secrets secrets(String s) {
    int md5 = DigestAlgorithm.MD5.hexLength();
    int sha256 = DigestAlgorithm.SHA_256.hexLength();
    if (s.length() == md5 && isHex(s)) {
      return new Secrets(s.toLowerCase(Locale.ROOT), null);
    }
    if (s.length() != md5 + 1 + sha256 || s.charAt(md5) != ':') {
      return null;
    }
    String a = s.substring(0, md5);
    String b = s.substring(md5 + 1);
    if (!isHex(a) || !isHex(b)) {
      return null;
    }
    return new Secrets(a.toLowerCase(Locale.ROOT), b.toLowerCase(Locale.ROOT));
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }
}
