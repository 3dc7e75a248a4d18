package org.parley.im.cpim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.parley.im.Fixtures;
import org.parley.im.imdn.ImdnHeaders;

/** Writing CPIM: the escape mechanism, Formal-names, parameters, dates, and what is refused. */
class CpimBuilderTest {

  private static CpimMessage roundTrip(CpimMessage m) {
    CpimMessage back = CpimMessage.parse(m.toBytes());
    assertThat(back).isEqualTo(m);
    assertThat(back.toBytes()).isEqualTo(m.toBytes());
    return back;
  }

  @Test
  void headerValuesEscapeBackslashAndControlCharacters() {
    String text = "a\\b\tc\nd\re\bf\u0001g\u007f\"h' é €😀";
    CpimMessage m = CpimMessage.builder().header("X", text).build();

    CpimHeader h = m.headers().get(0);
    assertThat(h.rawValue()).isEqualTo("a\\\\b\\tc\\nd\\re\\bf\\u0001g\\u007F\"h' é €😀");
    assertThat(h.value()).isEqualTo(text);
    assertThat(roundTrip(m).headers().get(0).value()).isEqualTo(text);
  }

  @Test
  void escapesAreReadInEitherCase() {
    CpimMessage m =
        CpimMessage.parse(Fixtures.wire("X: \\u00e9\\u00E9 \\' \\\" \\uD83D\\uDE00|||"));
    assertThat(m.headers().get(0).value()).isEqualTo("éé ' \" 😀");
  }

  @Test
  void formalNamesAreTokensOrAString() {
    assertThat(CpimAddress.of("MR SANDERS", "im:piglet@100akerwood.com").toString())
        .isEqualTo("MR SANDERS <im:piglet@100akerwood.com>");
    assertThat(CpimAddress.of("O'Brien, Pat", "sip:pat@example.com").toString())
        .isEqualTo("\"O'Brien, Pat\" <sip:pat@example.com>");
    assertThat(CpimAddress.of("Jörg", "sip:j@example.com").toString())
        .isEqualTo("\"Jörg\" <sip:j@example.com>");
    assertThat(CpimAddress.of("say \"hi\" \\o/", "sip:x@example.com").toString())
        .isEqualTo("\"say \\\"hi\\\" \\\\o/\" <sip:x@example.com>");
    assertThat(CpimAddress.of("two  spaces", "sip:x@example.com").toString())
        .isEqualTo("\"two  spaces\" <sip:x@example.com>");
    assertThat(CpimAddress.of("", "tel:+15551234").toString()).isEqualTo("<tel:+15551234>");

    for (String name : List.of("MR SANDERS", "O'Brien, Pat", "say \"hi\" \\o/", "tab\there")) {
      CpimAddress a = CpimAddress.of(name, "sip:x@example.com");
      CpimMessage m = roundTrip(CpimMessage.builder().from(a).to(a).cc(a).build());
      assertThat(m.from()).contains(a);
      assertThat(m.from().orElseThrow().displayName()).contains(name);
    }
  }

  @Test
  void addressesAreReadLeniently() {
    assertThat(CpimAddress.parse("\"Winnie\"<im:pooh@100akerwood.com>").displayName())
        .contains("Winnie");
    assertThat(CpimAddress.parse("Winnie   the Pooh<im:pooh@100akerwood.com>").displayName())
        .contains("Winnie the Pooh");
    assertThat(CpimAddress.parse("<sip:a@b;transport=tcp?x=y%20z>").uri())
        .isEqualTo("sip:a@b;transport=tcp?x=y%20z");
  }

  @Test
  void addressesThatAreNotUrisAreRefused() {
    assertThatThrownBy(() -> CpimAddress.of("x", "not a uri"))
        .isInstanceOf(CpimSyntaxException.class)
        .extracting(e -> ((CpimSyntaxException) e).rule())
        .isEqualTo(CpimRule.ADDRESS);
    assertThatThrownBy(() -> CpimAddress.parse("x <>"))
        .asInstanceOf(InstanceOfAssertFactories.type(CpimSyntaxException.class))
        .satisfies(e -> assertThat(e.offset()).isEqualTo(3));
  }

