package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.ChatCommandTest.freePort;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipListener;
import picocli.CommandLine;

/**
 * Peer text with terminal escape sequences (ESC, CSI as C1, BEL, a lone CR) printed by the line
 * mode of {@code parley chat} and by {@code parley receive-files}: no control character but the
 * line break reaches the output; the JSON output carries the text exactly, escaped.
 */
@Timeout(120)
class TerminalInjectionTest {
  private static final long WAIT_SECONDS = 30;

  /** Retitles the terminal, clears it, turns red (C1 CSI), and overwrites the line (CR). */
  private static final String EVIL =
      "hi \u001b]0;owned\u0007\u001b[2J\u009b31mred\rfake\nsecond line\tend";

  @TempDir Path dir;

  private SipAgent alice;

  @AfterEach
  void close() {
    if (alice != null) {
      alice.close();
    }
  }

  private void startAlice() {
    alice = SipAgent.start(SipConfig.builder("sip:alice@127.0.0.1").build(), new SipListener() {});
  }

  /** Every character a terminal acts on, but for the line break. */
  private static void assertHarmless(String text) {
    for (char c : text.toCharArray()) {
      assertThat(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
          .as("control U+%04X in %s", (int) c, text)
          .isFalse();
    }
  }

  /** Lines until one contains {@code part}. */
  private static List<String> until(ChatCommandTest.Lines out, String part) throws Exception {
    List<String> seen = new ArrayList<>();
    while (true) {
      String line = out.lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(line).as("no line with '" + part + "' came: " + seen).isNotNull();
      seen.add(line);
      if (line.contains(part)) {
        return seen;
      }
    }
  }

  @Test
  void aPagerMessageWithEscapesPrintsNoControlCharacterInLineMode() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    ChatCommandTest.Running bob = new ChatCommandTest.Running("--listen", bobUri, "--pager");
    until(bob.stdout, "listening");
    startAlice();

    assertThat(
            alice
                .message(bobUri, "text/plain;charset=UTF-8", EVIL.getBytes(StandardCharsets.UTF_8))
                .get(WAIT_SECONDS, TimeUnit.SECONDS)
                .code())
        .isEqualTo(200);

    List<String> lines = until(bob.stdout, "second line");
    String shown = String.join("\n", lines.subList(lines.size() - 2, lines.size()));
    assertThat(shown).contains("sip:alice@127.0.0.1> hi ").contains("red").contains("end");
    assertThat(shown).contains("\ufffd").contains("second line    end");
    lines.forEach(TerminalInjectionTest::assertHarmless);
    bob.stdin.close();
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void jsonCarriesThePeersTextExactlyEscaped() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    ChatCommandTest.Running bob =
        new ChatCommandTest.Running("--listen", bobUri, "--pager", "--json");
    bob.next("listening");
    startAlice();
    alice
        .message(bobUri, "text/plain;charset=UTF-8", EVIL.getBytes(StandardCharsets.UTF_8))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);

    String m = bob.next("message");
    assertHarmless(m);
    assertThat(m)
        .contains("hi \\u001b]0;owned\\u0007\\u001b[2J\\u009b31mred\\rfake\\nsecond line\\tend");
    bob.stdin.close();
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void aFileNameWithEscapesPrintsNoControlCharacterFromReceiveFiles() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Path file = Files.writeString(dir.resolve("evil\u001b[2J\u001b]0;owned\u0007.txt"), "data");
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    ChatCommandTest.Lines out = new ChatCommandTest.Lines();
    CommandLine receiver = Parley.commandLine();
    receiver.setOut(new PrintWriter(out, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                receiver.execute(
                    "receive-files",
                    "--listen",
                    bobUri,
                    "--dir",
                    inbox.toString(),
                    "--count",
                    "1"));
    until(out, "listening");
    startAlice();

    alice.sendFile(bobUri, file, "text/plain").get(WAIT_SECONDS, TimeUnit.SECONDS);

    List<String> lines = until(out, "received");
    assertThat(String.join("\n", lines)).contains("evil\ufffd[2J\ufffd]0;owned\ufffd.txt");
    lines.forEach(TerminalInjectionTest::assertHarmless);
    assertThat(exit.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Parley.OK);
  }
}
