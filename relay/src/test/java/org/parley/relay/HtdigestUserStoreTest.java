package org.parley.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;

/**
 * {@link HtdigestUserStore#line} writes only lines the store reads back (found by {@link
 * HtdigestUserStoreFuzzTest}: a user name with leading spaces was written, then read without them).
 */
class HtdigestUserStoreTest {
  @Test
  void aLineIsReadBackWithItsHa1s(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("users");
    Files.writeString(f, HtdigestUserStore.line("alice smith", "r 1", "pw") + "\n");
    HtdigestUserStore s = HtdigestUserStore.open(f);
    for (DigestAlgorithm h : DigestAlgorithm.values()) {
      assertThat(s.ha1("alice smith", "r 1", h))
          .hasValue(Digest.ha1(h, "alice smith", "r 1", "pw"));
    }
  }

  /**
   * Apache's htdigest writes the MD5 HA1 alone: that user has no SHA-256 HA1. A line with a SHA-256
   * field of the wrong length is no user at all.
   */
  @Test
  void anHtdigestLineHasNoSha256Ha1(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("users");
    String md5 = Digest.ha1(DigestAlgorithm.MD5, "bob", "r", "pw");
    Files.writeString(
        f, "bob:r:" + md5.toUpperCase(java.util.Locale.ROOT) + "\ncarol:r:" + md5 + ":ab\n");
    HtdigestUserStore s = HtdigestUserStore.open(f);
    assertThat(s.ha1("bob", "r", DigestAlgorithm.MD5)).hasValue(md5);
    assertThat(s.ha1("bob", "r", DigestAlgorithm.SHA_256)).isEmpty();
    assertThat(s.ha1("carol", "r", DigestAlgorithm.MD5)).isEmpty();
    assertThat(s.size()).isEqualTo(1);
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
