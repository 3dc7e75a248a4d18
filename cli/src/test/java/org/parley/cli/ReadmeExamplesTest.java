package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.cli.ReadmeExamples.Example;

/**
 * Issue 16: the README's examples work when pasted in order on a fresh machine. The commands are
 * read from README.md's shell blocks ({@link ReadmeExamples}), so an example changed there is run
 * as changed, and each one is run, in order, by bash in a {@link FreshCheckout} with the
 * repository's own {@code ./parley} launcher, as real processes on 127.0.0.1 ({@link ExampleText}
 * lists the only changes made to a command: free ports, a private {@code /tmp}, and the
 * placeholders filled in with what was printed).
 *
 * <p>A daemon ({@code relay}, {@code msrp listen}, {@code receive-files}, {@code chat --listen}) is
 * started and awaited until it prints its listening line; the relay runs to the end (the later
 * examples use it, as the README says), the others until their block of examples is done, then
 * SIGTERM stops them. Any other command must end with 0, and what it did is checked where its peer
 * shows it: the listener's message events, the receiver's verified files, the chat line arriving.
 * The interactive {@code parley chat} gets its input piped, as a person types a line and then
 * Ctrl-D once it has arrived (its screen is ChatKeysTest's and the others').
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReadmeExamplesTest {
  /** The examples that cannot run in a test, each with the reason. */
  private static final Map<String, String> SKIPPED =
      Map.of("mvn -B verify", "the test suite itself, of which this test is a part");

  /** Bound on a JVM's start until it listens, on a machine busy with other tests. */
  private static final long READY_SECONDS = 60;

  /** Bound on a command's run; the slowest failure a command has (SIP over UDP) takes 32 s. */
  private static final long RUN_SECONDS = 120;

  /** Starts of a daemon whose free port another program took before it could listen. */
  private static final int PORT_ATTEMPTS = 3;

  @TempDir Path tmp;

  private final List<Daemon> daemons = new ArrayList<>();
  private final Map<ExampleProcess, Integer> served = new HashMap<>();
  private FreshCheckout checkout;
  private ExampleText text;
  private int commands;

  /** A daemon of the README, running. */
  private record Daemon(ExampleKind kind, ExampleProcess process) {}

  @Test
  void theExamplesOfTheReadmeWorkPastedInOrder() throws Exception {
    Path repository = FreshCheckout.repository();
    List<Example> examples = ReadmeExamples.read(repository.resolve("README.md"));
    checkout = FreshCheckout.make(tmp.resolve("parley"), repository);
    text = new ExampleText(checkout.tmp);
    Set<String> skipped = new HashSet<>();
    int ran = 0;
    try {
      int block = 0;
      for (Example e : examples) {
        if (e.block() != block) {
          stopDaemons(false);
          block = e.block();
        }
        if (SKIPPED.containsKey(e.line())) {
          skipped.add(e.line());
          continue;
        }
        run(e);
        ran++;
      }
      stopDaemons(true);
    } finally {
      for (Daemon d : daemons) {
        d.process().close();
      }
    }
    assertThat(skipped).as("every skipped example is in the README").isEqualTo(SKIPPED.keySet());
    assertThat(ran).as("examples run").isGreaterThanOrEqualTo(15);
  }

  @Test
  void aDaemonWhoseFreePortWasTakenMeanwhileIsGivenAnother() throws Exception {
    ExampleText t = new ExampleText(tmp);
    String first = t.substitute("./parley relay", ExampleKind.RELAY);
    Set<String> chosen = ExampleText.addresses(first);
    assertThat(chosen).hasSize(1);
    int port = Integer.parseInt(chosen.iterator().next().replaceAll(".*:", ""));
    assertThat(t.substitute("./parley relay", ExampleKind.RELAY))
        .as("the same README port, the same free port")
        .isEqualTo(first);
    // Another program takes it between the choice and the relay's start.
    try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      t.forgetPorts("./parley relay", ExampleKind.RELAY);
      String second = t.substitute("./parley relay", ExampleKind.RELAY);
      assertThat(second).isNotEqualTo(first).doesNotContain(":" + port + ";");
      assertThat(
              t.substitute(
                  "./parley msrp send 'msrps://127.0.0.1:2855;tcp'", ExampleKind.MSRP_SEND))
          .as("later examples reach the daemon at its new port")
          .contains(ExampleText.addresses(second).iterator().next());
    }
  }

  @Test
  void shellBlocksAreReadAsTheyWouldBePasted() {
    List<Example> e =
        ReadmeExamples.parse(
            List.of(
                "## Start",
                "```sh",
                "# a comment",
                "./parley relay",
                "",
                "./parley load --relay 'x' \\",
                "    --pairs 10",
                "```",
                "```",
                "./parley not a command (a screen)",
                "```",
                "### Next",
                "```sh",
                "./parley chat --listen sip:bob@127.0.0.1:5062      # terminal 1",
                "#   {\"event\":\"listening\"}",
                "```"));
    assertThat(e)
        .containsExactly(
            new Example("Start", 1, "./parley relay"),
            new Example("Start", 1, "./parley load --relay 'x' --pairs 10"),
            new Example(
                "Next", 2, "./parley chat --listen sip:bob@127.0.0.1:5062      # terminal 1"));
    assertThat(ExampleKind.of(e.get(2).line())).isEqualTo(ExampleKind.CHAT_LISTEN);
  }

  private void run(Example e) throws Exception {
    ExampleKind kind = ExampleKind.of(e.line());
    String command = text.substitute(e.line(), kind);
    Path log = checkout.dir.resolve("example-" + ++commands + ".stderr");
    if (kind.daemon()) {
      for (int attempt = 1; ; attempt++) {
        ExampleProcess p = ExampleProcess.start(checkout, command, true, log);
        daemons.add(new Daemon(kind, p));
        String listening;
        try {
          listening =
              p.awaitLine("its listening line", l -> l.contains("listening"), READY_SECONDS);
        } catch (AssertionError notListening) {
          // The free ports were free when chosen; another program may have taken one since (the
          // daemon says so and exits). Anything else is the example's failure.
          if (attempt == PORT_ATTEMPTS
              || p.lines().stream().noneMatch(l -> l.contains("in use by another program"))) {
            throw notListening;
          }
          daemons.remove(daemons.size() - 1);
          p.close();
          text.forgetPorts(e.line(), kind);
          command = text.substitute(e.line(), kind);
          continue;
        }
        learn(kind, p, listening);
        return;
      }
    }
    try (ExampleProcess p = ExampleProcess.start(checkout, command, false, log)) {
      Daemon peer = peer(kind, command);
      if (kind == ExampleKind.CHAT) {
        String line = "Hello from the README, command " + commands;
        p.type(line);
        peer.process()
            .awaitLine("the chat line " + line, l -> l.endsWith("> " + line), RUN_SECONDS);
      }
      p.closeInput();
      assertThat(p.awaitExit(RUN_SECONDS)).as("exit code of %s\n%s", e, p.describe()).isZero();
      check(kind, p, peer);
    }
  }

  /** What a command did, as its peer (or its own output) shows it. */
  private void check(ExampleKind kind, ExampleProcess p, Daemon peer) throws Exception {
    switch (kind) {
      case MSRP_SEND ->
          peer.process()
              .awaitLines(
                  "a message event per send",
                  served.merge(peer.process(), 1, Integer::sum),
                  l -> l.contains("\"event\":\"message\""),
                  RUN_SECONDS);
      case SEND_FILE ->
          peer.process()
              .awaitLines(
                  "a verified file per send",
                  served.merge(peer.process(), 1, Integer::sum),
                  l -> l.startsWith("* received ") && l.contains("sha-1 verified"),
                  RUN_SECONDS);
      case PULL_FILE ->
          assertThat(p.lines())
              .as(p.describe())
              .anyMatch(l -> l.startsWith("* received ") && l.contains("sha-1 verified"));
      case LOAD -> assertThat(p.lines()).as(p.describe()).anyMatch(l -> l.contains(" 0 errors"));
      default -> {
        // its exit code says it
      }
    }
  }

  /** Reads what the README asks the reader to copy from a daemon's first lines. */
  private void learn(ExampleKind kind, ExampleProcess p, String listening) {
    if (kind == ExampleKind.RELAY) {
      // A relay started in a data directory that has its users already (a second relay of the
      // README) prints no demo account: the one printed first still holds.
      p.lines().stream()
          .filter(l -> l.contains("\"event\":\"demo-account\""))
          .findFirst()
          .ifPresent(a -> text.relayPassword(MsrpCommandsTest.field(a, "password")));
      if (!text.hasRelayPassword()) {
        throw new AssertionError("no demo account: " + p.describe());
      }
      if (listening.contains("\"fingerprint\"")) { // a relay without TLS has none
        text.relayFingerprint(MsrpCommandsTest.field(listening, "fingerprint"));
      }
    } else if (listening.contains("\"fingerprint\"")) {
      text.listenerFingerprint(MsrpCommandsTest.field(listening, "fingerprint"));
    }
  }

  /** The running daemon {@code command} talks to (one of its kind at one of its addresses). */
  private Daemon peer(ExampleKind kind, String command) {
    if (kind.peer() == null) {
      return null;
    }
    Set<String> addresses = ExampleText.addresses(command);
    List<Daemon> found =
        daemons.stream()
            .filter(d -> d.kind() == kind.peer())
            .filter(
                d ->
                    ExampleText.addresses(d.process().command).stream()
                        .anyMatch(addresses::contains))
            .toList();
    assertThat(found).as("the %s that %s talks to", kind.peer(), command).hasSize(1);
    return found.get(0);
  }

  /**
   * Stops the daemons of the block just done (with {@code all}, the relay too). One that ended by
   * itself (a chat listener after its session) must have ended well; the relay stops on SIGTERM
   * with 0 and says so, as its help promises.
   */
  private void stopDaemons(boolean all) throws Exception {
    for (Daemon d : List.copyOf(daemons)) {
      if (d.kind() == ExampleKind.RELAY && !all) {
        continue;
      }
      ExampleProcess p = d.process();
      if (d.kind() == ExampleKind.RELAY) {
        assertThat(p.terminate(READY_SECONDS)).as(p.describe()).isZero();
        assertThat(p.lines()).as(p.describe()).anyMatch(l -> l.contains("\"event\":\"stopped\""));
      } else if (p.isAlive()) {
        p.terminate(READY_SECONDS);
      } else {
        assertThat(p.awaitExit(READY_SECONDS)).as(p.describe()).isZero();
      }
      p.close();
      daemons.remove(d);
      served.remove(p);
    }
  }
}
