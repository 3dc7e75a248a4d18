package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Ctrl-C ends every command with exit code 130 once it has wound down, as {@code parley --help}
 * documents: the relay (what its SIGINT handler calls), the line-mode chat (BYE first) and the
 * interactive chat (the key). SIGTERM still stops the relay with 0 ({@code RelayCommandTest}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CtrlCExitCodeTest {
  private static final long WAIT_SECONDS = 30;

  @TempDir Path dir;

  @Test
  void theRelayStopsCleanlyAndExits130() throws Exception {
    ChatCommandTest.Lines out = new ChatCommandTest.Lines();
    CommandLine cl = Parley.commandLine();
    cl.setOut(new PrintWriter(out, true));
    RelayCommand relay = cl.getSubcommands().get("relay").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cl.execute(
                    "relay", "--listen", "msrp://127.0.0.1:0;tcp", "--data-dir", dir.toString()));
    out.next("listening");
    relay.interrupt();
    out.next("stopped");
    assertThat(exit.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Parley.INTERRUPTED);
  }

  @Test
  void theLineModeChatSaysByeAndExits130() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    ChatCommandTest.Running bob = new ChatCommandTest.Running("--listen", bobUri, "--json");
    bob.next("listening");
    PipedWriter pipe = new PipedWriter();
    PrintWriter toIn = new PrintWriter(pipe, true);
    ChatCommand alice = new ChatCommand(new BufferedReader(new PipedReader(pipe, 1 << 16)));
    ChatCommandTest.Lines aliceOut = new ChatCommandTest.Lines();
    CommandLine cmd = new CommandLine(alice);
    cmd.setOut(new PrintWriter(aliceOut, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> cmd.execute(bobUri, "--as", "sip:alice@127.0.0.1", "--json"));
    aliceOut.next("session");
    bob.next("session");
    // A message crosses the session, so that Bob's listener ends with it.
    toIn.println("hi");
    assertThat(field(bob.next("message"), "text")).isEqualTo("hi");

    alice.interrupt(); // what Ctrl-C does (CtrlC)
    assertThat(field(aliceOut.next("ended"), "reason")).isEqualTo("local_bye");
    assertThat(exit.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Parley.INTERRUPTED);
    assertThat(field(bob.next("ended"), "reason")).isEqualTo("remote_bye");
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
    toIn.close();
  }

  @Test
  void theInteractiveChatSaysByeAndExits130() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    try (ScreenCapture bob = ScreenCapture.listening("--listen", bobUri);
        ScreenCapture alice = new ScreenCapture(bobUri, "--as", "sip:alice@127.0.0.1")) {
      alice.awaitRow("in a session with " + bobUri);
      alice.type("hi\r");
      bob.awaitRow("alice", "hi");
      alice.interrupt(); // Ctrl-C
      assertThat(alice.exitCode()).isEqualTo(Parley.INTERRUPTED);
      // The chat stays on a session the peer ended, until its user leaves.
      bob.awaitRow("session over: alice hung up", "/quit or Ctrl-D to leave");
      bob.type("/quit\r");
      assertThat(bob.exitCode()).isEqualTo(Parley.OK);
    }
  }
}
