package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.sip.SipAgentTest.await;
import static org.parley.sip.SipAgentTest.failure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.MsrpSession;
import org.parley.sdp.offeranswer.LocalCapabilities;

/**
 * Sessions through Parley's MSRP relay (RFC 4976: AUTH, Use-Path in a=path), and re-INVITEs: a new
 * relay path re-offered while messages keep flowing, and a re-offer the peer cannot take (488).
 */
class RelayAndReinviteTest {
  @RegisterExtension static final TestRelay relay = new TestRelay();

  private final Recorder aliceHears = new Recorder();
  private final Recorder bobHears = new Recorder();
  private SipAgent alice;
  private SipAgent bob;

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob);
  }

  private static SipAgent agent(String user, boolean viaRelay, Recorder hears) {
    SipConfig.Builder b = SipConfig.builder("sip:" + user + "@127.0.0.1");
    if (viaRelay) {
      b.relay(relay.account(user));
    }
    return SipAgent.start(b.build(), hears);
  }

  /** Alice invites Bob; a message each way; returns Alice's session. */
  private ChatSession chat() throws Exception {
    bobHears.acceptAll();
    ChatSession a = await(alice.invite(bob.uri(), InviteOptions.DEFAULT, aliceHears));
    await(a.send("Hello Bob"));
    assertThat(next(bobHears).text()).isEqualTo("Hello Bob");
    ChatSession b = await(bobHears.started);
    await(b.send("Hello Alice"));
    assertThat(next(aliceHears).text()).isEqualTo("Hello Alice");
    return a;
  }

  private static ChatMessage next(Recorder r) throws InterruptedException {
    ChatMessage m = r.messages.poll(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(m).as("a message").isNotNull();
    return m;
  }

  @Test
  void bothEndsBehindTheRelayChatOverItsUsePaths() throws Exception {
    alice = agent("alice", true, aliceHears);
    bob = agent("bob", true, bobHears);
    ChatSession a = chat();
    MsrpSession as = a.msrp().orElseThrow();
    assertThat(as.relays()).isEqualTo(alice.relay().usePath());
    // Bob's a=path: his Use-Path, then his session's URI.
    assertThat(as.remotePath()).hasSize(2);
    assertThat(as.remotePath().get(0)).isEqualTo(bob.relay().usePath().get(0));
    // Both ends' MSRP went over their connections to the relay, not to each other.
    assertThat(as.connection().remoteAddress().getPort()).isEqualTo(relay.uri().port());
    ChatSession b = await(bobHears.started);
    assertThat(b.msrp().orElseThrow().connection().remoteAddress().getPort())
        .isEqualTo(relay.uri().port());

    await(a.bye());
    assertThat(bobHears.ends.poll(Recorder.WAIT_SECONDS, TimeUnit.SECONDS).reason())
        .isEqualTo(SessionEnd.Reason.REMOTE_BYE);
    // The relay connection outlives the session: the next one goes over it too.
    Recorder again = new Recorder();
    ChatSession second = await(alice.invite(bob.uri(), InviteOptions.DEFAULT, again));
    await(second.send("again"));
    assertThat(next(bobHears).text()).isEqualTo("again");
  }

  /**
   * The relay answers each chunk itself (RFC 4976), so its 200 does not say that Bob has the
   * message: a BYE sent on it can reach Bob first, and the last message is lost. Alice's send
   * completes on Bob's success report instead, so the BYE goes after the message.
   */
  @Test
  void aByeAfterTheLastMessageWaitsUntilThePeerHasItThroughTheRelay() throws Exception {
    lastLineThenBye(a -> a.send("the last line").thenCompose(v -> a.bye()), "the last line");
  }

  /** A BYE asked for while the last message is on its way waits for it too. */
  @Test
  void aByeAskedForWhileTheLastMessageIsOnItsWayGoesAfterIt() throws Exception {
    lastLineThenBye(
        a -> {
          CompletableFuture<Void> sent = a.send("typed just before leaving");
          return a.bye().thenCombine(sent, (end, v) -> end); // the BYE not waiting for the send
        },
        "typed just before leaving");
  }

  /**
   * Both behind the relay, Bob reading nothing (what the relay forwards to him waits in the
   * socket), Alice sends {@code text} and says BYE as {@code leave} does: Bob's session must not
   * end before he has read the message.
   */
  private void lastLineThenBye(
      java.util.function.Function<ChatSession, CompletableFuture<SessionEnd>> leave, String text)
      throws Exception {
    alice = agent("alice", true, aliceHears);
    bob = agent("bob", true, bobHears);
    ChatSession a = chat();
    MsrpSession toBob = await(bobHears.started).msrp().orElseThrow();
    toBob.suspendReading();
    CompletableFuture<SessionEnd> bye = leave.apply(a);
    // Before the fix the relay's 200 released the BYE at once and Bob ended here. A bounded wait
    // for something that must not happen: after the fix nothing can end Bob's session while he
    // reads nothing, since Alice's BYE waits for his report (up to 30 s).
    assertThat(bobHears.ends.poll(2, TimeUnit.SECONDS)).isNull();
    assertThat(bye).isNotDone();
    toBob.resumeReading();
    assertThat(next(bobHears).text()).isEqualTo(text);
    assertThat(await(bye).reason()).isEqualTo(SessionEnd.Reason.LOCAL_BYE);
    assertThat(bobHears.ends.poll(Recorder.WAIT_SECONDS, TimeUnit.SECONDS).reason())
        .isEqualTo(SessionEnd.Reason.REMOTE_BYE);
  }

  @Test
  void aDirectCallerReachesACalleeBehindTheRelay() throws Exception {
    alice = agent("alice", false, aliceHears);
    bob = agent("bob", true, bobHears);
    ChatSession a = chat();
    assertThat(a.msrp().orElseThrow().remotePath().get(0)).isEqualTo(bob.relay().usePath().get(0));
  }

  @Test
  void aCallerBehindTheRelayReachesADirectCallee() throws Exception {
    alice = agent("alice", true, aliceHears);
    bob = agent("bob", false, bobHears);
    ChatSession a = chat();
    assertThat(a.msrp().orElseThrow().relays()).isEqualTo(alice.relay().usePath());
  }

  @Test
  void theAnswererBehindTheRelayConnectsWhenTheOfferSaysActpass() throws Exception {
    alice = agent("alice", true, aliceHears);
    bob = agent("bob", true, bobHears);
    bobHears.acceptAll();
    ChatSession a =
        await(
            alice.invite(
                bob.uri(),
                InviteOptions.builder().setup(org.parley.sdp.Setup.ACTPASS).build(),
                aliceHears));
    await(a.send("via actpass"));
    assertThat(next(bobHears).text()).isEqualTo("via actpass");
  }

  @Test
  void aRefreshKeepsTheUsePath() throws Exception {
    alice = agent("alice", true, aliceHears);
    List<MsrpUri> before = alice.relay().usePath();
    await(alice.relay().refresh());
    assertThat(alice.relay().usePath()).isEqualTo(before);
  }

  @Test
  void aWrongRelayPasswordFailsTheStart() {
    assertThatThrownBy(
            () ->
                SipAgent.start(
                    SipConfig.builder("sip:alice@127.0.0.1")
                        .relay(MsrpRelay.of(relay.uri().toString(), "alice", "wrong"))
                        .build(),
                    aliceHears))
        .isInstanceOf(SipFailure.class)
        .hasMessageContaining("AUTH with the MSRP relay");
  }

  @Test
  void aNewUsePathIsReofferedByReinviteAndMessagesKeepFlowing() throws Exception {
    alice = agent("alice", false, aliceHears);
    bob = agent("bob", true, bobHears);
    ChatSession a = chat();
    List<MsrpUri> old = bob.relay().usePath();
    await(bob.renewRelay());
    List<MsrpUri> renewed = bob.relay().usePath();
    assertThat(renewed).isNotEqualTo(old);
    MsrpSession as = a.msrp().orElseThrow();
    // Alice took Bob's new a=path from the re-INVITE.
    assertThat(as.remotePath().get(0)).isEqualTo(renewed.get(0));
    ChatSession b = await(bobHears.started);
    assertThat(b.msrp().orElseThrow().relays()).isEqualTo(renewed);

    await(a.send("after the re-INVITE"));
    assertThat(next(bobHears).text()).isEqualTo("after the re-INVITE");
    await(b.send("still here"));
    assertThat(next(aliceHears).text()).isEqualTo("still here");
  }

  @Test
  void theCallersReinviteWithAChangedPathIsAnsweredAndMessagesKeepFlowing() throws Exception {
    alice = agent("alice", true, aliceHears);
    bob = agent("bob", false, bobHears);
    ChatSession a = chat();
    await(alice.renewRelay());
    ChatSession b = await(bobHears.started);
    assertThat(b.msrp().orElseThrow().remotePath().get(0))
        .isEqualTo(alice.relay().usePath().get(0));
    await(b.send("to your new path"));
    assertThat(next(aliceHears).text()).isEqualTo("to your new path");
    await(a.send("and back"));
    assertThat(next(bobHears).text()).isEqualTo("and back");
  }

  @Test
  void aReofferThePeerCannotTakeIs488AndTheSessionGoesOn() throws Exception {
    alice = agent("alice", false, aliceHears);
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1").acceptTypes("text/plain").build(), bobHears);
    ChatSession a = chat();
    Chat chat = (Chat) a;
    LocalCapabilities images =
        chat.negotiator().capabilities().toBuilder().acceptTypes("image/png").build();
    SipFailure f = failure(chat.reoffer(images));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.NOT_ACCEPTABLE);

    await(a.send("still text"));
    assertThat(next(bobHears).text()).isEqualTo("still text");
    ChatSession b = await(bobHears.started);
    await(b.send("yes"));
    assertThat(next(aliceHears).text()).isEqualTo("yes");
    // The offerer's negotiator went back to what was agreed: a later re-offer works.
    await(chat.reoffer(chat.negotiator().capabilities()));
    await(a.send("after a good re-offer"));
    assertThat(next(bobHears).text()).isEqualTo("after a good re-offer");
  }
}
