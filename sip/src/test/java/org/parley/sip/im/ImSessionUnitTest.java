package org.parley.sip.im;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.im.cpim.CpimAddress;
import org.parley.im.cpim.CpimMessage;
import org.parley.im.imdn.ImdnDocument;
import org.parley.im.imdn.ImdnHeaders;
import org.parley.im.imdn.ImdnStatus;
import org.parley.im.imdn.NotificationType;
import org.parley.msrp.session.MsrpSession;
import org.parley.sip.ChatMessage;
import org.parley.sip.ChatMode;
import org.parley.sip.ChatSession;
import org.parley.sip.SessionEnd;

/** An {@link ImSession} over a session that only records what is sent: the wire, rule by rule. */
class ImSessionUnitTest {
  private static final long WAIT_SECONDS = 30;
  private static final String PEER = "sip:bob@example.com";

  /** What was sent, as content type and body. */
  record Sent(String contentType, byte[] body) {
    CpimMessage cpim() {
      assertThat(contentType).isEqualTo("message/cpim");
      return CpimMessage.parse(body);
    }
  }

  /** A session accepting {@code *}, recording each send. */
  static final class Recording implements ChatSession {
    final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();

    @Override
    public ChatMode mode() {
      return ChatMode.MSRP;
    }

    @Override
    public String peer() {
      return PEER;
    }

    @Override
    public String callId() {
      return "call-1";
    }

    @Override
    public CompletableFuture<Void> send(String contentType, byte[] body) {
      sent.add(new Sent(contentType, body));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<SessionEnd> bye() {
      return ended();
    }

    @Override
    public CompletableFuture<SessionEnd> ended() {
      return new CompletableFuture<>();
    }

    @Override
    public Optional<MsrpSession> msrp() {
      return Optional.empty();
    }

    @Override
    public List<String> acceptTypes() {
      return List.of("*");
    }
  }

  private final ImSessionTest.Heard heard = new ImSessionTest.Heard();
  private final Recording session = new Recording();
  private final ImSession im =
      ImSession.builder("sip:alice@example.com", heard).build().attach(session);

  private static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T v = q.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(v).as("nothing came").isNotNull();
    return v;
  }

  private void receive(CpimMessage m) {
    im.chatListener().message(session, new ChatMessage("message/cpim", m.toBytes()));
  }

  @Test
  void textGoesInCpimAskingForDeliveryAndDisplay() throws Exception {
    SentIm s = im.send("Hello");
    CpimMessage m = next(session.sent).cpim();
    assertThat(m.from()).contains(CpimAddress.of("sip:alice@example.com"));
    assertThat(m.to()).containsExactly(CpimAddress.of(PEER));
    assertThat(m.dateTime()).isPresent();
    assertThat(ImdnHeaders.messageId(m)).contains(s.messageId());
    assertThat(m.header(ImdnHeaders.NAMESPACE, ImdnHeaders.DISPOSITION_NOTIFICATION))
        .map(h -> h.rawValue())
        .contains("positive-delivery, display");
    assertThat(m.contentType()).contains("text/plain;charset=UTF-8");
    assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("Hello");
  }

  @Test
  void aNotificationIsReportedOnceAndUnknownOnesNotAtAll() throws Exception {
    SentIm s = im.send("Hello");
    next(session.sent);
    CpimMessage delivered = notification("unknown-id", ImdnStatus.DELIVERED);
    receive(delivered);
    receive(notification(s.messageId(), ImdnStatus.DELIVERED));
    receive(notification(s.messageId(), ImdnStatus.DELIVERED));
    receive(notification(s.messageId(), ImdnStatus.DISPLAYED));
    assertThat(next(heard.notifications)).isEqualTo(s.messageId() + " DELIVERED");
    assertThat(next(heard.notifications)).isEqualTo(s.messageId() + " DISPLAYED");
    im.send("flush");
    next(session.sent);
    assertThat(heard.notifications).isEmpty();
  }

  private static CpimMessage notification(String id, ImdnStatus status) {
    NotificationType type =
        status == ImdnStatus.DISPLAYED ? NotificationType.DISPLAY : NotificationType.DELIVERY;
    OffsetDateTime now = OffsetDateTime.parse("2026-01-02T09:05:00Z");
    CpimMessage.Builder b =
        CpimMessage.builder()
            .from(CpimAddress.of(PEER))
            .to(CpimAddress.of("sip:alice@example.com"));
    ImdnHeaders.request(b, "n" + id.length() + status.ordinal(), now, null);
    return b.contentType(ImdnDocument.CONTENT_TYPE)
        .mimeHeader("Content-Disposition", "notification")
        .body(ImdnDocument.builder(id, now, type, status).recipientUri(PEER).build().toXml())
        .build();
  }

  @Test
  void aBrokenCpimMessageIsDroppedAndTheNextOneComes() throws Exception {
    im.chatListener()
        .message(
            session,
            new ChatMessage("message/cpim", "not cpim at all".getBytes(StandardCharsets.UTF_8)));
    receive(
        CpimMessage.builder()
            .from(CpimAddress.of(PEER))
            .contentType("text/plain")
            .body("fine")
            .build());
    ReceivedIm m = next(heard.messages);
    assertThat(m.text()).isEqualTo("fine");
    assertThat(m.messageId()).isNull();
    assertThat(m.displayRequested()).isFalse();
  }

  @Test
  void displayOnlyIsAnsweredWhenShownAndOnce() throws Exception {
    CpimMessage.Builder b = CpimMessage.builder().from(CpimAddress.of(PEER));
    ImdnHeaders.request(
        b,
        "m1",
        OffsetDateTime.parse("2026-01-02T09:05:00Z"),
        org.parley.im.imdn.DispositionNotification.parse("display"));
    receive(b.contentType("text/plain").body("look").build());
    ReceivedIm m = next(heard.messages);
    assertThat(m.displayRequested()).isTrue();
    assertThat(session.sent).as("no delivery notification was asked for").isEmpty();
    im.displayed(m);
    im.displayed(m);
    CpimMessage n = next(session.sent).cpim();
    ImdnDocument doc = ImdnHeaders.notification(n).orElseThrow();
    assertThat(doc.messageId()).isEqualTo("m1");
    assertThat(doc.status()).isEqualTo(ImdnStatus.DISPLAYED);
    assertThat(n.to()).containsExactly(CpimAddress.of(PEER));
    im.send("flush");
    assertThat(next(session.sent).cpim().body())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("flush");
  }
}
