package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.ChatCommandTest.freePort;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileHash;
import org.parley.relay.Relay;
import org.parley.sdp.FileSelector;
import picocli.CommandLine;

/** {@code parley receive-files} and {@code parley send-file} in this process, on 127.0.0.1. */
class FileCommandsTest {
  private static final long WAIT_SECONDS = 30;

  @TempDir Path dir;

  private static int run(StringWriter out, String... args) {
    CommandLine cmd = Parley.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    return cmd.execute(args);
  }

  /**
   * A {@code receive-files} running in this process: its SIP URI, its stdout, its first line
   * (listening) and its exit code to come.
   */
  private record Receiver(
      String uri, ChatCommandTest.Lines out, String listening, CompletableFuture<Integer> exit) {
    int exitCode() throws Exception {
      return exit.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts {@code receive-files --listen sip:bob@127.0.0.1:PORT --dir dir} with {@code more}
   * options on a free port, and waits for its first line.
   */
  private static Receiver receiveFiles(Path dir, String... more) throws Exception {
    String uri = "sip:bob@127.0.0.1:" + freePort();
    String[] args =
        Stream.concat(
                Stream.of("receive-files", "--listen", uri, "--dir", dir.toString()),
                Stream.of(more))
            .toArray(String[]::new);
    ChatCommandTest.Lines out = new ChatCommandTest.Lines();
    CommandLine receiver = Parley.commandLine();
    receiver.setOut(new PrintWriter(out, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> receiver.execute(args));
    String listening = out.lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(listening).as("receive-files did not start").isNotNull();
    return new Receiver(uri, out, listening, exit);
  }

  /** {@code size} random bytes from {@code seed}. */
  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  /**
   * What a transfer of {@code name} ({@code data}) cut after {@code kept} bytes leaves in {@code
   * in}: the part and its offer (the cut itself: sip's FileTransferTest).
   */
  private static void part(Path in, String name, byte[] data, int kept, FileSelector offered)
      throws IOException {
    Files.write(in.resolve(name + ".part"), Arrays.copyOf(data, kept));
    Files.writeString(in.resolve(name + ".part.selector"), offered + "\n");
  }

  /**
   * {@code data} as {@code doc.bin} here, and in {@code inbox} what a transfer of it cut after
   * {@code kept} bytes left.
   */
  private Path docAndPart(Path inbox, byte[] data, int kept) throws IOException {
    Path file = Files.write(dir.resolve("doc.bin"), data);
    part(
        inbox,
        "doc.bin",
        data,
        kept,
        FileSelector.builder()
            .name("doc.bin")
            .type("application/octet-stream")
            .size(data.length)
            .hash(FileHash.SHA_1, FileHash.of(file))
            .build());
    return file;
  }

  /**
   * The last line of {@code out}, which must be the {@code event}; earlier ones are progress (and
   * the {@code resuming} event a resumed pull starts with).
   */
  private static String last(StringWriter out, String event) {
    String[] lines = out.toString().trim().split("\\R");
    for (int i = 0; i < lines.length - 1; i++) {
      if (i == 0 && field(lines[i], "event").equals("resuming")) {
        continue;
      }
      assertThat(field(lines[i], "event")).isEqualTo("progress");
      assertThat(Long.parseLong(field(lines[i], "bytes")))
          .isLessThanOrEqualTo(Long.parseLong(field(lines[i], "total")));
    }
    String line = lines[lines.length - 1];
    assertThat(field(line, "event")).isEqualTo(event);
    return line;
  }

  @Test
  void filesSentWithSendFileArriveVerifiedInReceiveFilesDirectory() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    byte[] data = random(64 * 1024, 7);
    Path big = Files.write(dir.resolve("big.bin"), data);
    Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
    Receiver bob = receiveFiles(inbox, "--count", "2", "--json");

    for (Path f : new Path[] {big, empty}) {
      StringWriter sent = new StringWriter();
      int code =
          run(sent, "send-file", bob.uri(), f.toString(), "--as", "sip:alice@127.0.0.1", "--json");
      assertThat(code).as(sent.toString()).isZero();
      String line = last(sent, "sent");
      assertThat(field(line, "event")).isEqualTo("sent");
      assertThat(field(line, "name")).isEqualTo(f.getFileName().toString());
      assertThat(field(line, "sha1")).isEqualTo(FileHash.of(f));

      String offer = bob.out().next("offer");
      assertThat(field(offer, "from")).isEqualTo("sip:alice@127.0.0.1");
      String got = bob.out().next("received");
      assertThat(field(got, "name")).isEqualTo(f.getFileName().toString());
      assertThat(field(got, "bytes")).isEqualTo(Long.toString(Files.size(f)));
      assertThat(field(got, "sha1")).isEqualTo(FileHash.of(f));
      assertThat(field(got, "verified")).isEqualTo("true");
    }
    assertThat(bob.exitCode()).isZero();
    assertThat(Files.readAllBytes(inbox.resolve("big.bin"))).isEqualTo(data);
    assertThat(Files.size(inbox.resolve("empty.txt"))).isZero();
  }

  @Test
  void aPartLeftByABrokenTransferIsResumedWithTheMissingBytesOnly() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    byte[] data = random(300_000, 8);
    Path file = docAndPart(inbox, data, 120_000);
    Receiver bob = receiveFiles(inbox, "--count", "1", "--json");

    StringWriter sent = new StringWriter();
    assertThat(run(sent, "send-file", bob.uri(), file.toString(), "--json"))
        .as(sent.toString())
        .isZero();

    String line = last(sent, "sent");
    assertThat(field(line, "from")).isEqualTo("120000");
    assertThat(field(line, "bytes")).isEqualTo("300000");
    assertThat(field(bob.out().next("offer"), "partial")).isEqualTo("120000");
    String got = bob.out().next("received");
    assertThat(field(got, "from")).isEqualTo("120000");
    assertThat(field(got, "verified")).isEqualTo("true");
    assertThat(bob.exitCode()).isZero();
    assertThat(Files.readAllBytes(inbox.resolve("doc.bin"))).isEqualTo(data);
    assertThat(Files.exists(inbox.resolve("doc.bin.part"))).isFalse();
  }

  @Test
  void noResumeReceivesTheWholeFileAgain() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    byte[] data = random(50_000, 9);
    Path file = docAndPart(inbox, data, 20_000);
    Receiver bob = receiveFiles(inbox, "--count", "1", "--no-resume");
    assertThat(bob.listening()).startsWith("* listening at ");

    StringWriter sent = new StringWriter();
    assertThat(run(sent, "send-file", bob.uri(), file.toString())).as(sent.toString()).isZero();
    assertThat(bob.exitCode()).isZero();

    // Plain output off a terminal: the progress bar's final line, then the summary.
    String[] lines = sent.toString().trim().split("\\R");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("100% ").contains("48.8 KiB / 48.8 KiB").endsWith("done");
    assertThat(lines[1]).startsWith("* sent doc.bin (50000 bytes, sha-1 ");
    List<String> received = new ArrayList<>();
    bob.out().lines.drainTo(received);
    assertThat(received).anySatisfy(l -> assertThat(l).endsWith("(50000 bytes)"));
    assertThat(received)
        .anySatisfy(
            l -> assertThat(l).startsWith("* received doc.bin (50000 bytes, sha-1 verified"));
    assertThat(Files.readAllBytes(inbox.resolve("doc.bin"))).isEqualTo(data);
  }

