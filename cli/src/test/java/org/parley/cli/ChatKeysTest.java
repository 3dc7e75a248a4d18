package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;

/**
 * The keys of the interactive {@code parley chat} on a pseudo-terminal, read off the screen as a
 * person sees it: history, keys that have no binding, scroll-back, F1, a resized window, and Ctrl-Z
 * then {@code fg}. A listening chat needs no peer for any of this.
 */
class ChatKeysTest {
  private static ScreenCapture listening() throws Exception {
    return ScreenCapture.listening("--listen", "sip:bob@127.0.0.1:" + ChatCommandTest.freePort());
  }

  @Test
  void upAndDownWalkTheLinesSentAndNoEscapeSequenceIsTyped() throws Exception {
    try (ScreenCapture bob = listening()) {
      bob.type("first\r");
      bob.awaitRow("no session yet: not sent");
      bob.type("second\r");
      bob.type("draft");
      bob.awaitRow("> draft");
      bob.type("\033[A");
      bob.awaitRow("> second");
      bob.type("\033OA"); // the keypad's Up
      bob.awaitRow("> first");
      bob.type("\033[A");
      bob.type("\033[B");
      bob.awaitRow("> second");
      bob.type("\033[B");
      bob.awaitRow("> draft");
      // Ctrl-Up, F5, F2, Alt-x, PgUp with nothing to scroll: none of them types anything.
      bob.type("\033[1;5A\033[15~\033OQ\033[5~x");
      String screen = bob.awaitRow("> draftx");
      assertThat(screen).doesNotContain("[1;5A").doesNotContain("15~").doesNotContain("OQ");
      assertThat(ScreenCapture.row(screen, "> draftx").strip()).isEqualTo("> draftx");
    }
  }

  @Test
  void pageUpScrollsBackPageDownReturnsAndF1ShowsTheHelp() throws Exception {
    try (ScreenCapture bob = listening()) {
      // The oldest row, known by its words: a row is compared whole only once drawn whole.
      String first = "* listening at";
      for (int i = 0; i < 4; i++) {
        bob.type("/help\r");
      }
      bob.await("the first rows scrolled away", s -> !s.split("\n")[1].contains(first));
      bob.type("\033[5~\033[5~\033[5~");
      bob.awaitRow("more rows (PgDn)");
      bob.await("the first row back on top", s -> s.split("\n")[1].contains(first));
      bob.type("\033[6~\033[6~\033[6~");
      bob.await("the newest rows", s -> !s.contains("more rows"));
      bob.type("\033[5~");
      bob.awaitRow("more rows (PgDn)");
      // F1 shows the help and the view follows it to the bottom.
      bob.type("\033OP");
      bob.await("the help at the bottom", s -> !s.contains("more rows"));
      assertThat(bob.text()).contains("Up, Down       the lines sent before");
    }
  }

  @Test
  void aResizedWindowIsRedrawnAndCtrlZGivesTheTerminalBackUntilFg() throws Exception {
    try (ScreenCapture bob = listening()) {
      bob.type("typed");
      bob.awaitRow("> typed");
      bob.resize(60, 12);
      // The input row is the last of 12, and the title bar ends at column 60.
      bob.await(
          "the screen drawn for 60 x 12",
          s -> {
            String[] rows = s.split("\n", -1);
            return rows.length >= 12
                && rows[11].startsWith("> typed")
                && rows[0].stripTrailing().endsWith("/help")
                && rows[0].stripTrailing().length() == 59;
          });
      assertThat(bob.attributes().getLocalFlag(LocalFlag.ICANON)).isFalse();
      bob.raise(Terminal.Signal.TSTP);
      // Stopped: the terminal is as the shell gave it, echoing whole lines.
      assertThat(bob.attributes().getLocalFlag(LocalFlag.ICANON)).isTrue();
      assertThat(bob.attributes().getLocalFlag(LocalFlag.ECHO)).isTrue();
      bob.raise(Terminal.Signal.CONT);
      assertThat(bob.attributes().getLocalFlag(LocalFlag.ICANON)).isFalse();
      bob.type(" more");
      bob.awaitRow("> typed more");
    }
  }
}
