package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every option naming where received files go is checked when its command starts: a missing
 * directory is made (the README's {@code chat --listen … --dir /tmp/bob} on a fresh machine), a
 * file or an unwritable place stops the command at once with the reason.
 */
@Timeout(120)
class SaveDirectoryTest {
  @TempDir Path tmp;

  private static int run(StringWriter out, String... args) {
    CommandLine cmd = Parley.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(out, true));
    return cmd.execute(args);
  }

  @Test
  void aChatListeningWithAMissingDirectoryMakesItBeforeAnyFileComes() throws Exception {
    Path dir = tmp.resolve("bob").resolve("inbox");
    ChatCommandTest.Running bob =
        new ChatCommandTest.Running(
            "--listen",
            "sip:bob@127.0.0.1:" + ChatCommandTest.freePort(),
            "--json",
            "--dir",
            dir.toString());
    bob.next("listening");
    assertThat(dir).isDirectory();
    bob.stdin.close();
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void aFileWhereADirectoryShouldBeStopsEveryCommandAtOnce() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    String port = Integer.toString(ChatCommandTest.freePort());
    String[][] commands = {
      {"chat", "--listen", "sip:bob@127.0.0.1:" + port, "--json", "--dir", file.toString()},
      {"receive-files", "--listen", "sip:bob@127.0.0.1:" + port, "--dir", file.toString()},
      {"pull-file", "sip:bob@127.0.0.1:" + port, "a.txt", "--dir", file.toString()},
      {"msrp", "listen", "--uri", "msrp://127.0.0.1:0/s1;tcp", "--save-dir", file.toString()},
    };
    for (String[] args : commands) {
      StringWriter out = new StringWriter();
      assertThat(run(out, args)).as(String.join(" ", args)).isEqualTo(Parley.INVALID_INPUT);
      assertThat(out.toString()).as(args[0]).contains(file + " is a file, not a directory");
    }
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void aDirectoryThatCannotBeMadeIsNamedWithTheReason() throws Exception {
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    Path below = file.resolve("sub");
    StringWriter out = new StringWriter();
    assertThat(
            run(
                out,
                "receive-files",
                "--listen",
                "sip:bob@127.0.0.1:" + ChatCommandTest.freePort(),
                "--dir",
                below.toString()))
        .isEqualTo(Parley.INVALID_INPUT);
    assertThat(out.toString()).contains("--dir " + below + " cannot be created");
  }
}