  @Test
  void filesGoThroughAnMsrpRelay() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    byte[] data = random(1 << 20, 10);
    Path file = Files.write(dir.resolve("relayed.bin"), data);
    try (Relay relay = TestRelay.start(dir)) {
      String relayUri = relay.uri().toString();
      Receiver bob =
          receiveFiles(
              inbox,
              "--count",
              "1",
              "--relay",
              relayUri,
              "--relay-auth",
              "bob:bob-secret",
              "--json");

      StringWriter sent = new StringWriter();
      int code =
          run(
              sent,
              "send-file",
              bob.uri(),
              file.toString(),
              "--as",
              "sip:alice@127.0.0.1",
              "--relay",
              relayUri,
              "--relay-auth",
              "alice:alice-secret",
              "--json");
      assertThat(code).as(sent.toString()).isZero();
      assertThat(field(last(sent, "sent"), "verified")).isEqualTo("true");
      assertThat(field(bob.out().next("received"), "verified")).isEqualTo("true");
      assertThat(bob.exitCode()).isZero();
      assertThat(Files.readAllBytes(inbox.resolve("relayed.bin"))).isEqualTo(data);
    }
  }

  @Test
  void pullFileResumesFromReceiveFilesServingADirectory() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    Path mine = Files.createDirectories(dir.resolve("mine"));
    byte[] data = random(200_000, 12);
    Path file = Files.write(served.resolve("report.pdf"), data);
    String sha1 = FileHash.of(file);
    part(
        mine,
        "report.pdf",
        data,
        75_000,
        FileSelector.builder().name("report.pdf").size(200_000).hash(FileHash.SHA_1, sha1).build());
    Receiver bob = receiveFiles(dir, "--serve", served.toString(), "--count", "1", "--json");

    StringWriter wrong = new StringWriter();
    int refused =
        run(wrong, "pull-file", bob.uri(), "other.pdf", "--dir", mine.toString(), "--json");
    assertThat(refused).as(wrong.toString()).isEqualTo(Parley.FAILED);
    assertThat(field(last(wrong, "error"), "error")).contains("603");
    assertThat(bob.out().next("refused")).contains("other.pdf");

    StringWriter pulled = new StringWriter();
    int code =
        run(
            pulled,
            "pull-file",
            bob.uri(),
            "report.pdf",
            "--dir",
            mine.toString(),
            "--sha1",
            sha1,
            "--size",
            "200000",
            "--json");
    assertThat(code).as(pulled.toString()).isZero();
    String resuming = pulled.toString().lines().findFirst().orElseThrow();
    assertThat(field(resuming, "event")).isEqualTo("resuming");
    assertThat(field(resuming, "from")).isEqualTo("75000");
    String got = last(pulled, "received");
    assertThat(field(got, "from")).isEqualTo("75000");
    assertThat(field(got, "verified")).isEqualTo("true");
    assertThat(field(bob.out().next("pull"), "range")).isEqualTo("75001-200000");
    assertThat(field(bob.out().next("served"), "from")).isEqualTo("75000");
    assertThat(bob.exitCode()).isZero();
    assertThat(Files.readAllBytes(mine.resolve("report.pdf"))).isEqualTo(data);
  }

  @Test
  void aRelayWithoutAccountIsInvalidInput() {
    StringWriter out = new StringWriter();
    int code =
        run(
            out,
            "send-file",
            "sip:bob@127.0.0.1:5999",
            dir.toString(),
            "--relay",
            "msrp://127.0.0.1:2855;tcp",
            "--json");
    assertThat(code).isEqualTo(Parley.INVALID_INPUT);
    assertThat(field(out.toString().trim(), "error")).contains("--relay-auth");
  }

  @Test
  void aMissingFileIsInvalidInput() {
    StringWriter out = new StringWriter();
    int code =
        run(out, "send-file", "sip:bob@127.0.0.1:5999", dir.resolve("nope").toString(), "--json");
    assertThat(code).isEqualTo(Parley.INVALID_INPUT);
    assertThat(field(out.toString().trim(), "event")).isEqualTo("error");
  }
}
