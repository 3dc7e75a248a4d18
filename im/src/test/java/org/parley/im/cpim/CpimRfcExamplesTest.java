package org.parley.im.cpim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.im.Fixtures;
import org.parley.im.imdn.ImdnHeaders;

/** The examples of RFC 3862 (and RFC 5438's CPIM messages): parsed, checked, written back. */
class CpimRfcExamplesTest {

  @Test
  void rfc3862ExampleMessage() {
    byte[] wire = Fixtures.crlf("rfc3862-example.cpim");
    CpimMessage m = CpimMessage.parse(wire);

    assertThat(m.from()).contains(CpimAddress.of("MR SANDERS", "im:piglet@100akerwood.com"));
    assertThat(m.from().orElseThrow().displayName()).contains("MR SANDERS");
    assertThat(m.to())
        .containsExactly(CpimAddress.of("Depressed Donkey", "im:eeyore@100akerwood.com"));
    assertThat(m.dateTime()).contains(OffsetDateTime.parse("2000-12-13T13:40:00-08:00"));
    assertThat(m.subjects())
        .extracting(CpimSubject::text)
        .containsExactly("the weather will be fine today", "beau temps prevu pour aujourd'hui");
    assertThat(m.subject("fr").orElseThrow().text()).isEqualTo("beau temps prevu pour aujourd'hui");
    assertThat(m.subject("de").orElseThrow().text()).isEqualTo("the weather will be fine today");
    assertThat(m.namespaces()).hasSize(1);
    assertThat(m.namespaces().get(0).prefix()).isEqualTo("MyFeatures");
    assertThat(m.namespaces().get(0).uri()).isEqualTo("mid:MessageFeatures@id.foo.com");
    assertThat(m.required()).hasSize(1);
    CpimName vital = m.required().get(0);
    assertThat(vital.namespaceUri()).isEqualTo("mid:MessageFeatures@id.foo.com");
    assertThat(vital.localName()).isEqualTo("VitalMessageOption");
    assertThat(
            m.header("mid:MessageFeatures@id.foo.com", "VitalMessageOption").orElseThrow().value())
        .isEqualTo("Confirmation-requested");
    assertThat(
            m.header("mid:MessageFeatures@id.foo.com", "WackyMessageOption").orElseThrow().value())
        .isEqualTo("Use-silly-font");
    assertThat(m.contentType()).contains("text/xml; charset=utf-8");
    assertThat(m.mediaType()).contains("text/xml");
    assertThat(m.mimeHeader("content-id")).contains("<1234567890@foo.com>");
    assertThat(new String(m.body(), UTF_8))
        .isEqualTo("<body>\r\nHere is the text of my message.\r\n</body>\r\n");

    assertThat(m.toBytes()).isEqualTo(wire);
  }

  @Test
  void rfc3862ExampleMessageBuiltFromParts() {
    CpimMessage built =
        CpimMessage.builder()
            .from(CpimAddress.of("MR SANDERS", "im:piglet@100akerwood.com"))
            .to(CpimAddress.of("Depressed Donkey", "im:eeyore@100akerwood.com"))
            .dateTime(OffsetDateTime.parse("2000-12-13T13:40:00-08:00"))
            .subject("the weather will be fine today")
            .subject("fr", "beau temps prevu pour aujourd'hui")
            .namespace("MyFeatures", "mid:MessageFeatures@id.foo.com")
            .require("MyFeatures.VitalMessageOption")
            .header("MyFeatures.VitalMessageOption", "Confirmation-requested")
            .header("MyFeatures.WackyMessageOption", "Use-silly-font")
            .mimeHeader("Content-type", "text/xml; charset=utf-8")
            .mimeHeader("Content-ID", "<1234567890@foo.com>")
            .body("<body>\r\nHere is the text of my message.\r\n</body>\r\n")
            .build();

    assertThat(built.toBytes()).isEqualTo(Fixtures.crlf("rfc3862-example.cpim"));
    assertThat(built).isEqualTo(CpimMessage.parse(Fixtures.crlf("rfc3862-example.cpim")));
  }

