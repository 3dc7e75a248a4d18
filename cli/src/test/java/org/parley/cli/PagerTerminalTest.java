package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code parley chat --pager} on pseudo-terminals: the same screen and commands as a session.
 * {@code /help}, F1 and {@code /quit} are commands, never MESSAGEs to the peer, and the listening
 * side's lines go back to where the last MESSAGE came from, although the caller's address of record
 * ({@code sip:alice@127.0.0.1}) names no port it listens on.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PagerTerminalTest {
  /** Whether {@code screen} has a conversation row where {@code who} says {@code text}. */
  private static boolean said(String screen, String who, String text) {
    return screen
        .lines()
        .anyMatch(
            r ->
                r.matches(
                    "\\d\\d:\\d\\d " + who + " +" + java.util.regex.Pattern.quote(text) + ".*"));
  }

  @Test
  void bothSidesTypeAndTheCommandsStayCommands() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    try (ScreenCapture bob = ScreenCapture.listening("--listen", bobUri, "--pager");
        ScreenCapture alice = new ScreenCapture(bobUri, "--pager", "--as", "sip:alice@127.0.0.1")) {
      bob.awaitRow("pager mode: a line goes, as a SIP MESSAGE, to whoever last sent one here");
      alice.awaitRow("pager mode: each line goes to " + bobUri);
      alice.awaitRow("parley chat", bobUri, "pager");

      alice.type("Hello Bob\r");
      String row = ScreenCapture.row(bob.awaitRow("alice", "Hello Bob"), "alice", "Hello Bob");
      assertThat(row).matches("\\d\\d:\\d\\d alice +Hello Bob *");
      alice.awaitRow("alice", "Hello Bob", "·");
      bob.awaitRow("parley chat", "sip:alice@127.0.0.1", "pager");

      bob.type("/help\r");
      bob.awaitRow("/quit", "end the session");
      // Bob answers where Alice's MESSAGE came from: her address of record has no port.
      bob.type("Hi Alice\r");
      alice.awaitRow("bob", "Hi Alice");
      bob.awaitRow("bob", "Hi Alice", "·");
      assertThat(said(alice.text(), "bob", "/help")).isFalse();

      alice.type("\033OP"); // F1
      alice.awaitRow("/quit", "end the session");
      alice.type("/quit\r");
      assertThat(alice.exitCode()).isEqualTo(Parley.OK);
      bob.type("/quit\r");
      assertThat(bob.exitCode()).isEqualTo(Parley.OK);
      String bobSaw = bob.text();
      assertThat(said(bobSaw, "alice", "/help")).isFalse();
      assertThat(said(bobSaw, "alice", "/quit")).isFalse();
    }
  }
}
