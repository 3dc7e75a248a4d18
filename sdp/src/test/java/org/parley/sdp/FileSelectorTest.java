package org.parley.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileSelectorTest {
  @Test
  void readsEverySelectorInAnyOrder() {
    FileSelector s =
        FileSelector.parse(
            "size:12 hash:sha-1:AB:CD type:text/plain;charset=\"utf 8\" name:\"a%25b%22c 😀.txt\""
                + " hash:sha-256:01:02");

    assertThat(s.name()).isEqualTo("a%b\"c 😀.txt");
    assertThat(s.type()).isEqualTo("text/plain;charset=\"utf 8\"");
    assertThat(s.size()).hasValue(12);
    assertThat(s.hashes())
        .extracting(Object::toString)
        .containsExactly("sha-1:AB:CD", "sha-256:01:02");
  }

  @Test
  void emptySelectorHasNoParts() {
    FileSelector s = FileSelector.parse("");

    assertThat(s.name()).isNull();
    assertThat(s.type()).isNull();
    assertThat(s.size()).isEmpty();
    assertThat(s.hashes()).isEmpty();
  }
}
