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
import org.parley.msrp.auth.Digest;

/**
 * Coverage-guided fuzzing of the htdigest reader (Jazzer; corpus in {@code
 * HtdigestUserStoreFuzzTestInputs/read}): the fuzz data is the file's text. Any file opens; the
 * store holds exactly the well-formed {@code user:realm:HA1} lines (the last one of a user and
 * realm wins, HA1 in lower case). The text up to the first two colons of its first line is taken as
 * a user name and a realm: the line that {@link HtdigestUserStore#line} writes for them is read
 * back with the same HA1, or the name or realm is refused with an {@link IllegalArgumentException}.
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
    Map<String, String> expected = wellFormed(text);
    assertThat(store.size()).as("users in %s", text).isEqualTo(expected.size());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      int c = e.getKey().indexOf(':');
      assertThat(store.ha1(e.getKey().substring(0, c), e.getKey().substring(c + 1)))
          .as("HA1 of %s", e.getKey())
          .hasValue(e.getValue());
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
    assertThat(written.ha1(user, realm))
        .as("the line written for user %s realm %s: %s", user, realm, line)
        .hasValue(Digest.ha1(user, realm, password));
    assertThat(written.size()).isEqualTo(1);
  }

  /** The well-formed lines as the format defines them: {@code user:realm:32-hex}. */
  private static Map<String, String> wellFormed(String text) {
    Map<String, String> m = new HashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(":", 3);
      if (parts.length == 3
          && !parts[0].isEmpty()
          && !parts[1].isEmpty()
          && parts[2].matches("[0-9a-fA-F]{32}")) {
        m.put(parts[0] + ":" + parts[1], parts[2].toLowerCase(Locale.ROOT));
      }
    }
    return m;
  }
}
