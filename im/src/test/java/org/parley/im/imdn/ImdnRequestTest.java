package org.parley.im.imdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.im.Fixtures;
import org.parley.im.cpim.CpimAddress;
import org.parley.im.cpim.CpimHeader;
import org.parley.im.cpim.CpimMessage;

/** RFC 5438's CPIM headers: asking for notifications, answering them, telling them apart. */
class ImdnRequestTest {
  private static final CpimAddress ALICE = CpimAddress.of("Alice", "im:alice@example.com");
  private static final CpimAddress BOB = CpimAddress.of("Bob", "im:bob@example.com");
  private static final OffsetDateTime NOW = OffsetDateTime.parse("2008-04-04T12:16:50-05:00");

  @Test
  void rfc5438RequestIsRead() {
    CpimMessage m = CpimMessage.parse(Fixtures.crlf("rfc5438-request.cpim"));
    ImdnRequest req = ImdnRequest.of(m).orElseThrow();

    assertThat(req.messageId()).isEqualTo("34jk324j");
    assertThat(req.dateTime()).isEqualTo(OffsetDateTime.parse("2006-04-04T12:16:49-05:00"));
    assertThat(req.requested().requests())
        .containsExactlyInAnyOrder(
            DispositionRequest.POSITIVE_DELIVERY, DispositionRequest.DISPLAY);
    assertThat(req.sender()).contains(ALICE);
    assertThat(req.originalTo()).isEmpty();
    assertThat(req.recordRoutes()).isEmpty();
    assertThat(ImdnHeaders.messageId(m)).contains("34jk324j");
    assertThat(ImdnHeaders.isNotification(m)).isFalse();
  }

  @Test
  void theRequestIsWrittenAsTheRfcWritesIt() {
    CpimMessage.Builder b = CpimMessage.builder().from(ALICE).to(BOB);
    ImdnHeaders.request(
        b,
        "34jk324j",
        OffsetDateTime.parse("2006-04-04T12:16:49-05:00"),
        DispositionNotification.of(
            DispositionRequest.POSITIVE_DELIVERY, DispositionRequest.DISPLAY));
    CpimMessage m =
        b.mimeHeader("Content-type", "text/plain")
            .mimeHeader("Content-length", "12")
            .body("Hello World\r\n")
            .build();

    // the RFC puts Message-ID before DateTime, as here
    assertThat(m.toBytes()).isEqualTo(Fixtures.crlf("rfc5438-request.cpim"));
  }

