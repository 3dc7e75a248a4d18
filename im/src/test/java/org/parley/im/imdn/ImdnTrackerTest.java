package org.parley.im.imdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.parley.im.cpim.CpimAddress;
import org.parley.im.cpim.CpimMessage;

/**
 * Two agents exchange a message and its notifications as bytes; the sender's tracker matches each
 * notification to the message it sent.
 */
class ImdnTrackerTest {
  private static final CpimAddress ALICE = CpimAddress.of("Alice", "im:alice@example.com");
  private static final CpimAddress BOB = CpimAddress.of("Bob", "im:bob@example.com");
  private static final OffsetDateTime T0 = OffsetDateTime.parse("2024-05-01T10:00:00Z");

  @Test
  void roundTripBetweenTwoAgents() {
    // Alice sends, asking for delivery and display notifications
    ImdnTracker<String> tracker = new ImdnTracker<>(100);
    String id = ImdnMessageIds.next();
    DispositionNotification asked =
        DispositionNotification.of(
            DispositionRequest.POSITIVE_DELIVERY,
            DispositionRequest.NEGATIVE_DELIVERY,
            DispositionRequest.DISPLAY);
    CpimMessage.Builder b = CpimMessage.builder().from(ALICE).to(BOB);
    ImdnHeaders.request(b, id, T0, asked);
    byte[] sent = b.contentType("text/plain; charset=utf-8").body("Hello Bob").build().toBytes();
    tracker.track(id, asked, "row-1");

    // Bob receives it, answers delivered at once and displayed later (twice, two devices)
    CpimMessage atBob = CpimMessage.parse(sent);
    ImdnRequest req = ImdnRequest.of(atBob).orElseThrow();
    assertThat(req.wants(NotificationType.DELIVERY, ImdnStatus.DELIVERED)).isTrue();
    byte[] delivered =
        req.notification(
                NotificationType.DELIVERY,
                ImdnStatus.DELIVERED,
                BOB,
                T0.plusSeconds(1),
                ImdnMessageIds.next())
            .toBytes();
    byte[] displayed =
        req.notification(
                NotificationType.DISPLAY,
                ImdnStatus.DISPLAYED,
                BOB,
                T0.plusSeconds(30),
                ImdnMessageIds.next())
            .toBytes();

    // Alice matches them
    ImdnTracker.Match<String> d = correlate(tracker, delivered);
    assertThat(d.context()).isEqualTo("row-1");
    assertThat(d.notification().status()).isEqualTo(ImdnStatus.DELIVERED);
    assertThat(d.requested()).isTrue();
    assertThat(d.first()).isTrue();

    ImdnTracker.Match<String> s = correlate(tracker, displayed);
    assertThat(s.notification().type()).isEqualTo(NotificationType.DISPLAY);
    assertThat(s.first()).isTrue();
    assertThat(correlate(tracker, displayed).first()).isFalse();
    assertThat(correlate(tracker, displayed).toString()).endsWith("(again)");
  }

  private static ImdnTracker.Match<String> correlate(ImdnTracker<String> t, byte[] wire) {
    CpimMessage m = CpimMessage.parse(wire);
    assertThat(ImdnHeaders.isNotification(m)).isTrue();
    return t.correlate(ImdnHeaders.notification(m).orElseThrow()).orElseThrow();
  }

  private static ImdnDocument doc(
      String id, NotificationType type, ImdnStatus status, String from) {
    return ImdnDocument.builder(id, T0, type, status).recipientUri(from).build();
  }

  @Test
  void unrequestedAndUnknownNotifications() {
    ImdnTracker<Integer> t = new ImdnTracker<>(10);
    t.track("m1", DispositionNotification.of(DispositionRequest.POSITIVE_DELIVERY), 1);

    ImdnTracker.Match<Integer> failed =
        t.correlate(doc("m1", NotificationType.DELIVERY, ImdnStatus.FAILED, "sip:b@x"))
            .orElseThrow();
    assertThat(failed.requested()).isFalse();
    assertThat(failed.toString()).contains("(not requested)");
    assertThat(t.correlate(doc("m2", NotificationType.DELIVERY, ImdnStatus.DELIVERED, "sip:b@x")))
        .isEmpty();
  }

  @Test
  void eachRecipientCountsSeparately() {
    ImdnTracker<Integer> t = new ImdnTracker<>(10);
    t.track("m1", DispositionNotification.of(DispositionRequest.POSITIVE_DELIVERY), 1);
    ImdnDocument fromB = doc("m1", NotificationType.DELIVERY, ImdnStatus.DELIVERED, "sip:b@x");
    ImdnDocument fromC = doc("m1", NotificationType.DELIVERY, ImdnStatus.DELIVERED, "sip:c@x");

    assertThat(t.correlate(fromB).orElseThrow().first()).isTrue();
    assertThat(t.correlate(fromC).orElseThrow().first()).isTrue();
    assertThat(t.correlate(fromB).orElseThrow().first()).isFalse();
  }

  @Test
  void theOldestIsForgottenBeyondTheBound() {
    ImdnTracker<Integer> t = new ImdnTracker<>(2);
    DispositionNotification dn = DispositionNotification.of(DispositionRequest.DISPLAY);
    t.track("a", dn, 1);
    t.track("b", dn, 2);
    t.track("a", dn, 3); // tracked again: now the newest
    t.track("c", dn, 4);

    assertThat(t.size()).isEqualTo(2);
    assertThat(t.forget("b")).isEmpty();
    assertThat(t.forget("a")).contains(3);
    assertThat(t.forget("c")).contains(4);
    assertThat(t.size()).isZero();
    assertThatThrownBy(() -> new ImdnTracker<>(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
