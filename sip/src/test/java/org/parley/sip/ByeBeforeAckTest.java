package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sip.Recorder.next;
import static org.parley.sip.SipAgentTest.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller whose BYE overtakes its ACK, as UDP (or a proxy's parallel workers) may deliver them
 * (RFC 3261 §15): the callee's 2xx confirmed the dialog, so its session was up and ends with {@code
 * REMOTE_BYE}, whichever of the two comes first. The caller is a raw UDP socket, which sends them
 * in the order the test dictates.
 */
class ByeBeforeAckTest {
  private final Recorder bobHears = new Recorder();
  private final LinkedBlockingQueue<CompletableFuture<ChatSession>> accepted =
      new LinkedBlockingQueue<>();
  private SipAgent bob;

  @BeforeEach
  void start() {
    bobHears.onInvitation(i -> accepted.add(i.accept(bobHears)));
    bob = Agents.local("bob", bobHears);
  }

  @AfterEach
  void close() {
    Agents.closeAll(bob);
  }

  @Test
  void aByeBeforeTheAckEndsTheSessionAsTheCallerSaid() throws Exception {
    try (RawSip carol = new RawSip()) {
      RawSip.Message ok = invite(carol);
      carol.send(inDialog("BYE", 2, ok, carol.port()), bob.localAddress());
      assertThat(responseTo(carol, "BYE").firstLine()).startsWith("SIP/2.0 200");
      carol.send(inDialog("ACK", 1, ok, carol.port()), bob.localAddress());

      ChatSession session = await(next(accepted));
      assertThat(next(bobHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
      assertThat(session.ended()).isDone();
    }
  }

  @Test
  void aByeAfterTheAckEndsTheSessionTheSameWay() throws Exception {
    try (RawSip carol = new RawSip()) {
      RawSip.Message ok = invite(carol);
      carol.send(inDialog("ACK", 1, ok, carol.port()), bob.localAddress());
      ChatSession session = await(next(accepted));
      carol.send(inDialog("BYE", 2, ok, carol.port()), bob.localAddress());
      assertThat(responseTo(carol, "BYE").firstLine()).startsWith("SIP/2.0 200");

      assertThat(next(bobHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
      assertThat(session.ended()).isDone();
    }
  }

  /** Carol invites Bob (this end the active one, so Bob answers at once); returns his 200. */
  private RawSip.Message invite(RawSip carol) throws Exception {
    carol.send(carol.invite("bob", "bye-before-ack"), bob.localAddress());
    RawSip.Message ok = responseTo(carol, "INVITE");
    assertThat(ok.firstLine()).startsWith("SIP/2.0 200");
    return ok;
  }

  /** The next final response whose CSeq names {@code method} (2xx retransmissions skipped). */
  private static RawSip.Message responseTo(RawSip carol, String method) throws Exception {
    while (true) {
      RawSip.Message m = carol.finalResponse();
      if (m.header("CSeq").endsWith(" " + method)) {
        return m;
      }
    }
  }

  private static String via(int port, String branch) {
    return "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK" + branch + "\r\n";
  }

  /** A request in the dialog the 200 {@code ok} set up, sent to its Contact. */
  private static String inDialog(String method, int cseq, RawSip.Message ok, int port) {
    String contact = ok.header("Contact");
    String target = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
    return method
        + " "
        + target
        + " SIP/2.0\r\n"
        + via(port, method.toLowerCase() + cseq)
        + "From: "
        + ok.header("From")
        + "\r\n"
        + "To: "
        + ok.header("To")
        + "\r\n"
        + "Call-ID: "
        + ok.header("Call-ID")
        + "\r\n"
        + "CSeq: "
        + cseq
        + " "
        + method
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "Content-Length: 0\r\n\r\n";
  }
}