  @Test
  void parametersAreTokensOrStrings() {
    CpimMessage m =
        CpimMessage.builder()
            .header(
                "X",
                List.of(
                    CpimParameter.of("a", "tok.en"),
                    CpimParameter.of("b", "two words"),
                    CpimParameter.of("c", "q\"uote"),
                    CpimParameter.lang("en-GB")),
                "v")
            .build();

    CpimHeader h = roundTrip(m).headers().get(0);
    assertThat(h.toString()).isEqualTo("X:;a=tok.en;b=\"two words\";c=\"q\\\"uote\";lang=en-GB v");
    assertThat(h.parameter("B")).contains("two words");
    assertThat(h.parameter("c")).contains("q\"uote");
    assertThat(h.parameter("lang")).contains("en-GB");
    assertThat(h.parameter("d")).isEmpty();
  }

  @Test
  void dateTimesAreWrittenAsRfc3339() {
    OffsetDateTime utc = OffsetDateTime.of(2024, 5, 1, 10, 0, 7, 120_000_000, ZoneOffset.UTC);
    OffsetDateTime india =
        OffsetDateTime.of(2024, 5, 1, 15, 30, 0, 0, ZoneOffset.ofHoursMinutes(5, 30));
    OffsetDateTime west = OffsetDateTime.of(999, 1, 2, 3, 4, 5, 1, ZoneOffset.ofHours(-8));

    assertThat(CpimMessage.builder().dateTime(utc).build().headers().get(0).rawValue())
        .isEqualTo("2024-05-01T10:00:07.12Z");
    assertThat(CpimMessage.builder().dateTime(india).build().headers().get(0).rawValue())
        .isEqualTo("2024-05-01T15:30:00+05:30");
    assertThat(CpimMessage.builder().dateTime(west).build().headers().get(0).rawValue())
        .isEqualTo("0999-01-02T03:04:05.000000001-08:00");
    for (OffsetDateTime t : List.of(utc, india, west)) {
      assertThat(roundTrip(CpimMessage.builder().dateTime(t).build()).dateTime()).contains(t);
    }
    assertThatThrownBy(
            () ->
                CpimMessage.builder()
                    .dateTime(
                        OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofTotalSeconds(30))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                CpimMessage.builder()
                    .dateTime(OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dateTimesAreReadWithRfc3339Latitude() {
    CpimMessage m = CpimMessage.parse(Fixtures.wire("DateTime: 1998-12-31t23:59:60.5z|||"));
    assertThat(m.dateTime())
        .contains(OffsetDateTime.of(1998, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC));
    CpimMessage f =
        CpimMessage.parse(Fixtures.wire("DateTime: 2000-01-01T00:00:00.1234567891234Z|||"));
    assertThat(f.dateTime().orElseThrow().getNano()).isEqualTo(123_456_789);
  }

  @Test
  void namesCompareWithoutCaseAndAreWrittenAsTheyCame() {
    byte[] wire =
        Fixtures.wire(
            "from: <sip:a@x>|DATETIME: 2000-01-01T00:00:00Z|NS: Imdn <urn:ietf:params:imdn>"
                + "|IMDN.message-id: abc|||");
    CpimMessage m = CpimMessage.parse(wire);
    assertThat(m.from()).contains(CpimAddress.of("sip:a@x"));
    assertThat(m.dateTime()).isPresent();
    assertThat(m.header(ImdnHeaders.NAMESPACE, "Message-ID").orElseThrow().value())
        .isEqualTo("abc");
    assertThat(m.toBytes()).isEqualTo(wire);
  }

  @Test
  void anNsHeaderBindsItsPrefixForTheHeadersAfterIt() {
    CpimMessage m =
        CpimMessage.parse(
            Fixtures.wire("NS: p <urn:one>|p.X: 1|NS: p <urn:two>|p.X: 2|NS: <urn:three>|X: 3|||"));
    assertThat(m.headers("urn:one", "X")).extracting(CpimHeader::value).containsExactly("1");
    assertThat(m.headers("urn:two", "X")).extracting(CpimHeader::value).containsExactly("2");
    // NS without a prefix is kept; unprefixed names stay in the CPIM namespace
    assertThat(m.namespaces().get(2).prefix()).isEmpty();
    assertThat(m.headers(CpimName.CPIM_NAMESPACE, "X"))
        .extracting(CpimHeader::value)
        .containsExactly("3");
  }

  @Test
  void theBuilderChecksEachHeaderAsItIsAdded() {
    CpimMessage.Builder b = CpimMessage.builder();
    assertThatThrownBy(() -> b.header("imdn.Message-ID", "x"))
        .asInstanceOf(InstanceOfAssertFactories.type(CpimSyntaxException.class))
        .satisfies(
            e -> {
              assertThat(e.rule()).isEqualTo(CpimRule.NAME_PREFIX);
              assertThat(e.offset()).isZero();
            });
    assertThatThrownBy(() -> b.header("Bad Name", "x"))
        .isInstanceOf(CpimSyntaxException.class)
        .extracting(e -> ((CpimSyntaxException) e).rule())
        .isEqualTo(CpimRule.HEADER_NAME);
    assertThatThrownBy(() -> b.header("X", "lone \uD800 surrogate"))
        .isInstanceOf(CpimSyntaxException.class)
        .extracting(e -> ((CpimSyntaxException) e).rule())
        .isEqualTo(CpimRule.HEADER_VALUE);
    assertThatThrownBy(() -> b.require("a b"))
        .isInstanceOf(CpimSyntaxException.class)
        .extracting(e -> ((CpimSyntaxException) e).rule())
        .isEqualTo(CpimRule.REQUIRE_HEADER);
    b.from(CpimAddress.of("sip:a@x"));
    assertThatThrownBy(() -> b.from(CpimAddress.of("sip:b@x")))
        .isInstanceOf(CpimSyntaxException.class)
        .extracting(e -> ((CpimSyntaxException) e).rule())
        .isEqualTo(CpimRule.DUPLICATE_HEADER);
    assertThatThrownBy(() -> b.contentType("text"))
        .isInstanceOf(CpimSyntaxException.class)
        .extracting(e -> ((CpimSyntaxException) e).rule())
        .isEqualTo(CpimRule.MIME_HEADER);
    assertThatThrownBy(() -> b.mimeHeader("X", "a\r\nInjected: yes"))
        .isInstanceOf(CpimSyntaxException.class);
    assertThatThrownBy(() -> b.mimeHeader("X:Y", "v")).isInstanceOf(CpimSyntaxException.class);
    // what failed left nothing behind
    assertThat(b.build().headers())
        .extracting(CpimHeader::toString)
        .containsExactly("From: <sip:a@x>");
  }

  @Test
  void aRequireWithOneBadNameAddsNoName() {
    CpimMessage.Builder b = CpimMessage.builder().namespace("p", "urn:p");
    assertThatThrownBy(() -> b.require("p.A", "q.B")).isInstanceOf(CpimSyntaxException.class);
    assertThat(b.require("p.C").build().required())
        .extracting(CpimName::toString)
        .containsExactly("p.C");
  }

  @Test
  void toBuilderAddsToACopy() {
    CpimMessage m = CpimMessage.parse(Fixtures.crlf("rfc3862-example.cpim"));
    CpimMessage more = m.toBuilder().header("MyFeatures.Extra", "1").build();

    assertThat(more.headers()).hasSize(m.headers().size() + 1);
    assertThat(more.body()).isEqualTo(m.body());
    assertThat(more.mimeHeaders()).isEqualTo(m.mimeHeaders());
    assertThat(m.toBuilder().build()).isEqualTo(m);
  }

  @Test
  void bodyIsCopiedInAndOut() {
    byte[] content = "hello".getBytes(UTF_8);
    CpimMessage m = CpimMessage.builder().body(content).build();
    content[0] = 'j';
    m.body()[1] = 'a';
    assertThat(new String(m.body(), UTF_8)).isEqualTo("hello");
  }

  @Test
  void emptyHeaderBlockAndEmptyContentAreAllowed() {
    CpimMessage m = CpimMessage.parse(Fixtures.wire("||"));
    assertThat(m.headers()).isEmpty();
    assertThat(m.mimeHeaders()).isEmpty();
    assertThat(m.bodyLength()).isZero();
    assertThat(m.toBytes()).isEqualTo(Fixtures.wire("||"));
  }
}
