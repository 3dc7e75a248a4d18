package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sip.Recorder.next;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: the INVITEs an agent sets up at once are bounded ({@link
 * SipConfig#maxPendingInvites()}). Beyond the bound an INVITE is answered 503 with Retry-After and
 * nothing is kept of it; a set-up that has waited a second or more for its ACK is dropped for a new
 * INVITE, and a Parley caller answered 503 with a short Retry-After tries again, so a real caller
 * gets in while spoofed INVITEs hold every place.
 */
class PendingInvitesTest {
  private SipAgent bob;
  private Listening listening;
  private SipAgent alice;

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob, listening == null ? null : listening.agent);
  }

  @Test
  void pastTheBoundAnInviteIs503WithRetryAfter() throws Exception {
    Recorder bobHears = new Recorder();
    // The application hears of a refusal on the agent's thread, maybe after the 503 went out.
    java.util.concurrent.BlockingQueue<SetupFailure> refused =
        new java.util.concurrent.LinkedBlockingQueue<>();
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1").maxPendingInvites(3).build(),
            new SipListener() {
              @Override
              public void invitation(Invitation i) {
                bobHears.invitation(i);
              }

              @Override
              public void refused(SetupFailure f) {
                refused.add(f);
              }
            });
    List<Invitation> ringing = new ArrayList<>();
    for (String transport : List.of("udp", "tcp")) {
      try (RawPeer carol = RawPeer.of(transport, bob.localAddress())) {
        for (int i = ringing.size(); i < 3; i++) {
          carol.send(carol.invite("bob", "ring" + i, RawPeer.offer(9, "r" + i, "active")));
          ringing.add(next(bobHears.invitations)); // rings: the application has not decided
        }
        String callId = "over-" + transport;
        carol.send(carol.invite("bob", callId, RawPeer.offer(9, "o", "active")));
        RawSip.Message r = carol.finalResponse("INVITE");
        assertThat(r.firstLine()).startsWith("SIP/2.0 503");
        assertThat(Integer.parseInt(r.header("Retry-After").split("[ ;(]")[0])).isBetween(1, 60);
        carol.send(carol.ackRefusal(r, callId));
        assertThat(next(refused).callId()).isEqualTo(callId);
      }
    }
    assertThat(bobHears.invitations).isEmpty();
    for (Invitation i : ringing) {
      i.decline(486);
    }
    bobHears.acceptAll();
    alice = Agents.local("alice", new Recorder());
    ChatSession s =
        SipAgentTest.await(alice.invite(bob.uri(), InviteOptions.DEFAULT, new Recorder()));
    SipAgentTest.await(s.send("room again"));
    assertThat(next(bobHears.messages).text()).isEqualTo("room again");
  }

  @Test
  void aRealCallerGetsInWhileSpoofedInvitesHoldEveryPlace() throws Exception {
    // ACKs are waited for 30 s here: the spoofed set-ups leave only by being dropped.
    listening =
        Listening.start(
            Listening.defaults().maxPendingInvites(3).ackTimeout(Duration.ofSeconds(30)));
    alice = Agents.local("alice", new Recorder());
    try (RawPeer carol = RawPeer.of("udp", listening.agent.localAddress())) {
      for (int i = 0; i < 3; i++) {
        carol.send(carol.invite("bob", "spoof" + i, RawPeer.offer(9, "s" + i, "active")));
        assertThat(carol.finalResponse("INVITE").firstLine()).startsWith("SIP/2.0 200");
      }
      carol.send(carol.invite("bob", "spoof3", RawPeer.offer(9, "s3", "active")));
      RawSip.Message r = carol.finalResponse("INVITE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 503");
      assertThat(r.header("Retry-After")).startsWith("1");
      // Alice is answered 503 too, tries again a second later, and a spoofed set-up makes room.
      listening.realChatDelivers(alice, "in despite the spoofs");
      SetupFailure dropped = listening.failure();
      assertThat(dropped.callId()).startsWith("spoof");
      assertThat(dropped.reason()).contains("dropped for a newer INVITE");
    }
  }
}
