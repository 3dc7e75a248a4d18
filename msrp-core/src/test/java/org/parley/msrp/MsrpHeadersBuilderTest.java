package org.parley.msrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link MsrpHeaders.Builder}: what an add that fails leaves behind, and the once-only rule. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MsrpHeadersBuilderTest {
  @Test
  void anAddWhoseValueBreaksItsRuleLeavesTheBuilderAsItWas() {
    MsrpHeaders.Builder b = MsrpHeaders.builder();
    assertThatThrownBy(() -> b.add(HeaderName.BYTE_RANGE, "x"))
        .isInstanceOf(MsrpSyntaxException.class)
        .extracting(e -> ((MsrpSyntaxException) e).rule())
        .isNotEqualTo(MsrpRule.DUPLICATE_HEADER);
    assertThatThrownBy(() -> b.add(HeaderName.CONTENT_TYPE, "no slash"))
        .isInstanceOf(MsrpSyntaxException.class);
    assertThat(b.size()).isZero();
    assertThat(b.contentType()).isNull();
    assertThat(b.hasContentType()).isFalse();

    b.add(HeaderName.BYTE_RANGE, "1-5/10").add(HeaderName.CONTENT_TYPE, "text/plain");
    MsrpHeaders h = b.build();
    assertThat(h.byteRange()).isEqualTo(ByteRange.of(1, 5, 10));
    assertThat(h.contentType()).isEqualTo("text/plain");
  }

  @Test
  void aKnownHeaderMayBeAddedOnceAndAgainAfterItsRemoval() {
    MsrpHeaders.Builder b = MsrpHeaders.builder().add("byte-range", "1-5/10");
    assertThatThrownBy(() -> b.add(HeaderName.BYTE_RANGE, "6-10/10"))
        .isInstanceOf(MsrpSyntaxException.class)
        .extracting(e -> ((MsrpSyntaxException) e).rule())
        .isEqualTo(MsrpRule.DUPLICATE_HEADER);
    b.remove(HeaderName.BYTE_RANGE).add(HeaderName.BYTE_RANGE, "6-10/10");
    assertThat(b.build().byteRange()).isEqualTo(ByteRange.of(6, 10, 10));
    b.set(HeaderName.BYTE_RANGE, "1-10/10");
    assertThat(b.build().byteRange()).isEqualTo(ByteRange.of(1, 10, 10));
    assertThat(b.size()).isEqualTo(1);
  }
}
