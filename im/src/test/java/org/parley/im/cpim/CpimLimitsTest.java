package org.parley.im.cpim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.parley.im.Fixtures;

/** Every bound of {@link CpimLimits} refuses input beyond it, with the offset where it began. */
class CpimLimitsTest {

  private static void refused(String wire, CpimLimits limits, int offset, String detail) {
    byte[] bytes = Fixtures.wire(wire);
    assertThatThrownBy(() -> CpimMessage.parse(bytes, 0, bytes.length, limits))
        .asInstanceOf(InstanceOfAssertFactories.type(CpimSyntaxException.class))
        .satisfies(
            e -> {
              assertThat(e.rule()).isEqualTo(CpimRule.LIMIT);
              assertThat(e.offset()).isEqualTo(offset);
              assertThat(e.detail()).contains(detail);
            });
  }

  @Test
  void headerCount() {
    CpimLimits two = CpimLimits.builder().maxHeaders(2).build();
    byte[] ok = Fixtures.wire("A: 1|B: 2|||");
    CpimMessage.parse(ok, 0, ok.length, two);
    refused("A: 1|B: 2|C: 3||", two, 12, "more than 2 message headers");
  }

  @Test
  void lineLength() {
    CpimLimits ten = CpimLimits.builder().maxLineLength(10).build();
    byte[] ok = Fixtures.wire("A: 123456|||");
    CpimMessage.parse(ok, 0, ok.length, ten);
    refused("A: 1|B: 12345678||", ten, 6, "longer than 10 bytes");
    // no line end in sight: still the limit, not the end of input
    refused("A: 1|B: 12345678901234567890", ten, 6, "longer than 10 bytes");
  }

  @Test
  void parameters() {
    CpimLimits one = CpimLimits.builder().maxParameters(1).build();
    refused("X:;a=1;b=2 v||", one, 6, "more than 1 parameters");
  }

  @Test
  void mimeHeadersAndFolding() {
    refused("|A: 1|B: 2||", CpimLimits.builder().maxMimeHeaders(1).build(), 8, "more than 1");
    refused("|A: 123| 456| 789||", CpimLimits.builder().maxLineLength(12).build(), 16, "folded");
  }

  @Test
  void bodySize() {
    CpimLimits three = CpimLimits.builder().maxBodySize(3).build();
    byte[] ok = Fixtures.wire("||abc");
    assertThat(CpimMessage.parse(ok, 0, ok.length, three).bodyLength()).isEqualTo(3);
    refused("||abcd", three, 4, "content of 4 bytes");
  }

  @Test
  void limitsAreAtLeastOne() {
    assertThatThrownBy(() -> CpimLimits.builder().maxHeaders(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CpimLimits.DEFAULT.maxLineLength()).isEqualTo(4096);
    assertThat(CpimLimits.DEFAULT.maxBodySize()).isEqualTo(16 << 20);
  }
}
