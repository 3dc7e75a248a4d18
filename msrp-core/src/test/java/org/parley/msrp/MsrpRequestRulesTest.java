package org.parley.msrp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The builder refuses to build a SEND or REPORT that RFC 4975 §7.1 forbids a stack to send. */
@Timeout(30)
class MsrpRequestRulesTest {
  private static final List<MsrpUri> TO = List.of(MsrpUri.parse("msrp://b.example:2855/b;tcp"));
  private static final List<MsrpUri> FROM = List.of(MsrpUri.parse("msrp://a.example:2855/a;tcp"));

  @Test
  void aSendWithoutMessageIdIsRefused() {
    assertThatThrownBy(
            () ->
                MsrpRequest.builder(MsrpMethod.SEND)
                    .toPath(TO)
                    .fromPath(FROM)
                    .byteRange(ByteRange.of(1, 0, 0))
                    .build())
        .isInstanceOf(MsrpSyntaxException.class)
        .hasMessageContaining("Message-ID");
  }

  @Test
  void aReportWithoutMessageIdOrStatusIsRefused() {
    assertThatThrownBy(
            () ->
                MsrpRequest.builder(MsrpMethod.REPORT)
                    .toPath(TO)
                    .fromPath(FROM)
                    .status(MsrpStatus.of(0, 200, "OK"))
                    .build())
        .hasMessageContaining("Message-ID");
    assertThatThrownBy(
            () ->
                MsrpRequest.builder(MsrpMethod.REPORT)
                    .toPath(TO)
                    .fromPath(FROM)
                    .messageId("mid1")
                    .build())
        .hasMessageContaining("Status");
  }
}
