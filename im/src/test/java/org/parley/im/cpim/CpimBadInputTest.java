package org.parley.im.cpim;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.im.Fixtures;

/**
 * Malformed CPIM messages: each names the rule broken and the offset of the offending byte.
 * Messages are written with '|' for CRLF; {@code latin1} cases are bytes given one per char, to put
 * bytes that are not UTF-8 on the wire.
 */
class CpimBadInputTest {
  private static final String F = "From: <sip:a@x>|"; // 17 bytes

  static Stream<Arguments> cases() {
    return Stream.of(
        // layout
        bad("", CpimRule.MESSAGE, 0, "ends inside the message headers"),
        bad(F, CpimRule.MESSAGE, 17, "ends inside the message headers"),
        bad(F + "|Content-Type: text/plain|", CpimRule.MESSAGE, 45, "encapsulated MIME headers"),
        // Header, Header-name
        bad(" " + F + "|", CpimRule.HEADER_NAME, 0, "not folded"),
        bad("From <sip:a@x>||", CpimRule.HEADER_NAME, 4, "expected ':'"),
        bad(":x||", CpimRule.HEADER_NAME, 0, "expected a header name"),
        bad("a.b.c: x||", CpimRule.HEADER_NAME, 3, "at most one '.'"),
        bad("a.: x||", CpimRule.HEADER_NAME, 2, "Name after the prefix"),
        bad("X@Y: z||", CpimRule.HEADER_NAME, 1, "'@'"),
        bad("From:<sip:a@x>||", CpimRule.HEADER, 5, "expected SP"),
        bad("From:|", CpimRule.HEADER, 5, "the end of the line"),
        // NS and name prefixes
        bad("x.Y: z||", CpimRule.NAME_PREFIX, 0, "'x' is not declared"),
        bad("Y.Z: 1|NS: Y <urn:y>||", CpimRule.NAME_PREFIX, 0, "not declared"),
        bad("X:;q.a=b y||", CpimRule.NAME_PREFIX, 3, "'q'"),
        bad("Require: z.X||", CpimRule.NAME_PREFIX, 9, "'z'"),
        bad("NS: a.b <urn:x>||", CpimRule.NS_HEADER, 5, "no '.'"),
        bad("NS: p urn:x||", CpimRule.NS_HEADER, 6, "'<' URI '>'"),
        bad("NS: p <urn:x||", CpimRule.NS_HEADER, 6, "without '>'"),
        bad("NS: p <urn:x> extra||", CpimRule.NS_HEADER, 13, "after '>'"),
        bad("NS: p <x y>||", CpimRule.NS_HEADER, 8, "not a URI"),
        bad("NS:;a=b <urn:x>||", CpimRule.NS_HEADER, 3, "no parameters"),
        // Parameter, Lang-param, String, Escape
        bad("X:; y||", CpimRule.PARAMETER, 3, "parameter name"),
        bad("X:;a y||", CpimRule.PARAMETER, 4, "expected '='"),
        bad("X:;a= y||", CpimRule.PARAMETER, 5, "Param-value"),
        bad("X:;a=\"open y||", CpimRule.STRING, 5, "closing quote"),
        bad("X:;a=\"bad\\q\" y||", CpimRule.ESCAPE, 9, "'\\q' is not an escape"),
        bad("X:;lang=123 y||", CpimRule.LANG_PARAM, 8, "Language-tag"),
        bad("X:;lang=abcdefghi y||", CpimRule.LANG_PARAM, 8, "Language-tag"),
        bad("X: bad \\q||", CpimRule.ESCAPE, 7, "not an escape"),
        bad("X: end\\||", CpimRule.ESCAPE, 6, "at the end"),
        bad("X: \\u12G4||", CpimRule.ESCAPE, 7, "4 hex digits"),
        bad("X: \\uD800||", CpimRule.ESCAPE, 3, "unpaired surrogate"),
        bad("From: \"a\\qb\" <sip:x@y>||", CpimRule.ESCAPE, 8, "not an escape"),
        // Header-value: CTL and UTF-8
        bad("X: tab\there||", CpimRule.HEADER_VALUE, 6, "control character 0x09"),
        bad("X: a\rb||", CpimRule.HEADER_VALUE, 4, "control character 0x0D"),
        bad("X: del\u007f||", CpimRule.HEADER_VALUE, 6, "0x7F"),
        latin1("X: \u00ff||", CpimRule.HEADER_VALUE, 3, "not well-formed UTF-8"),
        latin1("X: \u00e2\u0082||", CpimRule.HEADER_VALUE, 3, "0xE2"),
        latin1("X: \u00c0\u00af||", CpimRule.HEADER_VALUE, 3, "0xC0"),
        latin1("X: \u00ed\u00a0\u0080||", CpimRule.HEADER_VALUE, 4, "0xA0"),
        latin1("X: \u00f4\u0090\u0080\u0080||", CpimRule.HEADER_VALUE, 4, "0x90"),
        // From, To, cc
        bad("From:;x=1 <sip:a@x>||", CpimRule.FROM_HEADER, 5, "takes no parameters"),
        bad("From: sip:a@x||", CpimRule.FROM_HEADER, 9, "Formal-name"),
        bad("From: <sip:a@x||", CpimRule.FROM_HEADER, 6, "without '>'"),
        bad("From: <not a uri>||", CpimRule.FROM_HEADER, 10, "not a URI"),
        bad("From: <sip:a@x> junk||", CpimRule.FROM_HEADER, 15, "after '>'"),
        bad("From: <sip:%zz>||", CpimRule.FROM_HEADER, 11, "not a URI"),
        bad("From: <>||", CpimRule.FROM_HEADER, 7, "not a URI"),
        bad("To: \"open <sip:a@x>||", CpimRule.STRING, 4, "closing quote"),
        bad("To: Bob||", CpimRule.TO_HEADER, 7, "expected '<'"),
        bad("cc: <sip:a b>||", CpimRule.CC_HEADER, 10, "not a URI"),
        // DateTime
        bad("DateTime: 2000-13-13T13:40:00Z||", CpimRule.DATETIME_HEADER, 10, "not a valid date"),
        bad("DateTime: 2000-02-30T13:40:00Z||", CpimRule.DATETIME_HEADER, 10, "not a valid date"),
        bad("DateTime: 2000-12-13T24:00:00Z||", CpimRule.DATETIME_HEADER, 10, "not a valid date"),
        bad("DateTime: 2000-12-13 13:40:00Z||", CpimRule.DATETIME_HEADER, 20, "expected 'T'"),
        bad("DateTime: 2000-12-13T13:40:00||", CpimRule.DATETIME_HEADER, 29, "time-offset"),
        bad("DateTime: 2000-12-13T13:40:00.Z||", CpimRule.DATETIME_HEADER, 30, "time-secfrac"),
        bad("DateTime: 2000-12-13T13:40Z||", CpimRule.DATETIME_HEADER, 26, "expected ':'"),
        bad("DateTime: 2000-12-13T13:40:00+0800||", CpimRule.DATETIME_HEADER, 32, "expected ':'"),
        bad("DateTime: 2000-12-13T13:40:00Z x||", CpimRule.DATETIME_HEADER, 30, "after date-time"),
        bad("DateTime: 00-12-13T13:40:00Z||", CpimRule.DATETIME_HEADER, 12, "date-fullyear"),
        // Subject, Require
        bad("Subject:;x=1 a||", CpimRule.SUBJECT_HEADER, 8, "lang="),
        bad("Subject:;lang=en;lang=fr a||", CpimRule.SUBJECT_HEADER, 16, "lang="),
        bad("Require: ||", CpimRule.REQUIRE_HEADER, 9, "expected a Header-name"),
        bad("Require: a;b||", CpimRule.REQUIRE_HEADER, 10, "separated by ','"),
        bad("Require: a,||", CpimRule.REQUIRE_HEADER, 11, "expected a Header-name"),
        // duplicates
        bad(F + F + "|", CpimRule.DUPLICATE_HEADER, 17, "one From"),
        bad(
            "DateTime: 2000-12-13T13:40:00Z|DateTime: 2000-12-13T13:40:00Z||",
            CpimRule.DUPLICATE_HEADER,
            32,
            "one DateTime"),
        bad("Subject: a|Subject: b||", CpimRule.DUPLICATE_HEADER, 12, "without lang"),
        bad("Subject:;lang=fr a|Subject:;lang=FR b||", CpimRule.DUPLICATE_HEADER, 20, "lang=FR"),
        // encapsulated MIME headers
        bad(F + "| continued|", CpimRule.MIME_HEADER, 19, "continuation line"),
        bad(F + "|Content-Type text/plain||", CpimRule.MIME_HEADER, 31, "field-name"),
        bad(F + "|Content-Type: plain||", CpimRule.MIME_HEADER, 32, "type \"/\" subtype"),
        bad(F + "|Content-Type: text/plain junk||", CpimRule.MIME_HEADER, 32, "subtype"),
        bad(F + "|X: a\u0001b||", CpimRule.MIME_HEADER, 23, "control character 0x01"),
        bad(F + "|X: a| b\u0000||", CpimRule.MIME_HEADER, 27, "control character 0x00"),
        latin1(F + "|X: \u00ff||", CpimRule.MIME_HEADER, 22, "UTF-8"));
  }

