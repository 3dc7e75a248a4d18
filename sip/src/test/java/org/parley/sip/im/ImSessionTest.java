package org.parley.sip.im;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.im.imdn.ImdnStatus;
import org.parley.im.iscomposing.ComposingState;
import org.parley.sip.ChatSession;
import org.parley.sip.Invitation;
import org.parley.sip.InviteOptions;
import org.parley.sip.SessionEnd;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipListener;

/** Two agents on 127.0.0.1 with an {@link ImSession} each: IMDN, is-composing, plain text. */
class ImSessionTest {
  private static final long WAIT_SECONDS = 30;

  /** What one end's IM session hears. */
  static final class Heard implements ImListener {
    final BlockingQueue<ReceivedIm> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<String> notifications = new LinkedBlockingQueue<>();
    final BlockingQueue<ComposingState> composing = new LinkedBlockingQueue<>();
    final CompletableFuture<SessionEnd> ended = new CompletableFuture<>();

    @Override
    public void message(ImSession s, ReceivedIm m) {
      messages.add(m);
    }

    @Override
    public void notification(ImSession s, String messageId, ImdnStatus status) {
      notifications.add(messageId + " " + status);
    }

    @Override
    public void composing(ImSession s, ComposingState state) {
      composing.add(state);
    }

    @Override
    public void ended(ImSession s, SessionEnd end) {
      ended.complete(end);
    }
  }

  private final Heard aliceHears = new Heard();
  private final Heard bobHears = new Heard();
  private final CompletableFuture<ImSession> bobIm = new CompletableFuture<>();
  private SipAgent alice;
  private SipAgent bob;

  @AfterEach
  void close() {
    for (SipAgent a : new SipAgent[] {alice, bob}) {
      if (a != null) {
        a.close();
      }
    }
  }

  /** Alice's IM session with Bob, both with the defaults. */
  private ImSession start() throws Exception {
    return start(
        SipConfig.builder("sip:bob@127.0.0.1"),
        ImSession.builder("sip:alice@127.0.0.1", aliceHears));
  }

  private ImSession start(SipConfig.Builder bobConfig, ImSession.Builder aliceIm) throws Exception {
    return start(bobConfig, InviteOptions.DEFAULT, aliceIm);
  }

  private ImSession start(
      SipConfig.Builder bobConfig, InviteOptions options, ImSession.Builder aliceIm)
      throws Exception {
    alice = SipAgent.start(SipConfig.builder("sip:alice@127.0.0.1").build(), new SipListener() {});
    bob =
        SipAgent.start(
            bobConfig.build(),
            new SipListener() {
              @Override
              public void invitation(Invitation i) {
                ImSession im = ImSession.builder(bob.address(), bobHears).build();
                i.accept(im.chatListener()).thenAccept(s -> bobIm.complete(im.attach(s)));
              }
            });
    ImSession im = aliceIm.build();
    ChatSession s =
        alice.invite(bob.uri(), options, im.chatListener()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    im.attach(s);
    bobIm.get(WAIT_SECONDS, TimeUnit.SECONDS);
    return im;
  }

  private static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T v = q.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(v).as("nothing came").isNotNull();
    return v;
  }

  @Test
  void deliveredThenDisplayedCorrelateToTheSentMessage() throws Exception {
    ImSession a = start();
    assertThat(a.cpim()).isTrue();
    SentIm sent = a.send("Hello Bob");
    assertThat(sent.notificationsRequested()).isTrue();
    sent.sent().get(WAIT_SECONDS, TimeUnit.SECONDS);

    ReceivedIm m = next(bobHears.messages);
    assertThat(m.text()).isEqualTo("Hello Bob");
    assertThat(m.messageId()).isEqualTo(sent.messageId());
    assertThat(m.from()).isEqualTo("sip:alice@127.0.0.1");
    assertThat(m.contentType()).startsWith("text/plain");
    assertThat(m.dateTime()).isNotNull();
    assertThat(m.displayRequested()).isTrue();
    assertThat(next(aliceHears.notifications)).isEqualTo(sent.messageId() + " DELIVERED");

    bobIm.get().displayed(m);
    assertThat(next(aliceHears.notifications)).isEqualTo(sent.messageId() + " DISPLAYED");

    // And the other way.
    SentIm back = bobIm.get().send("Hi Alice");
    ReceivedIm r = next(aliceHears.messages);
    assertThat(r.messageId()).isEqualTo(back.messageId());
    a.displayed(r);
    assertThat(List.of(next(bobHears.notifications), next(bobHears.notifications)))
        .containsExactly(back.messageId() + " DELIVERED", back.messageId() + " DISPLAYED");

    a.bye().get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(bobHears.ended.get(WAIT_SECONDS, TimeUnit.SECONDS).reason())
        .isEqualTo(SessionEnd.Reason.REMOTE_BYE);
  }

