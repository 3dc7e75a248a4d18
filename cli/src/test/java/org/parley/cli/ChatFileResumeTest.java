package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileHash;
import org.parley.sdp.FileSelector;

/**
 * A {@code /file} in the interactive chat that resumes what an earlier, broken transfer of the same
 * file left in the receiver's directory (the part and its selector, as sip's FileTransferTest shows
 * a cut leaves them): both screens say where it resumed, and the file arrives whole.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChatFileResumeTest {
  @Test
  void aResumedSlashFileSaysResumedAtOnBothScreens(@TempDir Path tmp) throws Exception {
    byte[] data = new byte[600_000];
    new Random(6).nextBytes(data);
    Path file = Files.write(tmp.resolve("data.bin"), data);
    Path inbox = Files.createDirectory(tmp.resolve("inbox"));
    Files.write(inbox.resolve("data.bin.part"), Arrays.copyOf(data, 250_000));
    Files.writeString(
        inbox.resolve("data.bin.part.selector"),
        FileSelector.builder()
                .name("data.bin")
                .type("application/octet-stream")
                .size(data.length)
                .hash(FileHash.SHA_1, FileHash.of(file))
                .build()
            + "\n");
    String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    try (ScreenCapture bob =
            ScreenCapture.listening("--listen", bobUri, "--dir", inbox.toString());
        ScreenCapture alice = new ScreenCapture(bobUri, "--as", "sip:alice@127.0.0.1")) {
      alice.awaitRow("in a session with " + bobUri);
      bob.awaitRow("in a session with sip:alice@127.0.0.1");

      alice.type("/file " + file + "\r");
      bob.awaitRow("alice offers data.bin", "accept? [y/n]");
      bob.type("y");
      bob.awaitRow("receiving data.bin", "resumed at 250000 bytes)");
      bob.awaitRow("received data.bin", "resumed at 250000 bytes)");
      bob.awaitRow("sha-1 ", " verified");
      alice.awaitRow("sent data.bin", "resumed at 250000 bytes", "sha-1");
      assertThat(Files.readAllBytes(inbox.resolve("data.bin"))).isEqualTo(data);

      // A message crosses the session, so that Bob's listener ends with it (no new caller awaited).
      alice.type("all there?\r");
      bob.awaitRow("alice", "all there?");
      alice.type("/quit\r");
      assertThat(alice.exitCode()).isEqualTo(Parley.OK);
      // The chat stays on a session the peer ended, until its user leaves.
      bob.awaitRow("session over: alice hung up", "/quit or Ctrl-D to leave");
      bob.type("/quit\r");
      assertThat(bob.exitCode()).isEqualTo(Parley.OK);
    }
  }
}
