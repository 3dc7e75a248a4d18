package org.parley.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.ChatCommandTest.freePort;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.cli.ChatCommandTest.Running;

/**
 * A caller that sends its first messages as soon as its MSRP connection is up, before its ACK: a
 * listening {@code parley chat} acknowledges them (200), so it must show them, although its
 * reception settles which set-up is the chat's only afterwards. The caller is a raw SIP socket and
 * a raw MSRP connection, which send in the order the test dictates.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChatFirstMessagesTest {
  private static final String CALL_ID = "first-messages";
  private static final String CAROL_PATH = "msrp://127.0.0.1:9/" + CALL_ID + ";tcp";

  @Test
  void messagesAcknowledgedBeforeTheAckAreShownInOrder() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    Running bob = new Running("--listen", bobUri, "--json");
    bob.next("listening");
    List<String> texts = List.of("one", "two", "three");
    try (RawUdpSip carol = new RawUdpSip(bobUri)) {
      carol.send(carol.invite(CALL_ID, 9, "active"));
      String ok = carol.finalResponse("INVITE", CALL_ID);
      assertThat(ok).startsWith("SIP/2.0 200");
      URI bobPath = URI.create(sdpPath(ok));
      try (Socket msrp = new Socket(bobPath.getHost(), bobPath.getPort())) {
        StringBuilder sends = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
          sends.append(send("tx-" + i, bobPath.toString(), texts.get(i)));
        }
        OutputStream out = msrp.getOutputStream();
        out.write(sends.toString().getBytes(UTF_8)); // one write: all before the ACK
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(msrp.getInputStream(), UTF_8));
        for (int i = 0; i < texts.size(); i++) {
          assertThat(in.readLine()).isEqualTo("MSRP tx-" + i + " 200 OK");
          while (!in.readLine().startsWith("-------tx-" + i)) {
            // the response's header lines
          }
        }
        carol.send(carol.inDialog("ACK", 1, ok));
        for (String text : texts) {
          assertThat(field(bob.next("message"), "text")).isEqualTo(text);
        }
        carol.send(carol.inDialog("BYE", 2, ok));
        assertThat(carol.finalResponse("BYE", CALL_ID)).startsWith("SIP/2.0 200");
        assertThat(field(bob.next("ended"), "reason")).isEqualTo("remote_bye");
      }
    }
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  /** The a=path of an SDP body (one URI: no relay). */
  private static String sdpPath(String sip) {
    for (String line : sip.split("\r\n")) {
      if (line.startsWith("a=path:")) {
        return line.substring("a=path:".length()).trim();
      }
    }
    throw new AssertionError("no a=path in " + sip);
  }

  private static String send(String tid, String to, String text) {
    return "MSRP "
        + tid
        + " SEND\r\n"
        + "To-Path: "
        + to
        + "\r\n"
        + "From-Path: "
        + CAROL_PATH
        + "\r\n"
        + "Message-ID: m-"
        + tid
        + "\r\n"
        + "Byte-Range: 1-"
        + text.length()
        + "/"
        + text.length()
        + "\r\n"
        + "Content-Type: text/plain\r\n\r\n"
        + text
        + "\r\n-------"
        + tid
        + "$\r\n";
  }
}