  @Test
  void wantsFollowsTheRequest() {
    ImdnRequest positive = request("positive-delivery");
    ImdnRequest negative = request("negative-delivery");
    ImdnRequest display = request("display");
    ImdnRequest processing = request("processing");

    assertThat(positive.wants(NotificationType.DELIVERY, ImdnStatus.DELIVERED)).isTrue();
    assertThat(positive.wants(NotificationType.DELIVERY, ImdnStatus.FAILED)).isFalse();
    assertThat(positive.wants(NotificationType.DELIVERY, ImdnStatus.FORBIDDEN)).isTrue();
    assertThat(positive.wants(NotificationType.DISPLAY, ImdnStatus.DISPLAYED)).isFalse();
    assertThat(negative.wants(NotificationType.DELIVERY, ImdnStatus.DELIVERED)).isFalse();
    assertThat(negative.wants(NotificationType.DELIVERY, ImdnStatus.FAILED)).isTrue();
    assertThat(negative.wants(NotificationType.DELIVERY, ImdnStatus.ERROR)).isTrue();
    assertThat(display.wants(NotificationType.DISPLAY, ImdnStatus.DISPLAYED)).isTrue();
    assertThat(display.wants(NotificationType.DISPLAY, ImdnStatus.FORBIDDEN)).isTrue();
    assertThat(display.wants(NotificationType.DELIVERY, ImdnStatus.DELIVERED)).isFalse();
    assertThat(processing.wants(NotificationType.PROCESSING, ImdnStatus.STORED)).isTrue();
    assertThat(processing.wants(NotificationType.DISPLAY, ImdnStatus.DISPLAYED)).isFalse();
    assertThatThrownBy(() -> display.wants(NotificationType.DISPLAY, ImdnStatus.DELIVERED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ImdnRequest request(String dispositions) {
    return ImdnRequest.of(
            CpimMessage.parse(
                Fixtures.wire(
                    "From: <im:alice@example.com>|NS: imdn <urn:ietf:params:imdn>"
                        + "|imdn.Message-ID: m1|DateTime: 2024-05-01T10:00:00Z"
                        + "|imdn.Disposition-Notification: "
                        + dispositions
                        + "||Content-Type: text/plain||hi")))
        .orElseThrow();
  }

  @Test
  void aDeliveryNotificationAnswersTheRfcRequest() {
    CpimMessage received = CpimMessage.parse(Fixtures.crlf("rfc5438-request.cpim"));
    ImdnRequest req = ImdnRequest.of(received).orElseThrow();

    CpimMessage imdn =
        req.notification(NotificationType.DELIVERY, ImdnStatus.DELIVERED, BOB, NOW, "d834jied93rf");

    assertThat(imdn.from()).contains(BOB);
    assertThat(imdn.to()).containsExactly(ALICE);
    assertThat(ImdnHeaders.messageId(imdn)).contains("d834jied93rf");
    assertThat(imdn.dateTime()).contains(NOW);
    assertThat(imdn.header(ImdnHeaders.NAMESPACE, "Disposition-Notification")).isEmpty();
    assertThat(imdn.mediaType()).contains("message/imdn+xml");
    assertThat(imdn.mimeHeader("Content-Disposition")).contains("notification");
    assertThat(ImdnHeaders.isNotification(imdn)).isTrue();
    assertThat(ImdnRequest.of(imdn)).isEmpty();

    ImdnDocument doc = ImdnHeaders.notification(imdn).orElseThrow();
    assertThat(doc.messageId()).isEqualTo("34jk324j");
    assertThat(doc.dateTime()).isEqualTo(req.dateTime());
    assertThat(doc.recipientUri()).contains("im:bob@example.com");
    assertThat(doc.originalRecipientUri()).contains("im:bob@example.com");
    assertThat(doc.status()).isEqualTo(ImdnStatus.DELIVERED);
    assertThat(CpimMessage.parse(imdn.toBytes())).isEqualTo(imdn);
  }

  @Test
  void rfc5438NotificationMessageIsRead() {
    CpimMessage m = CpimMessage.parse(Fixtures.crlf("rfc5438-delivered.cpim"));

    assertThat(ImdnHeaders.isNotification(m)).isTrue();
    assertThat(ImdnHeaders.messageId(m)).contains("d834jied93rf");
    assertThat(ImdnHeaders.notification(m))
        .contains(ImdnDocument.parse(Fixtures.bytes("rfc5438-delivered.xml")));
    assertThat(ImdnRequest.of(m)).isEmpty();
  }

  @Test
  void recordRoutesBecomeRoutesAndOriginalToTheOriginalRecipient() {
    CpimMessage received =
        CpimMessage.parse(
            Fixtures.wire(
                "From: Alice <im:alice@example.com>|To: <sip:bob@phone.example.com>"
                    + "|NS: imdn <urn:ietf:params:imdn>|imdn.Message-ID: 34jk324j"
                    + "|DateTime: 2006-04-04T12:16:49-05:00"
                    + "|imdn.Disposition-Notification: positive-delivery"
                    + "|imdn.Original-To: Bob <im:bob@example.com>"
                    + "|imdn.IMDN-Record-Route: <sip:relay1@example.com>"
                    + "|imdn.IMDN-Record-Route: \"Relay 2\" <sip:relay2@example.net>"
                    + "||Content-Type: text/plain||Hello"));
    ImdnRequest req = ImdnRequest.of(received).orElseThrow();
    assertThat(req.originalTo()).contains(BOB);
    assertThat(req.recordRoutes())
        .containsExactly(
            CpimAddress.of("sip:relay1@example.com"),
            CpimAddress.of("Relay 2", "sip:relay2@example.net"));

    CpimAddress self = CpimAddress.of("sip:bob@phone.example.com");
    CpimMessage imdn =
        req.notification(NotificationType.DELIVERY, ImdnStatus.DELIVERED, self, NOW, "n1");

    assertThat(imdn.to()).containsExactly(CpimAddress.of("sip:relay1@example.com"));
    assertThat(imdn.headers(ImdnHeaders.NAMESPACE, "IMDN-Route"))
        .extracting(CpimHeader::rawValue)
        .containsExactly("<sip:relay1@example.com>", "\"Relay 2\" <sip:relay2@example.net>");
    ImdnDocument doc = ImdnHeaders.notification(imdn).orElseThrow();
    assertThat(doc.recipientUri()).contains("sip:bob@phone.example.com");
    assertThat(doc.originalRecipientUri()).contains("im:bob@example.com");
  }

  @Test
  void aMessageAskingForNothingHasNoRequest() {
    assertThat(
            ImdnRequest.of(
                CpimMessage.parse(
                    Fixtures.wire(
                        "NS: imdn <urn:ietf:params:imdn>|imdn.Message-ID: x"
                            + "|DateTime: 2024-05-01T10:00:00Z||||"))))
        .isEmpty();
    assertThat(
            ImdnRequest.of(
                CpimMessage.parse(
                    Fixtures.wire(
                        "NS: imdn <urn:ietf:params:imdn>|imdn.Message-ID: x"
                            + "|imdn.Disposition-Notification: ||||"))))
        .isEmpty();
    assertThat(ImdnRequest.of(CpimMessage.parse(Fixtures.wire("From: <sip:a@x>||||")))).isEmpty();
  }

  static Stream<Arguments> badHeaders() {
    String ns = "NS: imdn <urn:ietf:params:imdn>|";
    String dt = "DateTime: 2024-05-01T10:00:00Z|";
    String dn = "imdn.Disposition-Notification: display|";
    return Stream.of(
        Arguments.of(ns + "imdn.Message-ID: a b|" + dt + dn, ImdnRule.MESSAGE_ID, 1),
        Arguments.of(ns + "imdn.Message-ID: |" + dt + dn, ImdnRule.MESSAGE_ID, 0),
        Arguments.of(
            ns + "imdn.Message-ID: a|imdn.Message-ID: b|" + dt + dn, ImdnRule.MESSAGE_ID, 0),
        Arguments.of(ns + "imdn.Message-ID: a|" + dn, ImdnRule.DATE_TIME, 0),
        Arguments.of(
            ns + "imdn.Message-ID: a|" + dt + "imdn.Disposition-Notification: display display|",
            ImdnRule.DISPOSITION_NOTIFICATION,
            8),
        Arguments.of(
            ns + "imdn.Message-ID: a|" + dt + "imdn.Disposition-Notification: display,|",
            ImdnRule.DISPOSITION_NOTIFICATION,
            8),
        Arguments.of(
            ns + "imdn.Message-ID: a|" + dt + dn + dn, ImdnRule.DISPOSITION_NOTIFICATION, 0),
        Arguments.of(
            ns + "imdn.Message-ID: a|" + dt + dn + "imdn.Original-To: bob|",
            ImdnRule.ORIGINAL_TO,
            3),
        Arguments.of(
            ns + "imdn.Message-ID: a|" + dt + dn + "imdn.IMDN-Record-Route: <x y>|",
            ImdnRule.IMDN_RECORD_ROUTE,
            2));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badHeaders")
  void badHeadersNameTheirRule(String headers, ImdnRule rule, int offset) {
    CpimMessage m = CpimMessage.parse(Fixtures.wire(headers + "||"));
    assertThatThrownBy(() -> ImdnRequest.of(m))
        .asInstanceOf(InstanceOfAssertFactories.type(ImdnParseException.class))
        .satisfies(
            e -> {
              assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
              assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
            });
  }

  @Test
  void dispositionNotificationKeepsExtensions() {
    DispositionNotification dn =
        DispositionNotification.parse(
            "positive-delivery ;x=1, Display,x-custom;a=\"b, c\";flag, negative-delivery");

    assertThat(dn.requests())
        .containsExactlyInAnyOrder(
            DispositionRequest.POSITIVE_DELIVERY,
            DispositionRequest.DISPLAY,
            DispositionRequest.NEGATIVE_DELIVERY);
    assertThat(dn.extensions()).containsExactly("x-custom;a=\"b, c\";flag");
    assertThat(dn.requests(DispositionRequest.PROCESSING)).isFalse();
    assertThat(DispositionNotification.of(DispositionRequest.DISPLAY, DispositionRequest.DISPLAY))
        .hasToString("display");
    assertThat(DispositionNotification.parse("display, positive-delivery"))
        .isEqualTo(
            DispositionNotification.of(
                DispositionRequest.POSITIVE_DELIVERY, DispositionRequest.DISPLAY));
    for (String bad : List.of(", display", "display;", "display;a=", "a;b=\"open")) {
      assertThatThrownBy(() -> DispositionNotification.parse(bad))
          .isInstanceOf(ImdnParseException.class);
    }
  }

  @Test
  void messageIdsAreFreshTokens() {
    String a = ImdnMessageIds.next();
    String b = ImdnMessageIds.next();
    assertThat(a).hasSize(16).matches("[A-Za-z0-9]+").isNotEqualTo(b);
    ImdnHeaders.checkMessageId(a);
  }
}
