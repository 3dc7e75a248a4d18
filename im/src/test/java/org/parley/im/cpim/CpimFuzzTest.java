package org.parley.im.cpim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the CPIM parser (RFC 3862; Jazzer; corpus in {@code
 * CpimFuzzTestInputs/parse}). The fuzz data chooses the limits (default or small) and a slice of
 * the bytes to read. Any message either parses or is refused with a {@link CpimSyntaxException}
 * naming a rule and an offset within the slice. A parsed message stays within the limits, its
 * content is the slice's last bytes, it writes bytes that parse to an equal message and write again
 * the same bytes, and its builder gives an equal message.
 */
class CpimFuzzTest {
  private static final CpimLimits SMALL =
      CpimLimits.builder().maxLineLength(200).maxHeaders(8).maxBodySize(1000).build();

  @FuzzTest
  void parse(FuzzedDataProvider data) {
    CpimLimits limits = data.consumeBoolean() ? SMALL : CpimLimits.DEFAULT;
    int pad = data.consumeInt(0, 3);
    byte[] message = data.consumeRemainingAsBytes();
    byte[] bytes = new byte[pad + message.length + pad];
    System.arraycopy(message, 0, bytes, pad, message.length);
    CpimMessage m;
    try {
      m = CpimMessage.parse(bytes, pad, message.length, limits);
    } catch (CpimSyntaxException e) {
      assertThat(e.rule()).isNotNull();
      assertThat(e.offset()).as("offset of %s", e).isBetween(0, message.length);
      return;
    }
    assertThat(m.headers().size()).isLessThanOrEqualTo(limits.maxHeaders());
    assertThat(m.bodyLength()).isEqualTo(m.body().length).isLessThanOrEqualTo(limits.maxBodySize());
    assertThat(Arrays.copyOfRange(message, message.length - m.bodyLength(), message.length))
        .as("the content is the message's last bytes")
        .isEqualTo(m.body());
    byte[] written = m.toBytes();
    CpimMessage again = CpimMessage.parse(written);
    assertThat(again).as("parse(toBytes())").isEqualTo(m);
    assertThat(again.hashCode()).isEqualTo(m.hashCode());
    assertThat(again.toBytes()).as("toBytes is stable").isEqualTo(written);
    assertThat(m.toBuilder().build()).as("toBuilder().build()").isEqualTo(m);
  }
}
