package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
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
 * The screens of {@code docs/chat.md}, captured from real {@code parley chat}s on pseudo-terminals
 * (100 x 20, {@link ScreenCapture}) as they are driven with keys: input history, scroll-back, a
 * resumed {@code /file}, a peer that stops responding. Each is kept by {@link DocScreens}; run with
 * {@code -Dparley.chat-doc=update} to write them into the document.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChatDocScreensTest {
  @TempDir Path tmp;

  @Test
  void everyCaptureHasItsPlaceInTheDocument() throws Exception {
    String doc = Files.readString(DocScreens.document());
    for (String name : new String[] {"history", "scroll-back", "resumed-file", "dead-peer"}) {
      assertThat(doc).contains(DocScreens.marker(name));
      assertThat(DocScreens.replace(doc, name, "x\n")).contains(DocScreens.marker(name) + "\n```");
    }
  }

  @Test
  void historyAndScrollBack() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    try (ScreenCapture bob = ScreenCapture.listening("--listen", bobUri);
        ScreenCapture alice = new ScreenCapture(bobUri, "--as", "sip:alice@127.0.0.1")) {
      alice.awaitRow("in a session with " + bobUri);
      bob.awaitRow("in a session with sip:alice@127.0.0.1");
      alice.type("Hi Bob, is the release branch ready?\r");
      bob.awaitRow("alice", "release branch ready?");
      bob.type("Almost: two tests left to fix\r");
      alice.awaitRow("bob", "two tests left");
      alice.type("Which ones?\r");
      bob.awaitRow("alice", "Which ones?");
      alice.type("Ping me when they pass\r");
      alice.await("the last line displayed", s -> shownOnBobsScreen(s, "Ping me when they pass"));
      // Up twice: the line sent before the last one comes back, to be edited or sent again.
      alice.resize(ScreenCapture.COLUMNS, 12);
      alice.type("\033[A\033[A");
      DocScreens.save("history", awaitRows(alice, 12, "> Which ones?"));
      alice.type("\u0015"); // Ctrl-U: the input line cleared

      for (int i = 1; i <= 14; i++) {
        bob.type("test " + i + " of 14 passes\r");
      }
      alice.awaitRow("bob", "test 14 of 14 passes");
      alice.type("\033[5~");
      DocScreens.save("scroll-back", awaitRows(alice, 12, "more rows (PgDn)"));
      alice.type("\033[6~");
      alice.await("the newest rows", s -> !s.contains("more rows"));

      alice.type("/quit\r");
      assertThat(alice.exitCode()).isEqualTo(Parley.OK);
      bob.awaitRow("session over: alice hung up");
      bob.type("/quit\r");
      assertThat(bob.exitCode()).isEqualTo(Parley.OK);
    }
  }

  /**
   * Waits until the screen, redrawn for {@code rows} rows (a capture shorter than the harness's 20,
   * so the page has fewer blank rows), has a row with {@code parts}; returns it.
   */
  private static String awaitRows(ScreenCapture c, int rows, String... parts)
      throws InterruptedException {
    return c.await(
        String.join(" … ", parts) + " on " + rows + " rows",
        s -> {
          String[] r = s.split("\n", -1);
          return r.length >= rows
              && r[rows - 1].startsWith(">")
              && r[0].contains("parley chat")
              && ScreenCapture.row(s, parts) != null;
        });
  }

  /** Whether {@code text}'s row on Alice's screen has the displayed mark. */
  private static boolean shownOnBobsScreen(String screen, String text) {
    String row = ScreenCapture.row(screen, text);
    return row != null && row.stripTrailing().endsWith("✓✓");
  }

  @Test
  void aResumedFile() throws Exception {
    byte[] data = new byte[600_000];
    new Random(6).nextBytes(data);
    Path file = Files.write(tmp.resolve("report.pdf"), data);
    Path inbox = Files.createDirectory(tmp.resolve("inbox"));
    // What an earlier transfer of the file, broken at 250,000 bytes, left in Bob's directory.
    Files.write(inbox.resolve("report.pdf.part"), Arrays.copyOf(data, 250_000));
    Files.writeString(
        inbox.resolve("report.pdf.part.selector"),
        FileSelector.builder()
                .name("report.pdf")
                .type("application/pdf")
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
      alice.type("Here is the report again, the last try broke off\r");
      bob.awaitRow("alice", "the last try broke off");
      bob.resize(ScreenCapture.COLUMNS, 14);
      alice.type("/file " + file + "\r");
      bob.awaitRow("alice offers report.pdf", "accept? [y/n]");
      bob.type("y");
      bob.awaitRow("received report.pdf", "resumed at 250000 bytes)");
      DocScreens.save("resumed-file", awaitRows(bob, 14, "sha-1 ", " verified"));
      assertThat(Files.readAllBytes(inbox.resolve("report.pdf"))).isEqualTo(data);

      alice.type("/quit\r");
      assertThat(alice.exitCode()).isEqualTo(Parley.OK);
      bob.awaitRow("session over: alice hung up");
      bob.type("/quit\r");
      assertThat(bob.exitCode()).isEqualTo(Parley.OK);
    }
  }

  @Test
  void aPeerThatStopsResponding() throws Exception {
    Path file = tmp.resolve("backup.tar");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(1L << 30); // sparse: quick to make, hash and read
    }
    Path inbox = Files.createDirectory(tmp.resolve("inbox"));
    String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    try (ChatProcess bob =
            ChatProcess.listening(
                tmp.resolve("bob.log"), "--listen", bobUri, "--dir", inbox.toString());
        ScreenCapture alice = new ScreenCapture(bobUri, "--as", "sip:alice@127.0.0.1")) {
      alice.awaitRow("in a session with " + bobUri);
      bob.awaitRow("in a session with sip:alice@127.0.0.1");
      alice.type("Sending you last night's backup\r");
      bob.awaitRow("alice", "last night's backup");
      alice.type("/file " + file + "\r");
      bob.awaitRow("alice offers backup.tar (1.0 GiB): accept? [y/n]");
      bob.type("y");
      bob.awaitRow("↓ backup.tar", "%");

      bob.signal("STOP"); // Bob's process hangs: its sockets stay open, nothing is answered
      try {
        alice.awaitRow("file backup.tar not sent", "not responding");
        alice.awaitRow("session over", "not responding");
        alice.resize(ScreenCapture.COLUMNS, 12);
        alice.type("Bob?\r");
        DocScreens.save("dead-peer", awaitRows(alice, 12, "not sent: the session is over"));
        alice.type("\u0004");
        assertThat(alice.exitCode()).isEqualTo(Parley.FAILED);
      } finally {
        bob.signal("CONT");
      }
    }
  }
}
