package org.parley.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;

/**
 * Coverage-guided fuzzing of the htdigest reader (Jazzer; corpus in {@code
 * HtdigestUserStoreFuzzTestInputs/read}): the fuzz data is the file's text. Any file opens; the
 * store holds exactly the well-formed {@code user:realm:HA1[:HA1-SHA-256]} lines (the last one of a
 * user and realm wins, HA1s in lower case). The text up to the first two colons of its first line
 * is taken as a user name and a realm: the line that {@link HtdigestUserStore#line} writes for them
 * is read back with the same HA1s, or the name or realm is refused with an {@link
 * IllegalArgumentException}.
 */
class HtdigestUserStoreFuzzTest {
  private static final Path FILE;

  static {
    try {
      FILE = Files.createTempFile("parley-fuzz-", ".htdigest");
      FILE.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void read(byte[] data) throws IOException {
    String text = new String(data, StandardCharsets.UTF_8);

    Files.write(FILE, text.getBytes(StandardCharsets.UTF_8));
    HtdigestUserStore store = HtdigestUserStore.open(FILE);
    Map<String, String[]> expected = wellFormed(text);
    assertThat(store.size()).as("users in %s", text).isEqualTo(expected.size());
    for (Map.Entry<String, String[]> e : expected.entrySet()) {
      int c = e.getKey().indexOf(':');
      String user = e.getKey().substring(0, c);
      String realm = e.getKey().substring(c + 1);
      assertThat(store.ha1(user, realm, DigestAlgorithm.MD5))
          .as("HA1 of %s", e.getKey())
          .hasValue(e.getValue()[0]);
      assertThat(store.ha1(user, realm, DigestAlgorithm.SHA_256))
          .as("SHA-256 HA1 of %s", e.getKey())
          .isEqualTo(Optional.ofNullable(e.getValue()[1]));
    }

    String[] first = text.split("\n", 2)[0].split(":", 3);
    if (first.length < 2) {
      return;
    }
    String user = first[0];
    String realm = first[1];
    String password = "Circle Of Life";
    String line;
    try {
      line = HtdigestUserStore.line(user, realm, password);
    } catch (IllegalArgumentException refused) {
      return;
    }
    Files.write(FILE, (line + "\n").getBytes(StandardCharsets.UTF_8));
    HtdigestUserStore written = HtdigestUserStore.open(FILE);
    for (DigestAlgorithm h : DigestAlgorithm.values()) {
      assertThat(written.ha1(user, realm, h))
          .as("the %s HA1 written for user %s realm %s: %s", h, user, realm, line)
          .hasValue(Digest.ha1(h, user, realm, password));
    }
    assertThat(written.size()).isEqualTo(1);
  }

  /**
   * The well-formed lines as the format defines them: {@code user:realm:32-hex}, optionally
   * followed by {@code :64-hex}; the HA1s in lower case, the SHA-256 one null when absent.
   */
  private static Map<String, String[]> wellFormed(String text) {
    Map<String, String[]> m = new HashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(":", 3);
      if (parts.length == 3
          && !parts[0].isEmpty()
          && !parts[1].isEmpty()
          && parts[2].matches("[0-9a-fA-F]{32}(:[0-9a-fA-F]{64})?")) {
        String ha1s = parts[2].toLowerCase(Locale.ROOT);
        m.put(
            parts[0] + ":" + parts[1],
            new String[] {ha1s.substring(0, 32), ha1s.length() > 32 ? ha1s.substring(33) : null});
      }
    }
    return m;
  }
}