  @Test
  void thePeerSeesComposingThenIdle() throws Exception {
    ImSession a = start();
    a.composing();
    a.composing();
    assertThat(next(bobHears.composing)).isEqualTo(ComposingState.ACTIVE);
    a.idle();
    assertThat(next(bobHears.composing)).isEqualTo(ComposingState.IDLE);

    a.composing();
    assertThat(next(bobHears.composing)).isEqualTo(ComposingState.ACTIVE);
    a.send("done typing");
    assertThat(next(bobHears.messages).text()).isEqualTo("done typing");
    // The message itself ends the peer's composing state.
    assertThat(next(bobHears.composing)).isEqualTo(ComposingState.IDLE);
  }

  @Test
  void idleIsSentAfterTheIdleTimeout() throws Exception {
    ImSession a =
        start(
            SipConfig.builder("sip:bob@127.0.0.1"),
            ImSession.builder("sip:alice@127.0.0.1", aliceHears)
                .idleTimeout(Duration.ofMillis(200)));
    a.composing();
    assertThat(next(bobHears.composing)).isEqualTo(ComposingState.ACTIVE);
    assertThat(next(bobHears.composing)).isEqualTo(ComposingState.IDLE);
  }

  @Test
  void aPlainTextPeerGetsPlainTextAndNoStatus() throws Exception {
    ImSession a =
        start(
            SipConfig.builder("sip:bob@127.0.0.1").acceptTypes("text/plain"),
            ImSession.builder("sip:alice@127.0.0.1", aliceHears));
    assertThat(a.cpim()).isFalse();
    a.composing();
    SentIm sent = a.send("plain hello");
    assertThat(sent.notificationsRequested()).isFalse();
    sent.sent().get(WAIT_SECONDS, TimeUnit.SECONDS);
    ReceivedIm m = next(bobHears.messages);
    assertThat(m.text()).isEqualTo("plain hello");
    assertThat(m.contentType()).startsWith("text/plain");
    assertThat(m.messageId()).isNull();
    assertThat(m.displayRequested()).isFalse();
    bobIm.get().displayed(m); // nothing to send: no request
    bobIm.get().send("plain back");
    assertThat(next(aliceHears.messages).text()).isEqualTo("plain back");
    assertThat(bobHears.composing).isEmpty();
  }

  @Test
  void aPeerTakingOnlyCpimGetsTextAndNotificationsWrapped() throws Exception {
    ImSession a =
        start(
            SipConfig.builder("sip:bob@127.0.0.1"),
            InviteOptions.builder()
                .acceptTypes("message/cpim")
                .acceptWrappedTypes("text/plain", "message/imdn+xml")
                .build(),
            ImSession.builder("sip:alice@127.0.0.1", aliceHears));
    ImSession b = bobIm.get();
    assertThat(a.session().acceptTypes()).containsExactly("message/cpim");
    assertThat(b.session().acceptWrappedTypes()).containsExactly("text/plain", "message/imdn+xml");
    assertThat(a.cpim()).isTrue();
    assertThat(b.cpim()).isTrue();

    SentIm back = b.send("wrapped for Alice");
    ReceivedIm r = next(aliceHears.messages);
    assertThat(r.text()).isEqualTo("wrapped for Alice");
    assertThat(r.messageId()).isEqualTo(back.messageId());
    a.displayed(r);
    assertThat(List.of(next(bobHears.notifications), next(bobHears.notifications)))
        .containsExactly(back.messageId() + " DELIVERED", back.messageId() + " DISPLAYED");

    // Neither end takes is-composing statuses, wrapped or not: none is sent.
    b.composing();
    b.send("after typing");
    assertThat(next(aliceHears.messages).text()).isEqualTo("after typing");
    assertThat(aliceHears.composing).isEmpty();
  }
}
