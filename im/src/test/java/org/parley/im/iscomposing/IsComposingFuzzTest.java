package org.parley.im.iscomposing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the is-composing parser (RFC 3994; Jazzer; corpus in {@code
 * IsComposingFuzzTestInputs/parse}). Any document either parses or is refused with an {@link
 * IsComposingParseException} naming a rule; a parsed document has a state and a non-negative
 * refresh, and writes XML that parses to an equal document and writes again the same XML.
 */
class IsComposingFuzzTest {
  @FuzzTest
  void parse(byte[] xml) {
    IsComposing c;
    try {
      c = IsComposing.parse(xml);
    } catch (IsComposingParseException e) {
      assertThat(e.rule()).isNotNull();
      return;
    }
    assertThat(c.state()).isNotNull();
    c.refreshSeconds().ifPresent(s -> assertThat(s).isNotNegative());
    byte[] written = c.toXml();
    IsComposing again = IsComposing.parse(written);
    assertThat(again).as("parse(toXml()) of %s", c).isEqualTo(c);
    assertThat(again.hashCode()).isEqualTo(c.hashCode());
    assertThat(again.toXml()).as("toXml is stable").isEqualTo(written);
  }
}
