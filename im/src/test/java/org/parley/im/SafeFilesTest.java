package org.parley.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files named by a peer, on a temporary directory: never replacing, never through a link. */
@Timeout(30)
class SafeFilesTest {
  @TempDir Path dir;

  @Test
  void numberedNamesAreTheBrowsers() {
    assertThat(SafeFiles.numbered("a.txt", 0)).isEqualTo("a.txt");
    assertThat(SafeFiles.numbered("a.txt", 1)).isEqualTo("a (1).txt");
    assertThat(SafeFiles.numbered("archive.tar.gz", 2)).isEqualTo("archive.tar (2).gz");
    assertThat(SafeFiles.numbered("README", 3)).isEqualTo("README (3)");
    assertThat(SafeFiles.numbered(".profile", 1)).isEqualTo(".profile (1)");
  }

  @Test
  void createNewTakesTheFirstFreeNameAndLeavesFilesAndLinksAlone() throws Exception {
    Files.writeString(dir.resolve("m.bin"), "mine");
    Path outside = Files.writeString(dir.resolve("outside"), "untouched");
    Files.createSymbolicLink(dir.resolve("m (1).bin"), outside);

    SafeFiles.NewFile f = SafeFiles.createNew(dir, "m.bin");
    f.channel().close();

    assertThat(f.path()).isEqualTo(dir.resolve("m (2).bin"));
    assertThat(Files.readString(dir.resolve("m.bin"))).isEqualTo("mine");
    assertThat(Files.readString(outside)).isEqualTo("untouched");
  }

  @Test
  void moveToNewNeverReplaces() throws Exception {
    Files.writeString(dir.resolve("r.pdf"), "mine");
    Path part = Files.writeString(dir.resolve("r.pdf.part"), "theirs");

    Path saved = SafeFiles.moveToNew(part, dir, "r.pdf");

    assertThat(saved).isEqualTo(dir.resolve("r (1).pdf"));
    assertThat(Files.readString(saved)).isEqualTo("theirs");
    assertThat(Files.readString(dir.resolve("r.pdf"))).isEqualTo("mine");
    assertThat(part).doesNotExist();
  }

  @Test
  void aLinkIsNeitherOpenedForWritingNorMoved() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside"), "untouched");
    Path link = Files.createSymbolicLink(dir.resolve("x.part"), outside);

    assertThatThrownBy(() -> SafeFiles.openForWriting(link, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> SafeFiles.moveToNew(link, dir, "x"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(outside)).isEqualTo("untouched");
  }
}
