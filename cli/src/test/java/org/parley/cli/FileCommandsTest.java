package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileDescription;
import org.parley.im.FileHash;
import org.parley.msrp.MsrpUri;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;
import picocli.CommandLine;

/** {@code parley receive-files} and {@code parley send-file} in this process, on 127.0.0.1. */
class FileCommandsTest {
  private static final long WAIT_SECONDS = 30;

  @TempDir Path dir;

  private static int freePort() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    while (true) {
      int p;
      try (ServerSocket s = new ServerSocket(0, 1, lo)) {
        p = s.getLocalPort();
      }
      try (DatagramSocket d = new DatagramSocket(p, lo)) {
        return p;
      } catch (IOException taken) {
        // try another
      }
    }
  }

  private static String nextLine(ChatCommandTest.Lines out, String event) throws Exception {
    while (true) {
      String line = out.lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(line).as("no '" + event + "' line came").isNotNull();
      if (field(line, "event").equals(event)) {
        return line;
      }
    }
  }

  private static int run(StringWriter out, String... args) {
    CommandLine cmd = Parley.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    return cmd.execute(args);
  }

  @Test
  void filesSentWithSendFileArriveVerifiedInReceiveFilesDirectory() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    byte[] data = new byte[64 * 1024];
    new Random(7).nextBytes(data);
    Path big = Files.write(dir.resolve("big.bin"), data);
    Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
    String bob = "sip:bob@127.0.0.1:" + freePort();

    ChatCommandTest.Lines receiverOut = new ChatCommandTest.Lines();
    CommandLine receiver = Parley.commandLine();
    receiver.setOut(new PrintWriter(receiverOut, true));
    CompletableFuture<Integer> receiving =
        CompletableFuture.supplyAsync(
            () ->
                receiver.execute(
                    "receive-files",
                    "--listen",
                    bob,
                    "--dir",
                    inbox.toString(),
                    "--count",
                    "2",
                    "--json"));
    nextLine(receiverOut, "listening");

    for (Path f : new Path[] {big, empty}) {
      StringWriter sent = new StringWriter();
      int code = run(sent, "send-file", bob, f.toString(), "--as", "sip:alice@127.0.0.1", "--json");
      assertThat(code).as(sent.toString()).isZero();
      String line = last(sent, "sent");
      assertThat(field(line, "event")).isEqualTo("sent");
      assertThat(field(line, "name")).isEqualTo(f.getFileName().toString());
      assertThat(field(line, "sha1")).isEqualTo(FileHash.of(f));

      String offer = nextLine(receiverOut, "offer");
      assertThat(field(offer, "from")).isEqualTo("sip:alice@127.0.0.1");
      String got = nextLine(receiverOut, "received");
      assertThat(field(got, "name")).isEqualTo(f.getFileName().toString());
      assertThat(field(got, "bytes")).isEqualTo(Long.toString(Files.size(f)));
      assertThat(field(got, "sha1")).isEqualTo(FileHash.of(f));
      assertThat(field(got, "verified")).isEqualTo("true");
    }
    assertThat(receiving.get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
    assertThat(Files.readAllBytes(inbox.resolve("big.bin"))).isEqualTo(data);
    assertThat(Files.size(inbox.resolve("empty.txt"))).isZero();
  }

  /** The last line of {@code out}, which must be the {@code event}; earlier ones are progress. */
  private static String last(StringWriter out, String event) {
    String[] lines = out.toString().trim().split("\\R");
    for (int i = 0; i < lines.length - 1; i++) {
      assertThat(field(lines[i], "event")).isEqualTo("progress");
      assertThat(Long.parseLong(field(lines[i], "bytes")))
          .isLessThanOrEqualTo(Long.parseLong(field(lines[i], "total")));
    }
    String line = lines[lines.length - 1];
    assertThat(field(line, "event")).isEqualTo(event);
    return line;
  }

  private static CompletableFuture<Integer> receive(ChatCommandTest.Lines out, String... args) {
    CommandLine receiver = Parley.commandLine();
    receiver.setOut(new PrintWriter(out, true));
    return CompletableFuture.supplyAsync(() -> receiver.execute(args));
  }

  @Test
  void aPartLeftByABrokenTransferIsResumedWithTheMissingBytesOnly() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    byte[] data = new byte[300_000];
    new Random(8).nextBytes(data);
    Path file = Files.write(dir.resolve("doc.bin"), data);
    // What a transfer cut after 120,000 bytes leaves (the cut itself: sip's FileTransferTest).
    Files.write(inbox.resolve("doc.bin.part"), Arrays.copyOf(data, 120_000));
    Files.writeString(
        inbox.resolve("doc.bin.part.selector"),
        FileDescription.of(file, "application/octet-stream").fileSelector() + "\n");
    String bob = "sip:bob@127.0.0.1:" + freePort();
    ChatCommandTest.Lines receiverOut = new ChatCommandTest.Lines();
    CompletableFuture<Integer> receiving =
        receive(
            receiverOut,
            "receive-files",
            "--listen",
            bob,
            "--dir",
            inbox.toString(),
            "--count",
            "1",
            "--json");
    nextLine(receiverOut, "listening");

    StringWriter sent = new StringWriter();
    assertThat(run(sent, "send-file", bob, file.toString(), "--json")).as(sent.toString()).isZero();

    String line = last(sent, "sent");
    assertThat(field(line, "from")).isEqualTo("120000");
    assertThat(field(line, "bytes")).isEqualTo("300000");
    assertThat(field(nextLine(receiverOut, "offer"), "partial")).isEqualTo("120000");
    String got = nextLine(receiverOut, "received");
    assertThat(field(got, "from")).isEqualTo("120000");
    assertThat(field(got, "verified")).isEqualTo("true");
    assertThat(receiving.get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
    assertThat(Files.readAllBytes(inbox.resolve("doc.bin"))).isEqualTo(data);
    assertThat(Files.exists(inbox.resolve("doc.bin.part"))).isFalse();
  }

  @Test
  void noResumeReceivesTheWholeFileAgain() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    byte[] data = new byte[50_000];
    new Random(9).nextBytes(data);
    Path file = Files.write(dir.resolve("doc.bin"), data);
    Files.write(inbox.resolve("doc.bin.part"), Arrays.copyOf(data, 20_000));
    Files.writeString(
        inbox.resolve("doc.bin.part.selector"),
        FileDescription.of(file, "application/octet-stream").fileSelector() + "\n");
    String bob = "sip:bob@127.0.0.1:" + freePort();
    ChatCommandTest.Lines receiverOut = new ChatCommandTest.Lines();
    CompletableFuture<Integer> receiving =
        receive(
            receiverOut,
            "receive-files",
            "--listen",
            bob,
            "--dir",
            inbox.toString(),
            "--count",
            "1",
            "--no-resume");
    String listening = receiverOut.lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(listening).startsWith("* listening at ");

    StringWriter sent = new StringWriter();
    assertThat(run(sent, "send-file", bob, file.toString())).as(sent.toString()).isZero();
    assertThat(receiving.get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();

    // Plain output off a terminal: the progress bar's final line, then the summary.
    String[] lines = sent.toString().trim().split("\\R");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("100% ").contains("48.8 KiB / 48.8 KiB").endsWith("done");
    assertThat(lines[1]).startsWith("* sent doc.bin (50000 bytes, sha-1 ");
    List<String> received = new ArrayList<>();
    receiverOut.lines.drainTo(received);
    assertThat(received).anySatisfy(l -> assertThat(l).endsWith("(50000 bytes)"));
    assertThat(received)
        .anySatisfy(
            l -> assertThat(l).startsWith("* received doc.bin (50000 bytes, sha-1 verified"));
    assertThat(Files.readAllBytes(inbox.resolve("doc.bin"))).isEqualTo(data);
  }

  @Test
  void filesGoThroughAnMsrpRelay() throws Exception {
    Path users = dir.resolve("users.htdigest");
    Files.writeString(
        users,
        HtdigestUserStore.line("alice", "parley.test", "alice-secret")
            + "\n"
            + HtdigestUserStore.line("bob", "parley.test", "bob-secret")
            + "\n");
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    byte[] data = new byte[1 << 20];
    new Random(10).nextBytes(data);
    Path file = Files.write(dir.resolve("relayed.bin"), data);
    try (Relay relay =
        Relay.start(
            RelayConfig.builder()
                .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
                .users(users)
                .realm("parley.test")
                .build())) {
      String relayUri = relay.uri().toString();
      String bob = "sip:bob@127.0.0.1:" + freePort();
      ChatCommandTest.Lines receiverOut = new ChatCommandTest.Lines();
      CompletableFuture<Integer> receiving =
          receive(
              receiverOut,
              "receive-files",
              "--listen",
              bob,
              "--dir",
              inbox.toString(),
              "--count",
              "1",
              "--relay",
              relayUri,
              "--relay-auth",
              "bob:bob-secret",
              "--json");
      nextLine(receiverOut, "listening");

      StringWriter sent = new StringWriter();
      int code =
          run(
              sent,
              "send-file",
              bob,
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
      assertThat(field(nextLine(receiverOut, "received"), "verified")).isEqualTo("true");
      assertThat(receiving.get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
      assertThat(Files.readAllBytes(inbox.resolve("relayed.bin"))).isEqualTo(data);
    }
  }

  @Test
  void pullFileResumesFromReceiveFilesServingADirectory() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    Path mine = Files.createDirectories(dir.resolve("mine"));
    byte[] data = new byte[200_000];
    new Random(12).nextBytes(data);
    Path file = Files.write(served.resolve("report.pdf"), data);
    String sha1 = FileHash.of(file);
    Files.write(mine.resolve("report.pdf.part"), Arrays.copyOf(data, 75_000));
    Files.writeString(
        mine.resolve("report.pdf.part.selector"),
        FileDescription.builder().name("report.pdf").size(200_000).sha1(sha1).build().fileSelector()
            + "\n");
    String bob = "sip:bob@127.0.0.1:" + freePort();
    ChatCommandTest.Lines serverOut = new ChatCommandTest.Lines();
    CompletableFuture<Integer> serving =
        receive(
            serverOut,
            "receive-files",
            "--listen",
            bob,
            "--dir",
            dir.toString(),
            "--serve",
            served.toString(),
            "--count",
            "1",
            "--json");
    nextLine(serverOut, "listening");

    StringWriter wrong = new StringWriter();
    int refused = run(wrong, "pull-file", bob, "other.pdf", "--dir", mine.toString(), "--json");
    assertThat(refused).as(wrong.toString()).isEqualTo(Parley.FAILED);
    assertThat(field(last(wrong, "error"), "error")).contains("603");
    assertThat(nextLine(serverOut, "refused")).contains("other.pdf");

    StringWriter pulled = new StringWriter();
    int code =
        run(
            pulled,
            "pull-file",
            bob,
            "report.pdf",
            "--dir",
            mine.toString(),
            "--sha1",
            sha1,
            "--size",
            "200000",
            "--json");
    assertThat(code).as(pulled.toString()).isZero();
    String got = last(pulled, "received");
    assertThat(field(got, "from")).isEqualTo("75000");
    assertThat(field(got, "verified")).isEqualTo("true");
    assertThat(field(nextLine(serverOut, "pull"), "range")).isEqualTo("75001-200000");
    assertThat(field(nextLine(serverOut, "served"), "from")).isEqualTo("75000");
    assertThat(serving.get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
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