  private static Arguments bad(String wire, CpimRule rule, int offset, String detail) {
    return Arguments.of(wire, Fixtures.wire(wire), rule, offset, detail);
  }

  private static Arguments latin1(String wire, CpimRule rule, int offset, String detail) {
    return Arguments.of(wire, wire.replace("|", "\r\n").getBytes(ISO_8859_1), rule, offset, detail);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void refusedWithRuleAndOffset(
      String shown, byte[] wire, CpimRule rule, int offset, String detail) {
    assertThatThrownBy(() -> CpimMessage.parse(wire))
        .asInstanceOf(InstanceOfAssertFactories.type(CpimSyntaxException.class))
        .satisfies(
            e -> {
              assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
              assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
              assertThat(e.detail()).as(e.getMessage()).contains(detail);
              assertThat(e.getMessage()).startsWith(rule.grammar());
            });
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void offsetsCountFromTheSlice(
      String shown, byte[] wire, CpimRule rule, int offset, String detail) {
    byte[] padded = new byte[wire.length + 7];
    System.arraycopy(wire, 0, padded, 5, wire.length);
    assertThatThrownBy(() -> CpimMessage.parse(padded, 5, wire.length, CpimLimits.DEFAULT))
        .asInstanceOf(InstanceOfAssertFactories.type(CpimSyntaxException.class))
        .satisfies(e -> assertThat(e.offset()).isEqualTo(offset));
  }
}
