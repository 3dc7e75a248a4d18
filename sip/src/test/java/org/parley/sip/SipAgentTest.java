package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.sip.Recorder.next;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two agents on 127.0.0.1 over real sockets: pager mode and sessions, MSRP and the 2001 form. */
class SipAgentTest {
  private final Recorder aliceHears = new Recorder();
  private final Recorder bobHears = new Recorder();
  private SipAgent alice;
  private SipAgent bob;

  private void start(SipTransport... transports) {
    alice =
        SipAgent.start(
            SipConfig.builder("sip:alice@127.0.0.1").transports(transports).build(), aliceHears);
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1").transports(transports).build(), bobHears);
  }

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob);
  }

  static SipFailure failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(SipFailure.class);
      return (SipFailure) e.getCause();
    }
    throw new AssertionError("the future did not fail");
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void pagerMessagesGoBothWaysOverUdp() throws Exception {
    start(SipTransport.UDP, SipTransport.TCP);
    SipStatus s = await(alice.message(bob.uri(), "text/plain", "Hi Bob".getBytes(UTF_8)));
    assertThat(s.code()).isEqualTo(200);
    PagerMessage m = next(bobHears.pager);
    assertThat(m.text()).isEqualTo("Hi Bob");
    assertThat(m.from()).isEqualTo("sip:alice@127.0.0.1");
    assertThat(m.contentType()).startsWith("text/plain");

    await(bob.message(alice.uri(), "text/plain;charset=UTF-8", "Hi Alice ✓".getBytes(UTF_8)));
    assertThat(next(aliceHears.pager).text()).isEqualTo("Hi Alice ✓");
  }

  @Test
  void pagerMessagesGoOverTcp() throws Exception {
    start(SipTransport.TCP, SipTransport.UDP);
    assertThat(bob.uri()).contains("transport=tcp");
    byte[] big = "x".repeat(5000).getBytes(UTF_8);
    await(alice.message(bob.uri(), "text/plain", big));
    assertThat(next(bobHears.pager).body()).hasSize(5000);
  }

  @Test
  void aLargeMessageOverUdpIsRefusedWithAHint() {
    start(SipTransport.UDP, SipTransport.TCP);
    byte[] big = "x".repeat(1300).getBytes(UTF_8);
    assertThatThrownBy(() -> await(alice.message(bob.uri(), "text/plain", big)))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SipFailure.class)
        .hasMessageContaining("RFC 3428")
        .hasMessageContaining("session")
        .extracting(e -> ((SipFailure) e).kind())
        .isEqualTo(SipFailure.Kind.TOO_LARGE);
    assertThat(bobHears.pager).isEmpty();
  }

  @Test
  void anAcceptedInviteCarriesMessagesOverMsrpBothWaysUntilBye() throws Exception {
    start(SipTransport.UDP, SipTransport.TCP);
    bobHears.acceptAll();
    ChatSession a = await(alice.invite(bob.uri(), InviteOptions.DEFAULT, aliceHears));
    assertThat(a.mode()).isEqualTo(ChatMode.MSRP);
    assertThat(a.msrp()).isPresent();
    await(a.send("Hello Bob"));
    assertThat(next(bobHears.messages).text()).isEqualTo("Hello Bob");
    ChatSession b = await(bobHears.started);
    await(b.send("Hello Alice"));
    assertThat(next(aliceHears.messages).text()).isEqualTo("Hello Alice");

    SessionEnd end = await(a.bye());
    assertThat(end.reason()).isEqualTo(SessionEnd.Reason.LOCAL_BYE);
    assertThat(next(bobHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
    assertThat(next(aliceHears.ends).reason()).isEqualTo(SessionEnd.Reason.LOCAL_BYE);
  }

  @Test
  void aDeclinedInviteFailsAsBusy() throws Exception {
    start(SipTransport.UDP);
    bobHears.onInvitation(i -> i.decline(486));
    SipFailure f = failure(alice.invite(bob.uri(), InviteOptions.DEFAULT, aliceHears));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.BUSY);
    assertThat(f.status()).isEqualTo(486);
  }

  @Test
  void anInviteDeclinedWith603FailsAsDeclined() throws Exception {
    start(SipTransport.UDP);
    bobHears.onInvitation(i -> i.decline(603));
    assertThat(failure(alice.invite(bob.uri(), InviteOptions.DEFAULT, aliceHears)).kind())
        .isEqualTo(SipFailure.Kind.DECLINED);
  }

  @Test
  void anOfferWithoutACommonTypeIsAnswered488AndTheCalleeNeverHearsOfIt() throws Exception {
    alice = SipAgent.start(SipConfig.builder("sip:alice@127.0.0.1").build(), aliceHears);
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1").acceptTypes("text/plain").build(), bobHears);
    SipFailure f =
        failure(
            alice.invite(
                bob.uri(),
                InviteOptions.builder().acceptTypes("application/x-parley-test").build(),
                aliceHears));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.NOT_ACCEPTABLE);
    assertThat(f.status()).isEqualTo(488);
    assertThat(bobHears.invitations).isEmpty();
  }

  @Test
  void cancellingTheInviteFutureSendsCancelAndTheCalleeHearsIt() throws Exception {
    start(SipTransport.UDP);
    CompletableFuture<ChatSession> calling =
        alice.invite(bob.uri(), InviteOptions.DEFAULT, aliceHears);
    Invitation ringing = next(bobHears.invitations);
    assertThat(ringing.from()).isEqualTo("sip:alice@127.0.0.1");
    assertThat(ringing.mode()).isEqualTo(ChatMode.MSRP);
    calling.cancel(true);
    await(ringing.cancelled());
    SipFailure f = failure(ringing.accept(bobHears));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.CANCELLED);
  }

  @Test
  void anUnreachableCalleeFailsAsUnreachable() throws Exception {
    start(SipTransport.TCP);
    String nowhere = "sip:carol@127.0.0.1:" + Agents.closedPort() + ";transport=tcp";
    assertThat(failure(alice.invite(nowhere, InviteOptions.DEFAULT, aliceHears)).kind())
        .isEqualTo(SipFailure.Kind.UNREACHABLE);
    assertThat(failure(alice.message(nowhere, "text/plain", new byte[1])).kind())
        .isEqualTo(SipFailure.Kind.UNREACHABLE);
  }

  @Test
  void byeFromTheReceiverDuringATransferEndsBothSidesAndFailsTheSend() throws Exception {
    alice = SipAgent.start(SipConfig.builder("sip:alice@127.0.0.1").build(), aliceHears);
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1").maxMessageSize(1L << 30).build(), bobHears);
    bobHears.acceptAll().byeOnStart();
    ChatSession a = await(alice.invite(bob.uri(), InviteOptions.DEFAULT, aliceHears));
    CompletableFuture<Void> sending = a.send("application/octet-stream", new byte[100 << 20]);
    ChatSession b = await(bobHears.started);
    assertThat(await(b.ended()).reason()).isEqualTo(SessionEnd.Reason.LOCAL_BYE);
    assertThat(next(aliceHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
    assertThatThrownBy(() -> await(sending)).isInstanceOf(ExecutionException.class);
    assertThat(bobHears.messages).isEmpty();
  }

  @Test
  void aFailedMsrpConnectionEndsTheDialogWithAReason() throws Exception {
    int closed = Agents.closedPort();
    alice = SipAgent.start(SipConfig.builder("sip:alice@127.0.0.1").build(), aliceHears);
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1").msrpAdvertisedPort(closed).build(), bobHears);
    bobHears.acceptAll();
    SipFailure f = failure(alice.invite(bob.uri(), InviteOptions.DEFAULT, aliceHears));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.MEDIA);
    assertThat(f.getMessage()).contains("MSRP connection to 127.0.0.1:" + closed);
    SessionEnd bobEnd = next(bobHears.ends);
    // Alice sends the ACK and, at once, the BYE with its Reason. Over UDP the two datagrams may be
    // handled out of order by Bob's stack; a BYE taken before the ACK ends the dialog without the
    // BYE reaching the application. Either way Bob's session ends; with the BYE, he hears why.
    assertThat(bobEnd.reason()).isIn(SessionEnd.Reason.REMOTE_BYE, SessionEnd.Reason.DIALOG_FAILED);
    if (bobEnd.reason() == SessionEnd.Reason.REMOTE_BYE) {
      assertThat(bobEnd.detail()).contains("MSRP connection");
    }
  }

  @Test
  void theAnswererConnectsWhenTheOfferSaysActpass() throws Exception {
    start(SipTransport.UDP);
    bobHears.acceptAll();
    ChatSession a =
        await(
            alice.invite(
                bob.uri(),
                InviteOptions.builder().setup(org.parley.sdp.Setup.ACTPASS).build(),
                aliceHears));
    await(a.send("over a connection Bob opened"));
    assertThat(next(bobHears.messages).text()).isEqualTo("over a connection Bob opened");
    ChatSession b = await(bobHears.started);
    await(b.send("and back"));
    assertThat(next(aliceHears.messages).text()).isEqualTo("and back");
    await(b.bye());
    assertThat(next(aliceHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
  }

  @Test
  void the2001FormCarriesMessagesAsSipMessagesInOrder() throws Exception {
    start(SipTransport.UDP, SipTransport.TCP);
    bobHears.acceptAll();
    ChatSession a =
        await(
            alice.invite(
                bob.uri(), InviteOptions.builder().mode(ChatMode.SIP_MESSAGE).build(), aliceHears));
    assertThat(a.mode()).isEqualTo(ChatMode.SIP_MESSAGE);
    assertThat(a.msrp()).isEmpty();
    CompletableFuture<?>[] sent = new CompletableFuture<?>[5];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = a.send("message " + i);
    }
    await(CompletableFuture.allOf(sent));
    for (int i = 0; i < sent.length; i++) {
      assertThat(next(bobHears.messages).text()).isEqualTo("message " + i);
    }
    assertThat(bobHears.pager).as("not taken for pager mode").isEmpty();
    ChatSession b = await(bobHears.started.completeOnTimeout(null, 0, TimeUnit.SECONDS));
    assertThat(b).as("the 2001 form has no 'started'").isNull();
    await(a.bye());
    assertThat(next(bobHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
  }

  @Test
  void inThe2001FormTheCalleeSendsBackToTheCallersUri() throws Exception {
    start(SipTransport.UDP);
    java.util.concurrent.BlockingQueue<CompletableFuture<ChatSession>> accepted =
        new java.util.concurrent.LinkedBlockingQueue<>();
    bobHears.onInvitation(i -> accepted.add(i.accept(bobHears)));
    ChatSession a =
        await(
            alice.invite(
                bob.uri(), InviteOptions.builder().mode(ChatMode.SIP_MESSAGE).build(), aliceHears));
    ChatSession b = await(next(accepted));
    assertThat(b.mode()).isEqualTo(ChatMode.SIP_MESSAGE);
    await(b.send("from Bob"));
    assertThat(next(aliceHears.messages).text()).isEqualTo("from Bob");
    await(a.send("from Alice"));
    assertThat(next(bobHears.messages).text()).isEqualTo("from Alice");
    await(b.bye());
    assertThat(next(aliceHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
  }
}
