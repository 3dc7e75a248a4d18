package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sip.Recorder.next;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed SIP that the agent must survive: it drops or refuses it and goes on working. */
class BadInputTest {
  private final Recorder hears = new Recorder();
  private SipAgent agent;
  private SipAgent peer;

  @BeforeEach
  void start() {
    agent = SipAgent.start(SipConfig.builder("sip:bob@127.0.0.1").build(), hears);
    peer = SipAgent.start(SipConfig.builder("sip:alice@127.0.0.1").build(), new Recorder());
  }

  @AfterEach
  void close() {
    Agents.closeAll(agent, peer);
  }

  /** The agent still takes a MESSAGE (bad input that was valid SIP may have come before it). */
  private void stillWorks(String text) throws Exception {
    peer.message(agent.uri(), "text/plain", text.getBytes(UTF_8))
        .get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    while (!next(hears.pager).text().equals(text)) {
      // skip what came before
    }
  }

  private static String request(String method, String callId, String extra, String body) {
    return request(method, callId, extra, body, 9);
  }

  /** A request whose responses go to {@code viaPort} on 127.0.0.1. */
  private static String request(
      String method, String callId, String extra, String body, int viaPort) {
    return method
        + " sip:bob@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:"
        + viaPort
        + ";branch=z9hG4bK"
        + callId
        + "\r\n"
        + "From: <sip:mallory@127.0.0.1>;tag=m1\r\n"
        + "To: <sip:bob@127.0.0.1>\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: 1 "
        + method
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + extra
        + "Content-Length: "
        + body.getBytes(UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  @Test
  void malformedDatagramsAreDropped() throws Exception {
    InetSocketAddress to = agent.localAddress();
    Random random = new Random(6);
    try (RawSip raw = new RawSip()) {
      List<String> bad =
          List.of(
              "",
              "\r\n\r\n",
              "INVITE\r\n\r\n",
              "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\n\r\n",
              "MESSAGE sip:bob@127.0.0.1 SIP/9.9\r\nCall-ID: x\r\n\r\n",
              "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKnone\r\n"
                  + "CSeq: 1 MESSAGE\r\nCall-ID: none\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\n"
                  + "Content-Length: 0\r\n\r\n",
              request("MESSAGE", "c1", "CSeq: banana\r\n", "x"),
              request("MESSAGE", "c2", "Content-Type: text/plain\r\n", "short")
                  .replace("Content-Length: 5", "Content-Length: 500"),
              request("MESSAGE", "c3", "X-Long: " + "a".repeat(60_000) + "\r\n", ""),
              request("MESSAGE", "c4", "", "").replace("To: <sip:bob@127.0.0.1>\r\n", ""),
              request("FOO", "c5", "", ""));
      for (String b : bad) {
        raw.send(b, to);
      }
      for (int i = 0; i < 50; i++) {
        byte[] junk = new byte[1 + random.nextInt(1400)];
        random.nextBytes(junk);
        raw.send(junk, to);
      }
      raw.send("\0\0\0\0".getBytes(UTF_8), to);
    }
    stillWorks("after the bad datagrams");
  }

  @Test
  void unknownMethodsAre405AndByeOutsideADialog481() throws Exception {
    try (RawSip raw = new RawSip()) {
      raw.send(request("FOO", "m1", "", "", raw.port()), agent.localAddress());
      assertThat(raw.finalResponse().firstLine()).startsWith("SIP/2.0 405 ");
      raw.send(
          request("BYE", "m2", "", "", raw.port())
              .replace("To: <sip:bob@127.0.0.1>", "To: <sip:bob@127.0.0.1>;tag=zz"),
          agent.localAddress());
      assertThat(raw.finalResponse().firstLine()).startsWith("SIP/2.0 481");
    }
    stillWorks("after 405 and 481");
  }

  @Test
  void anInviteWithBrokenSdpIs488() throws Exception {
    try (RawSip raw = new RawSip()) {
      raw.send(
          request(
              "INVITE",
              "i1",
              "Contact: <sip:mallory@127.0.0.1:9>\r\nContent-Type: application/sdp\r\n",
              "v=0\r\no=broken\r\nm=message banana\r\n",
              raw.port()),
          agent.localAddress());
      RawSip.Message r = raw.finalResponse();
      assertThat(r.firstLine()).startsWith("SIP/2.0 488 ");
      assertThat(r.header("Warning")).contains("bad SDP offer");
      raw.send(
          request("INVITE", "i2", "Contact: <sip:mallory@127.0.0.1:9>\r\n", "", raw.port()),
          agent.localAddress());
      assertThat(raw.finalResponse().header("Warning")).contains("SDP offer is required");
    }
    assertThat(hears.invitations).isEmpty();
    stillWorks("after the bad INVITEs");
  }

  @Test
  void garbageOverTcpIsDropped() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 5; i++) {
      try (Socket s = new Socket()) {
        s.connect(agent.localAddress());
        OutputStream out = s.getOutputStream();
        byte[] junk = new byte[4096];
        random.nextBytes(junk);
        out.write(junk);
        out.write(request("MESSAGE", "t" + i, "", "").substring(0, 40).getBytes(UTF_8));
        out.flush();
      }
    }
    stillWorks("after the TCP garbage");
  }
}
