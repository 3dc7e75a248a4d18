package org.parley.im.iscomposing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.im.Fixtures;

/** {@code application/im-iscomposing+xml}: RFC 3994's examples, round trips, bad documents. */
class IsComposingTest {
  private static final String OPEN =
      "<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\">";

  @Test
  void rfc3994ActiveExample() {
    IsComposing s = IsComposing.parse(Fixtures.bytes("rfc3994-active.xml"));

    assertThat(s.state()).isEqualTo(ComposingState.ACTIVE);
    assertThat(s.contentType()).contains("text/html");
    assertThat(s.refreshSeconds()).hasValue(90);
    assertThat(s.refresh()).contains(Duration.ofSeconds(90));
    assertThat(s.lastActive()).isEmpty();
    assertThat(s).hasToString("isComposing active text/html refresh=90");
  }

  @Test
  void rfc3994IdleExample() {
    IsComposing s = IsComposing.parse(Fixtures.bytes("rfc3994-idle.xml"));

    assertThat(s.state()).isEqualTo(ComposingState.IDLE);
    assertThat(s.lastActive()).contains(OffsetDateTime.parse("2003-01-27T10:43:00Z"));
    assertThat(s.contentType()).contains("audio");
    assertThat(s.refreshSeconds()).isEmpty();
  }

  @Test
  void writtenDocumentsReadBack() {
    IsComposing active =
        IsComposing.builder(ComposingState.ACTIVE)
            .contentType("text/plain")
            .refreshSeconds(60)
            .build();
    IsComposing idle =
        IsComposing.builder(ComposingState.IDLE)
            .lastActive(OffsetDateTime.parse("2003-01-27T10:43:00Z"))
            .contentType("a<b>&\"c\"")
            .build();
    IsComposing bare = IsComposing.builder(ComposingState.IDLE).build();
    for (IsComposing s : new IsComposing[] {active, idle, bare}) {
      assertThat(IsComposing.parse(s.toXml())).isEqualTo(s);
    }
    assertThat(new String(active.toXml(), UTF_8))
        .isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + OPEN
                + "\n  <state>active</state>\n  <contenttype>text/plain</contenttype>\n"
                + "  <refresh>60</refresh>\n</isComposing>\n");
  }

  @Test
  void leniencyWithinTheSchema() {
    IsComposing s =
        IsComposing.parse(
            (OPEN
                    + "<refresh> +0120 </refresh><x:y xmlns:x=\"urn:x\"/><contenttype/>"
                    + "<state>\n active \n</state></isComposing>")
                .getBytes(UTF_8));
    assertThat(s.refreshSeconds()).hasValue(120);
    assertThat(s.contentType()).isEmpty();
    assertThat(s.state()).isEqualTo(ComposingState.ACTIVE);
  }

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        Arguments.of("<isComposing/>", IsComposingRule.ROOT, "not isComposing"),
        Arguments.of("<isComposing xmlns=\"urn:x\"/>", IsComposingRule.ROOT, "{urn:x}"),
        Arguments.of(OPEN + "</isComposing>", IsComposingRule.STATE, "missing"),
        Arguments.of(OPEN + "<state>typing</state></isComposing>", IsComposingRule.STATE, "typing"),
        Arguments.of(OPEN + "<state>Active</state></isComposing>", IsComposingRule.STATE, "Active"),
        Arguments.of(
            OPEN + "<state>idle</state><state>idle</state></isComposing>",
            IsComposingRule.ELEMENT,
            "twice"),
        Arguments.of(
            OPEN + "<state><b/>idle</state></isComposing>", IsComposingRule.ELEMENT, "holds"),
        Arguments.of(
            OPEN + "<state>idle</state><typing/></isComposing>",
            IsComposingRule.ELEMENT,
            "<typing>"),
        Arguments.of(
            OPEN + "<state>idle</state><lastactive>noon</lastactive></isComposing>",
            IsComposingRule.LASTACTIVE,
            "noon"),
        Arguments.of(
            OPEN + "<state>active</state><refresh>0</refresh></isComposing>",
            IsComposingRule.REFRESH,
            "at least 1"),
        Arguments.of(
            OPEN + "<state>active</state><refresh>-5</refresh></isComposing>",
            IsComposingRule.REFRESH,
            "-5"),
        Arguments.of(
            OPEN + "<state>active</state><refresh>99999999999</refresh></isComposing>",
            IsComposingRule.REFRESH,
            "too large"),
        Arguments.of(
            OPEN + "<state>active</state><refresh>+</refresh></isComposing>",
            IsComposingRule.REFRESH,
            "positive integer"),
        Arguments.of(OPEN + "<state>active</state>", IsComposingRule.XML, ""),
        Arguments.of(
            "<!DOCTYPE isComposing [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + OPEN
                + "<state>&x;</state></isComposing>",
            IsComposingRule.DOCTYPE,
            "refused"));
  }

  @ParameterizedTest(name = "[{index}] {1} {2}")
  @MethodSource("badDocuments")
  void badDocumentsNameTheirRule(String xml, IsComposingRule rule, String detail) {
    assertThatThrownBy(() -> IsComposing.parse(xml.getBytes(UTF_8)))
        .asInstanceOf(InstanceOfAssertFactories.type(IsComposingParseException.class))
        .satisfies(
            e -> {
              assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
              assertThat(e.detail()).as(e.getMessage()).contains(detail);
            });
  }

  @Test
  void sizeAndEncoding() {
    byte[] xml = Fixtures.bytes("rfc3994-idle.xml");
    assertThatThrownBy(() -> IsComposing.parse(xml, 10))
        .extracting(e -> ((IsComposingParseException) e).rule())
        .isEqualTo(IsComposingRule.SIZE);
    byte[] notUtf8 = {'<', 'a', (byte) 0xFF, '/', '>'};
    assertThatThrownBy(() -> IsComposing.parse(notUtf8))
        .extracting(e -> ((IsComposingParseException) e).rule())
        .isEqualTo(IsComposingRule.ENCODING);
  }

  @Test
  void builderChecks() {
    assertThatThrownBy(() -> IsComposing.builder(ComposingState.ACTIVE).refreshSeconds(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IsComposing.builder(ComposingState.ACTIVE).contentType(" text"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IsComposing.builder(ComposingState.ACTIVE).contentType("a\u0000"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