  @Test
  void rfc3862HeaderExamples() {
    byte[] wire = Fixtures.crlf("rfc3862-headers.cpim");
    CpimMessage m = CpimMessage.parse(wire);

    assertThat(m.from()).contains(CpimAddress.of("Winnie the Pooh", "im:pooh@100akerwood.com"));
    assertThat(m.to()).containsExactly(CpimAddress.of("im:tigger@100akerwood.com"));
    assertThat(m.to().get(0).displayName()).isEmpty();
    assertThat(m.cc())
        .containsExactly(
            CpimAddress.of("Winnie the Pooh", "im:pooh@100akerwood.com"),
            CpimAddress.of("im:tigger@100akerwood.com"));
    assertThat(m.dateTime()).contains(OffsetDateTime.parse("2000-12-13T21:40:00Z"));
    assertThat(m.subject(null).orElseThrow().text())
        .isEqualTo("Eeyore's feeling very depressed today");
    assertThat(m.required().get(0).toString()).isEqualTo("MyAlias.VitalHeader");
    assertThat(m.headers("mid:MessageFeatures@id.foo.com", "MyHeader"))
        .extracting(CpimHeader::value)
        .containsExactly("private-extension-data");
    assertThat(new String(m.body(), UTF_8)).isEqualTo("Hi!\r\n");
    assertThat(m.toBytes()).isEqualTo(wire);
  }

  @Test
  void rfc5438MessagesAreCpim() {
    for (String name : List.of("rfc5438-request.cpim", "rfc5438-delivered.cpim")) {
      byte[] wire = Fixtures.crlf(name);
      CpimMessage m = CpimMessage.parse(wire);
      assertThat(m.header(ImdnHeaders.NAMESPACE, "Message-ID")).isPresent();
      assertThat(m.toBytes()).as(name).isEqualTo(wire);
    }
  }

  @Test
  void linesEndingWithLfAloneAreReadAndWrittenWithCrlf() {
    byte[] lf = Fixtures.bytes("rfc3862-example.cpim");
    CpimMessage m = CpimMessage.parse(lf);

    assertThat(m.headers()).hasSize(9);
    assertThat(new String(m.body(), UTF_8))
        .isEqualTo("<body>\nHere is the text of my message.\n</body>\n");
    String written = new String(m.toBytes(), UTF_8);
    assertThat(written).startsWith("From: MR SANDERS <im:piglet@100akerwood.com>\r\n");
    assertThat(written).contains("Use-silly-font\r\n\r\nContent-type");
  }

  @Test
  void bodyIsBytesNotText() {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    CpimMessage m =
        CpimMessage.builder()
            .from(CpimAddress.of("sip:a@example.com"))
            .contentType("application/octet-stream")
            .body(binary)
            .build();

    CpimMessage back = CpimMessage.parse(m.toBytes());
    assertThat(back.body()).isEqualTo(binary);
    assertThat(back.bodyLength()).isEqualTo(256);
    assertThat(back.bodyBuffer().isReadOnly()).isTrue();
  }

  @Test
  void nestedCpimIsContentToParseAgain() {
    CpimMessage inner =
        CpimMessage.builder()
            .from(CpimAddress.of("Inner", "sip:inner@example.com"))
            .contentType("text/plain")
            .body("inside\r\n\r\nwith an empty line")
            .build();
    CpimMessage outer =
        CpimMessage.builder()
            .from(CpimAddress.of("Outer", "sip:outer@example.com"))
            .contentType(CpimMessage.CONTENT_TYPE)
            .body(inner.toBytes())
            .build();

    CpimMessage back = CpimMessage.parse(outer.toBytes());
    assertThat(back.mediaType()).contains("message/cpim");
    assertThat(CpimMessage.parse(back.body())).isEqualTo(inner);
  }

  @Test
  void foldedMimeHeadersWriteBackByteForByte() {
    byte[] wire =
        Fixtures.wire(
            "From: <sip:a@x>||Content-Type: multipart/mixed;| boundary=\"b1\"|Content-ID:<x@y>||--b1--");
    CpimMessage m = CpimMessage.parse(wire);

    assertThat(m.contentType()).contains("multipart/mixed; boundary=\"b1\"");
    assertThat(m.mediaType()).contains("multipart/mixed");
    assertThat(m.mimeHeader("Content-ID")).contains("<x@y>");
    assertThat(m.toBytes()).isEqualTo(wire);
  }

  @Test
  void toStringIsOneLine() {
    CpimMessage m = CpimMessage.parse(Fixtures.crlf("rfc3862-example.cpim"));
    assertThat(m.toString())
        .isEqualTo(
            "CPIM From: MR SANDERS <im:piglet@100akerwood.com> To: Depressed Donkey"
                + " <im:eeyore@100akerwood.com> [9 headers] Content-Type: text/xml; charset=utf-8"
                + " (50 bytes)");
  }
}
