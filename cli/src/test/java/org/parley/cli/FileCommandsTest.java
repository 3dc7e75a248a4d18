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
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileHash;
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
      String line = sent.toString().trim();
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

  @Test
  void aMissingFileIsInvalidInput() {
    StringWriter out = new StringWriter();
    int code =
        run(out, "send-file", "sip:bob@127.0.0.1:5999", dir.resolve("nope").toString(), "--json");
    assertThat(code).isEqualTo(Parley.INVALID_INPUT);
    assertThat(field(out.toString().trim(), "event")).isEqualTo("error");
  }
}
