package org.parley.sip;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sip.Recorder.next;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 21: a listener that only a real session can end. A listener taking one session ({@link
 * Listening}: a {@link Reception}, as {@code parley chat --listen} has) faces a raw peer over UDP
 * and over TCP that sets sessions up and lets them fail every way a set-up can; each case checks
 * the answer RFC 3261 gives it and the failure reported, and ends with a real caller's chat that
 * the same listener takes and delivers a message in. No case sleeps: the listener's ACK and MSRP
 * waits are two seconds through its configuration, and the tests wait on what it reports.
 *
 * <p>The answers: a 200 never ACKed fails the set-up after the ACK wait (RFC 3261 §13.3.1.4); a
 * CANCEL before the final response gets 200 and the INVITE 487 (§9.2); an MSRP path Bob cannot
 * reach, 503 with a Warning; an MSRP connection that never comes (or binds from a peer the SDP did
 * not name, 481 in MSRP) ends the session with BYE; a BYE before the first message, 200; offers
 * this end cannot take, broken SDP and binary bodies said to be SDP, 488 with a Warning (§21.4.26);
 * a binary MESSAGE body, 200 and the bytes as they came (RFC 3428); a 64 KB header over TCP and a
 * datagram at the UDP limit (65,507 bytes), taken as any request (RFC 3261 sets no limit;
 * JAIN-SIP's is 1 MB per message).
 */
class ListenerSurvivalTest {
  private Listening bob;
  private SipAgent alice;

  @BeforeEach
  void start() {
    bob = Listening.bob();
    alice = Agents.local("alice", new Recorder());
  }

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob == null ? null : bob.agent);
  }

  private RawPeer carol(String transport) throws Exception {
    return RawPeer.of(transport, bob.agent.localAddress());
  }

  /** Carol's INVITE with an MSRP offer, answered 200 (Bob passive: Carol is to connect). */
  private RawSip.Message invitedAndAnswered(RawPeer carol, String callId) throws Exception {
    carol.send(carol.invite("bob", callId, RawPeer.offer(9, callId, "active")));
    RawSip.Message ok = carol.finalResponse("INVITE");
    assertThat(ok.firstLine()).startsWith("SIP/2.0 200");
    return ok;
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aTwoHundredNeverAckedFailsTheSetUpOnly(String transport) throws Exception {
    try (RawPeer carol = carol(transport)) {
      invitedAndAnswered(carol, "noack-" + transport);
      SetupFailure f = bob.failure("noack-" + transport);
      assertThat(f.reason()).contains("no ACK");
      assertThat(f.from()).isEqualTo("sip:carol@127.0.0.1");
    }
    bob.realChatDelivers(alice, "after an INVITE never ACKed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aCancelWhileBobConnectsIs487AndTheListenerWaitsOn(String transport) throws Exception {
    String callId = "cancel-" + transport;
    // Carol is passive: Bob connects to her path, a socket that takes the connection and never
    // answers his binding SEND, so the INVITE stays without a final response until the CANCEL.
    try (ServerSocket silent = new ServerSocket(0);
        RawPeer carol = carol(transport)) {
      carol.send(
          carol.invite("bob", callId, RawPeer.offer(silent.getLocalPort(), callId, "passive")));
      try (Socket bobConnected = silent.accept()) {
        carol.send(carol.cancel(callId));
        assertThat(carol.finalResponse("CANCEL").firstLine()).startsWith("SIP/2.0 200");
        RawSip.Message terminated = carol.finalResponse("INVITE");
        assertThat(terminated.firstLine()).startsWith("SIP/2.0 487");
        carol.send(carol.ackRefusal(terminated, callId));
        SetupFailure f = bob.failure(callId);
        assertThat(f.status()).isEqualTo(487);
        assertThat(f.reason()).contains("cancelled");
      }
    }
    bob.realChatDelivers(alice, "after a CANCEL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void anUnreachableMsrpPathIs503(String transport) throws Exception {
    String callId = "unreachable-" + transport;
    try (RawPeer carol = carol(transport)) {
      carol.send(
          carol.invite("bob", callId, RawPeer.offer(Agents.closedPort(), callId, "passive")));
      RawSip.Message refusal = carol.finalResponse("INVITE");
      assertThat(refusal.firstLine()).startsWith("SIP/2.0 503");
      assertThat(refusal.header("Warning")).contains("MSRP connection failed");
      carol.send(carol.ackRefusal(refusal, callId));
      SetupFailure f = bob.failure(callId);
      assertThat(f.status()).isEqualTo(503);
    }
    bob.realChatDelivers(alice, "after an unreachable MSRP path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void anMsrpConnectionThatNeverComesEndsTheSetUpWithBye(String transport) throws Exception {
    String callId = "nomsrp-" + transport;
    try (RawPeer carol = carol(transport)) {
      RawSip.Message ok = invitedAndAnswered(carol, callId);
      carol.send(carol.ack(ok, callId));
      SetupFailure f = bob.failure(callId);
      assertThat(f.reason()).contains("before its first message").contains("no MSRP connection");
      if (transport.equals("udp")) {
        assertThat(carol.request("BYE").header("Call-ID")).isEqualTo(callId);
      }
    }
    bob.realChatDelivers(alice, "after an MSRP connection that never came");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aBindingSendFromAnotherPeerIs481AndTheSetUpFails(String transport) throws Exception {
    String callId = "badbind-" + transport;
    try (RawPeer carol = carol(transport)) {
      RawSip.Message ok = invitedAndAnswered(carol, callId);
      carol.send(carol.ack(ok, callId));
      String bobPath = answerPath(ok);
      // Mallory connects to Bob's MSRP port and binds with a From-Path the SDP did not name.
      try (Socket mallory = msrpTo(bobPath)) {
        bind(mallory, bobPath, RawPeer.path(9, "mallory"));
        assertThat(status(mallory.getInputStream())).isEqualTo(481);
      }
      SetupFailure f = bob.failure(callId);
      assertThat(f.reason()).contains("no MSRP connection");
    }
    bob.realChatDelivers(alice, "after a refused binding SEND");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aByeBeforeTheFirstMessageDoesNotEndTheListener(String transport) throws Exception {
    String callId = "earlybye-" + transport;
    try (RawPeer carol = carol(transport)) {
      RawSip.Message ok = invitedAndAnswered(carol, callId);
      carol.send(carol.ack(ok, callId));
      String bobPath = answerPath(ok);
      try (Socket msrp = msrpTo(bobPath)) {
        bind(msrp, bobPath, RawPeer.path(9, callId));
        assertThat(status(msrp.getInputStream())).isEqualTo(200);
        ChatSession up = next(bob.sessions);
        assertThat(up.callId()).isEqualTo(callId);
        carol.send(carol.inDialog("BYE", 2, ok, callId + "-bye"));
        assertThat(carol.finalResponse("BYE").firstLine()).startsWith("SIP/2.0 200");
        assertThat(next(bob.hears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
        SetupFailure f = bob.failure(callId);
        assertThat(f.reason()).contains("before its first message").contains("remote_bye");
      }
    }
    assertThat(bob.done()).isNotDone();
    bob.realChatDelivers(alice, "after a BYE before the first message");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void anOfferTheListenerRefusesIs488(String transport) throws Exception {
    String tls = "tls-" + transport;
    String types = "notypes-" + transport;
    try (RawPeer carol = carol(transport)) {
      // MSRP over TLS: this end speaks TCP/MSRP only, and says so before the listener hears of it.
      carol.send(
          carol.invite(
              "bob",
              tls,
              RawPeer.offer(9, tls, "active")
                  .replace("TCP/MSRP", "TCP/TLS/MSRP")
                  .replace("msrp://", "msrps://")));
      RawSip.Message r = carol.finalResponse("INVITE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 488");
      carol.send(carol.ackRefusal(r, tls));
      SetupFailure refused = bob.refusal();
      assertThat(refused.callId()).isEqualTo(tls);
      assertThat(refused.status()).isEqualTo(488);
      // An MSRP stream without a=accept-types (RFC 4975 §8.6 requires it).
      carol.send(
          carol.invite(
              "bob",
              types,
              RawPeer.offer(9, types, "active").replace("a=accept-types:text/plain\r\n", "")));
      r = carol.finalResponse("INVITE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 488");
      assertThat(r.header("Warning")).contains("no acceptable message stream");
      carol.send(carol.ackRefusal(r, types));
      assertThat(bob.refusal().callId()).isEqualTo(types);
    }
    assertThat(bob.failures).isEmpty();
    bob.realChatDelivers(alice, "after refused offers");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void malformedSdpAndBinaryBodiesGet488(String transport) throws Exception {
    Random random = new Random(21);
    byte[] junk = new byte[700];
    random.nextBytes(junk);
    try (RawPeer carol = carol(transport)) {
      String[] bad = {
        "v=0\r\no=broken\r\nm=message banana\r\n",
        "v=0\r\ns=-\r\n",
        "m=message 9 TCP/MSRP *\r\na=path:msrp://[::1\r\n",
      };
      for (int i = 0; i < bad.length; i++) {
        String callId = "badsdp" + i + "-" + transport;
        carol.send(carol.invite("bob", callId, bad[i]));
        RawSip.Message r = carol.finalResponse("INVITE");
        assertThat(r.firstLine()).as(bad[i]).startsWith("SIP/2.0 488");
        carol.send(carol.ackRefusal(r, callId));
        assertThat(bob.refusal().status()).isEqualTo(488);
      }
      // A binary body said to be SDP.
      String callId = "binary-" + transport;
      carol.send(withBody(carol.invite("bob", callId, "PLACEHOLDER"), junk));
      RawSip.Message r = carol.finalResponse("INVITE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 488");
      carol.send(carol.ackRefusal(r, callId));
      // A binary MESSAGE body is taken as it is (200), byte for byte.
      carol.send(
          withBody(
              carol.request(
                  "MESSAGE",
                  "carol",
                  "bob",
                  "binmsg-" + transport,
                  1,
                  "PLACEHOLDER",
                  "Content-Type: application/octet-stream"),
              junk));
      assertThat(carol.finalResponse("MESSAGE").firstLine()).startsWith("SIP/2.0 200");
      PagerMessage m = next(bob.pager);
      assertThat(m.contentType()).isEqualTo("application/octet-stream");
      assertThat(m.body()).isEqualTo(junk);
    }
    assertThat(bob.failures).isEmpty();
    bob.realChatDelivers(alice, "after malformed SDP and binary bodies");
  }

  @Test
  void aSixtyFourKilobyteHeaderOverTcpIsTakenAsAnyRequest() throws Exception {
    String big = "X-Big: " + "a".repeat(64 * 1024);
    try (RawPeer carol = carol("tcp")) {
      carol.send(
          carol.request(
              "MESSAGE", "carol", "bob", "bighead", 1, "hello", "Content-Type: text/plain", big));
      RawSip.Message r = carol.finalResponse("MESSAGE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 200");
      assertThat(next(bob.pager).text()).isEqualTo("hello");
      invitedAndAnswered(carol, "bighead-invite");
      carol.send(carol.invite("bob", "bighead-invite2", RawPeer.offer(9, "b2", "active"), big));
      assertThat(carol.finalResponse("INVITE").firstLine()).startsWith("SIP/2.0 200");
      bob.failure("bighead-invite");
    }
    bob.realChatDelivers(alice, "after a 64 KB header");
  }

  @Test
  void aDatagramAtTheUdpLimitIsTakenAsAnyRequest() throws Exception {
    try (RawPeer carol = carol("udp")) {
      String head =
          carol.request("MESSAGE", "carol", "bob", "udplimit", 1, "", "Content-Type: text/plain");
      int room = 65_507 - head.length() - 10; // the Content-Length grows by up to five digits
      String body = "u".repeat(room);
      String message =
          carol.request("MESSAGE", "carol", "bob", "udplimit", 1, body, "Content-Type: text/plain");
      int pad = 65_507 - message.getBytes(UTF_8).length;
      message =
          carol.request(
              "MESSAGE",
              "carol",
              "bob",
              "udplimit",
              1,
              body + "u".repeat(pad),
              "Content-Type: text/plain");
      assertThat(message.getBytes(UTF_8)).hasSize(65_507);
      carol.send(message);
      RawSip.Message r = carol.finalResponse("MESSAGE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 200");
      assertThat(next(bob.pager).body()).hasSize(room + pad);
    }
    bob.realChatDelivers(alice, "after a datagram at the UDP limit");
  }

  // Helpers.

  /**
   * {@code request} (with the body PLACEHOLDER) with {@code body} instead, Content-Length fixed.
   */
  private static byte[] withBody(String request, byte[] body) {
    String head = request.substring(0, request.indexOf("\r\n\r\n") + 4);
    head = head.replace("Content-Length: 11\r\n", "Content-Length: " + body.length + "\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Bob's a=path in his SDP answer. */
  private static String answerPath(RawSip.Message ok) {
    for (String line : RawPeer.body(ok).split("\r\n")) {
      if (line.startsWith("a=path:")) {
        String[] hops = line.substring(7).trim().split(" ");
        return hops[hops.length - 1];
      }
    }
    throw new AssertionError("no a=path in " + ok.text);
  }

  private static Socket msrpTo(String path) throws Exception {
    String hostPort = path.substring("msrp://".length(), path.indexOf('/', "msrp://".length()));
    int colon = hostPort.lastIndexOf(':');
    Socket s =
        new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(Recorder.WAIT_SECONDS));
    return s;
  }

  /** An empty SEND binding the connection (RFC 4975 §5.4). */
  private static void bind(Socket s, String to, String from) throws Exception {
    String tid = "bind" + Integer.toHexString(from.hashCode() & 0xffff);
    String send =
        "MSRP "
            + tid
            + " SEND\r\n"
            + "To-Path: "
            + to
            + "\r\n"
            + "From-Path: "
            + from
            + "\r\n"
            + "Message-ID: m"
            + tid
            + "\r\n"
            + "Byte-Range: 1-0/0\r\n"
            + "-------"
            + tid
            + "$\r\n";
    OutputStream out = s.getOutputStream();
    out.write(send.getBytes(US_ASCII));
    out.flush();
  }

  /** The status code of the next MSRP response (its first line: MSRP tid CODE ...). */
  private static int status(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.append((char) b);
    }
    String[] parts = line.toString().trim().split(" ");
    return Integer.parseInt(parts[2]);
  }
}
