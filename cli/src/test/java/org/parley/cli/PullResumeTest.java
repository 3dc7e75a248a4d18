package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.ChatCommandTest.freePort;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileHash;
import org.parley.msrp.MsrpUri;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;
import picocli.CommandLine;

/**
 * {@code parley pull-file} interrupted, then run again: the second run resumes where the first
 * stopped although neither was given {@code --sha1} or {@code --size} (the part keeps them beside
 * it, from the sender's answer), says so, and checks the whole file. The cut is real: the MSRP
 * relay is reached through a forwarder that closes the puller's connection once a fixed number of
 * bytes went to it. And {@code --sha1} takes the hash as {@code sha1sum} prints it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PullResumeTest {
  private static final long WAIT_SECONDS = 30;
  private static final int SIZE = 1 << 20;

  @TempDir Path dir;

  private static int run(StringWriter out, String... args) {
    CommandLine cmd = Parley.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    return cmd.execute(args);
  }

  /** The first JSON line of {@code out} whose event is {@code event}. */
  private static String line(String out, String event) {
    for (String l : out.lines().toList()) {
      if (l.contains("\"event\":\"" + event + "\"")) {
        return l;
      }
    }
    throw new AssertionError("no '" + event + "' line in\n" + out);
  }

  /**
   * The relay listening at 127.0.0.1, handing out Use-Path URIs at 127.0.0.2 (same port), where the
   * forwarder is: its clients reach it there, as their sessions go to the Use-Path's host.
   */
  private Relay relay() throws Exception {
    Path users = dir.resolve("users.htdigest");
    Files.writeString(
        users,
        HtdigestUserStore.line("alice", "parley.test", "alice-secret")
            + "\n"
            + HtdigestUserStore.line("bob", "parley.test", "bob-secret")
            + "\n");
    return Relay.start(
        RelayConfig.builder()
            .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
            .host("127.0.0.2")
            .users(users)
            .realm("parley.test")
            .build());
  }

  @Test
  void aPullCutOffResumesWhenRunAgainWithTheNameAlone() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    Path mine = Files.createDirectories(dir.resolve("mine"));
    byte[] data = new byte[SIZE];
    new Random(16).nextBytes(data);
    Files.write(served.resolve("report.bin"), data);
    try (Relay relay = relay();
        CuttingForwarder cutter =
            new CuttingForwarder(
                "127.0.0.2",
                relay.uri().port(),
                new InetSocketAddress("127.0.0.1", relay.uri().port()),
                200_000)) {
      String through = relay.uri().toString(); // the forwarder's address
      String bobUri = "sip:bob@127.0.0.1:" + freePort();
      ChatCommandTest.Lines bob = new ChatCommandTest.Lines();
      CommandLine receiver = Parley.commandLine();
      receiver.setOut(new PrintWriter(bob, true));
      CompletableFuture<Integer> bobExit =
          CompletableFuture.supplyAsync(
              () ->
                  receiver.execute(
                      "receive-files",
                      "--listen",
                      bobUri,
                      "--dir",
                      dir.resolve("inbox").toString(),
                      "--serve",
                      served.toString(),
                      "--relay",
                      through,
                      "--relay-auth",
                      "bob:bob-secret",
                      "--count",
                      "2",
                      "--json"));
      bob.next("listening");

      StringWriter first = new StringWriter();
      int code =
          run(
              first,
              "pull-file",
              bobUri,
              "report.bin",
              "--dir",
              mine.toString(),
              "--relay",
              through,
              "--relay-auth",
              "alice:alice-secret",
              "--json");
      assertThat(cutter.awaitCut(WAIT_SECONDS)).isTrue();
      assertThat(code).as(first.toString()).isEqualTo(Parley.FAILED);
      assertThat(first.toString()).contains("\"event\":\"error\"").doesNotContain("resuming");
      long kept = Files.size(mine.resolve("report.bin.part"));
      assertThat(kept).isPositive().isLessThan(SIZE);
      assertThat(Files.readAllBytes(mine.resolve("report.bin.part")))
          .isEqualTo(Arrays.copyOf(data, (int) kept));
      // What the second run needs, beside the part: the size and hash the sender answered with.
      assertThat(Files.readString(mine.resolve("report.bin.part.selector")))
          .contains("size:" + SIZE)
          .contains("hash:sha-1:" + FileHash.of(served.resolve("report.bin")));
      assertThat(Files.exists(mine.resolve("report.bin"))).isFalse();

      StringWriter second = new StringWriter();
      code =
          run(
              second,
              "pull-file",
              bobUri,
              "report.bin",
              "--dir",
              mine.toString(),
              "--relay",
              through,
              "--relay-auth",
              "alice:alice-secret",
              "--json");
      assertThat(code).as(second.toString()).isZero();
      String resuming = line(second.toString(), "resuming");
      assertThat(field(resuming, "from")).isEqualTo(Long.toString(kept));
      assertThat(field(resuming, "size")).isEqualTo(Integer.toString(SIZE));
      String got = line(second.toString(), "received");
      assertThat(field(got, "from")).isEqualTo(Long.toString(kept));
      assertThat(field(got, "verified")).isEqualTo("true");
      assertThat(Files.readAllBytes(mine.resolve("report.bin"))).isEqualTo(data);
      assertThat(Files.exists(mine.resolve("report.bin.part"))).isFalse();
      assertThat(Files.exists(mine.resolve("report.bin.part.selector"))).isFalse();
      assertThat(field(bob.next("pull"), "range")).isEqualTo("null");
      assertThat(field(bob.next("pull"), "range")).isEqualTo((kept + 1) + "-" + SIZE);
      assertThat(bobExit.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Parley.FAILED);
    }
  }

  @Test
  void theHashIsTakenAsSha1sumPrintsItAndTheLineSaysWhereAResumeBegan() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    Path mine = Files.createDirectories(dir.resolve("mine"));
    byte[] data = new byte[100_000];
    new Random(17).nextBytes(data);
    Path file = Files.write(served.resolve("notes.bin"), data);
    String rfc5547 = FileHash.of(file);
    String sha1sum = rfc5547.replace(":", "").toLowerCase(Locale.ROOT);
    Files.write(mine.resolve("notes.bin.part"), Arrays.copyOf(data, 30_000));
    Files.writeString(
        mine.resolve("notes.bin.part.selector"),
        "name:\"notes.bin\" size:100000 hash:sha-1:" + rfc5547 + "\n");
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    ChatCommandTest.Lines bob = new ChatCommandTest.Lines();
    CommandLine receiver = Parley.commandLine();
    receiver.setOut(new PrintWriter(bob, true));
    CompletableFuture<Integer> bobExit =
        CompletableFuture.supplyAsync(
            () ->
                receiver.execute(
                    "receive-files",
                    "--listen",
                    bobUri,
                    "--dir",
                    dir.resolve("inbox").toString(),
                    "--serve",
                    served.toString(),
                    "--count",
                    "1"));
    bob.lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);

    StringWriter bad = new StringWriter();
    assertThat(
            run(bad, "pull-file", bobUri, "notes.bin", "--dir", mine.toString(), "--sha1", "xyz"))
        .isEqualTo(Parley.INVALID_INPUT);
    assertThat(bad.toString().trim()).startsWith("* error: --sha1: ").contains("sha1sum");

    StringWriter out = new StringWriter();
    int code =
        run(out, "pull-file", bobUri, "notes.bin", "--dir", mine.toString(), "--sha1", sha1sum);
    assertThat(code).as(out.toString()).isZero();
    String[] lines = out.toString().trim().lines().toArray(String[]::new);
    assertThat(lines[0]).isEqualTo("* notes.bin: resumed at 30000 bytes of 100000");
    assertThat(lines[lines.length - 1])
        .isEqualTo("* received notes.bin (100000 bytes, resumed at 30000 bytes, sha-1 verified)");
    assertThat(Files.readAllBytes(mine.resolve("notes.bin"))).isEqualTo(data);
    assertThat(bobExit.get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
  }
}
