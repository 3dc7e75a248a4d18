package org.parley.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** RFC 5547's file-selector and file-date, read and written. */
class FileSelectorTest {
  private static final String RFC5547_HASH =
      "72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E";

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

  @Test
  void writesRfc5547sExampleSelector() {
    FileSelector s =
        FileSelector.builder()
            .name("My cool picture.jpg")
            .type("image/jpeg")
            .size(32349)
            .hash("sha-1", RFC5547_HASH.toLowerCase(Locale.ROOT))
            .build();
    assertThat(s.toString())
        .isEqualTo(
            "name:\"My cool picture.jpg\" type:image/jpeg size:32349 hash:sha-1:" + RFC5547_HASH);
    assertThat(s.name()).isEqualTo("My cool picture.jpg");
    assertThat(s.size()).hasValue(32349);
    assertThat(FileSelector.builder().size(0).build().toString()).isEqualTo("size:0");
    assertThat(FileSelector.builder().hash("sha-1", null).build().toString()).isEmpty();
  }

  @Test
  void namesArePercentEncodedWhereTheRfcAsksAndReadBack() {
    String name = "a \"b\" 100%\r\n€.txt";
    FileSelector s = FileSelector.builder().name(name).build();
    assertThat(s.toString()).isEqualTo("name:\"a %22b%22 100%25%0D%0A€.txt\"");
    assertThat(FileSelector.parse(s.toString()).name()).isEqualTo(name);
    assertThatThrownBy(() -> FileSelector.builder().name(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileSelector.builder().name("bad\uD800"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typesWithParametersAndRefusedTypesAndHashes() {
    assertThat(FileSelector.builder().type("text/plain;charset=\"utf 8\"").build().toString())
        .isEqualTo("type:text/plain;charset=\"utf 8\"");
    for (String bad : new String[] {"jpeg", "image/jpeg x", "text/plain;a=\"open", "a/b\u0001"}) {
      assertThatThrownBy(() -> FileSelector.builder().type(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> FileSelector.builder().type("im@ge/jpeg").build())
        .isInstanceOf(SdpParseException.class);
    assertThatThrownBy(() -> FileSelector.builder().hash("sha-1", "72:24"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> FileSelector.builder().hash("sha-1", RFC5547_HASH.replace(':', '-')).build())
        .isInstanceOf(SdpParseException.class);
    assertThatThrownBy(() -> FileSelector.builder().hash("sha-256", "0G").build())
        .isInstanceOf(SdpParseException.class);
  }

  @Test
  void fileDatesAreWrittenInGmtAndReadBack() {
    ZonedDateTime t = ZonedDateTime.of(2006, 5, 15, 15, 2, 31, 0, ZoneOffset.ofHours(2));
    FileDate d = FileDate.of(t, t, t);
    assertThat(d.toString())
        .isEqualTo(
            "creation:\"Mon, 15 May 2006 13:02:31 GMT\" modification:\"Mon, 15 May 2006 13:02:31"
                + " GMT\" read:\"Mon, 15 May 2006 13:02:31 GMT\"");
    assertThat(d.modification()).isEqualTo("Mon, 15 May 2006 13:02:31 GMT");
    assertThat(FileDate.of(null, t, null).toString())
        .isEqualTo("modification:\"Mon, 15 May 2006 13:02:31 GMT\"");
    assertThatThrownBy(() -> FileDate.of(null, null, null)).isInstanceOf(SdpParseException.class);
  }
}
