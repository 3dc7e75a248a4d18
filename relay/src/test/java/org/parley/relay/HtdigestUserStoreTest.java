package org.parley.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.auth.Digest;

/**
 * {@link HtdigestUserStore#line} writes only lines the store reads back (found by {@link
 * HtdigestUserStoreFuzzTest}: a user name with leading spaces was written, then read without them).
 */
class HtdigestUserStoreTest {
  @Test
  void aLineIsReadBackWithItsHa1(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("users");
    Files.writeString(f, HtdigestUserStore.line("alice smith", "r 1", "pw") + "\n");
    assertThat(HtdigestUserStore.open(f).ha1("alice smith", "r 1"))
        .hasValue(Digest.ha1("alice smith", "r 1", "pw"));
  }

  @Test
  void namesTheReaderCouldNotGiveBackAreRefused() {
    for (String user : new String[] {"  alice", "\talice", "#alice", "al\nice", "", "a:b"}) {
      assertThatThrownBy(() -> HtdigestUserStore.line(user, "realm", "pw"))
          .as("user %s", user)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String realm : new String[] {"", "re\nalm", "re:alm"}) {
      assertThatThrownBy(() -> HtdigestUserStore.line("alice", realm, "pw"))
          .as("realm %s", realm)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
