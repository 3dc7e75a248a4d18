package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sip.Recorder.next;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An application that gives up on its INVITE and closes the agent before any provisional response
 * came (the quitting {@code parley chat}): the CANCEL may only go once the provisional response
 * comes (RFC 3261 §9.1), so the agent's close waits for it rather than stopping with the callee
 * still ringing. The callee is a raw UDP socket, which answers 180 only once the close has begun: a
 * second raw socket's pending INVITE, declined by the close, tells the test when.
 */
class CancelOnCloseTest {
  private final Recorder aliceHears = new Recorder();
  private SipAgent alice;

  @AfterEach
  void close() {
    Agents.closeAll(alice);
  }

  @Test
  void anInviteCancelledAsTheAgentClosesIsCancelledOnceItRings() throws Exception {
    alice = Agents.local("alice", aliceHears);
    try (RawSip dave = new RawSip();
        RawSip carol = new RawSip()) {
      CompletableFuture<ChatSession> calling =
          alice.invite("sip:dave@127.0.0.1:" + dave.port(), InviteOptions.DEFAULT, aliceHears);
      RawSip.Message invite = dave.request();
      assertThat(invite.method()).isEqualTo("INVITE");
      carol.send(carol.invite("alice", "rings-at-alice"), alice.localAddress());
      next(aliceHears.invitations);

      calling.cancel(true);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(alice::close);
      assertThat(carol.finalResponse().firstLine()).startsWith("SIP/2.0 480");
      dave.respond(invite, "180 Ringing");

      RawSip.Message cancel = dave.request();
      while (cancel.method().equals("INVITE")) { // retransmissions that crossed the 180
        cancel = dave.request();
      }
      assertThat(cancel.method()).isEqualTo("CANCEL");
      assertThat(cancel.header("Call-ID")).isEqualTo(invite.header("Call-ID"));
      closing.get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
