package org.parley.im.imdn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the IMDN document parser (RFC 5438; Jazzer; corpus in {@code
 * ImdnFuzzTestInputs/parse}). Any document either parses or is refused with an {@link
 * ImdnParseException} naming a rule; a parsed document has its message id, date and a status
 * allowed for its notification type, and writes XML that parses to an equal document and writes
 * again the same XML.
 */
class ImdnFuzzTest {
  @FuzzTest
  void parse(byte[] xml) {
    ImdnDocument d;
    try {
      d = ImdnDocument.parse(xml);
    } catch (ImdnParseException e) {
      assertThat(e.rule()).isNotNull();
      return;
    }
    assertThat(d.messageId()).isNotNull();
    assertThat(d.dateTime()).isNotNull();
    assertThat(d.type()).isNotNull();
    assertThat(d.status()).isNotNull();
    byte[] written = d.toXml();
    ImdnDocument again = ImdnDocument.parse(written);
    assertThat(again).as("parse(toXml()) of %s", d).isEqualTo(d);
    assertThat(again.hashCode()).isEqualTo(d.hashCode());
    assertThat(again.toXml()).as("toXml is stable").isEqualTo(written);
  }
}
