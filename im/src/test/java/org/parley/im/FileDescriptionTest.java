package org.parley.im;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What RFC 5547 file transfer learns from the disk: a file described, its SHA-1 streamed. */
class FileDescriptionTest {
  private static final String RFC5547_HASH =
      "72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E";

  @Test
  void aSha1IsTakenAsSha1sumPrintsItOrAsRfc5547WritesIt() {
    String sha1sum = RFC5547_HASH.replace(":", "").toLowerCase(java.util.Locale.ROOT);
    assertThat(sha1sum).hasSize(40);
    assertThat(FileHash.hashValue(sha1sum)).isEqualTo(RFC5547_HASH);
    assertThat(FileHash.hashValue(" " + sha1sum.toUpperCase(java.util.Locale.ROOT) + "\n"))
        .isEqualTo(RFC5547_HASH);
    assertThat(FileHash.hashValue(RFC5547_HASH.toLowerCase(java.util.Locale.ROOT)))
        .isEqualTo(RFC5547_HASH);
    for (String bad :
        new String[] {sha1sum.substring(1), sha1sum + "0", "g" + sha1sum.substring(1)}) {
      assertThatThrownBy(() -> FileHash.hashValue(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sha1sum");
    }
  }

  @Test
  void hashesAreStreamed() {
    FileHash h = FileHash.sha1();
    assertThat(h.hashValue())
        .isEqualTo("DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09");
    h.update("ab".getBytes(UTF_8), 0, 2).update(ByteBuffer.wrap("c".getBytes(UTF_8)));
    assertThat(h.hashValue())
        .isEqualTo("A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D");
    assertThat(h.matches("a9:99:3e:36:47:06:81:6a:ba:3e:25:71:78:50:c2:6c:9c:d0:d8:9d")).isTrue();
    assertThat(h.length()).isEqualTo(3);
  }

  @Test
  void aFileIsDescribedFromDisk(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big \"one\".bin");
    Random r = new Random(5547);
    byte[] chunk = new byte[100_000];
    FileHash whileWriting = FileHash.sha1();
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < 30; i++) {
        r.nextBytes(chunk);
        out.write(chunk);
        whileWriting.update(chunk, 0, chunk.length);
      }
    }
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-04-01T10:00:00Z")));

    FileDescription f = FileDescription.of(file, "application/octet-stream");
    assertThat(f.name()).isEqualTo("big \"one\".bin");
    assertThat(f.size()).isEqualTo(3_000_000);
    assertThat(f.sha1()).isEqualTo(whileWriting.hashValue());
    assertThat(f.type()).isEqualTo("application/octet-stream");
    assertThat(f.modification())
        .isEqualTo(ZonedDateTime.of(2024, 4, 1, 10, 0, 0, 0, ZoneOffset.UTC));
    assertThat(f.creation()).isNull();
    assertThat(f.read()).isNull();

    Path empty = Files.createFile(dir.resolve("empty"));
    FileDescription e = FileDescription.of(empty, null);
    assertThat(e.size()).isZero();
    assertThat(e.type()).isNull();
    assertThat(e.sha1()).isEqualTo("DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09");
    assertThat(e).isEqualTo(FileDescription.of(empty, null)).isNotEqualTo(f);
  }

  @Test
  void transferIdsAreFreshTokens() {
    String a = FileDescription.newTransferId();
    assertThat(a).hasSize(24).isNotEqualTo(FileDescription.newTransferId());
    // RFC 5547's file-transfer-id is an RFC 4566 token.
    assertThat(a).matches("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+");
  }
}
