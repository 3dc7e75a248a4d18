package org.parley.im;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The hardened DOM parser shared by the IMDN and is-composing documents. */
class SafeXmlTest {
  @Test
  void theHardenedParserRefusesADoctypeEvenWithoutThePreCheck() {
    // SafeXml refuses the text "<!DOCTYPE" before parsing; the parser's configuration is the
    // second line of defence, checked here on its own.
    for (String xml :
        new String[] {
          "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
          "<!DOCTYPE a SYSTEM \"http://attacker.example/a.dtd\"><a/>"
        }) {
      assertThatThrownBy(
              () ->
                  SafeXml.builder()
                      .parse(new org.xml.sax.InputSource(new java.io.StringReader(xml))))
          .isInstanceOf(org.xml.sax.SAXParseException.class)
          .hasMessageContaining("DOCTYPE");
    }
  }
}
