package org.parley.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptTypeTest {
  private static AcceptType t(String s) {
    return AcceptType.parse(s);
  }

  @Test
  void meetHonoursWildcardsOnEitherSide() {
    assertThat(t("text/*").meet(t("text/plain"))).isEqualTo(t("text/plain"));
    assertThat(t("text/plain").meet(t("text/*"))).isEqualTo(t("text/plain"));
    assertThat(t("*").meet(t("image/*"))).isEqualTo(t("image/*"));
    assertThat(t("image/*").meet(t("*"))).isEqualTo(t("image/*"));
    assertThat(t("text/*").meet(t("text/*"))).isEqualTo(t("text/*"));
    assertThat(t("TEXT/Plain").meet(t("text/plain")).toString()).isEqualTo("TEXT/Plain");
    assertThat(t("text/plain").meet(t("text/html"))).isNull();
    assertThat(t("text/*").meet(t("image/png"))).isNull();
  }

  @Test
  void matchesContentTypesWithParameters() {
    assertThat(t("text/*").matches("text/plain; charset=UTF-8")).isTrue();
    assertThat(t("*").matches("image/png")).isTrue();
    assertThat(t("message/cpim").matches("Message/CPIM")).isTrue();
    assertThat(t("text/plain").matches("text/html")).isFalse();
    assertThat(t("text/plain").matches("garbage")).isFalse();
  }

  @Test
  void wildcardAndParts() {
    assertThat(t("*").wildcard()).isTrue();
    assertThat(t("image/*").wildcard()).isTrue();
    assertThat(t("image/png").wildcard()).isFalse();
    assertThat(t("Image/PNG").type()).isEqualTo("image");
    assertThat(t("Image/PNG").subtype()).isEqualTo("png");
  }
}
