package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.sip.Invitation;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipListener;

/**
 * Two interactive {@code parley chat}s on pseudo-terminals chat over MSRP on 127.0.0.1: what each
 * screen shows as the conversation goes (lines with time stamps, the peer typing, delivery and
 * display marks), {@code /quit}, and Ctrl-C or {@code /quit} while an invitation rings.
 */
class ChatTerminalTest {
  @Test
  void twoInteractiveChatsShowTypingMarksAndEndWithQuit() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    try (ScreenCapture bob = ScreenCapture.listening("--listen", bobUri);
        ScreenCapture alice = new ScreenCapture(bobUri, "--as", "sip:alice@127.0.0.1")) {
      alice.awaitRow("in a session with " + bobUri);
      bob.awaitRow("in a session with sip:alice@127.0.0.1");
      alice.awaitRow("parley chat", bobUri, "msrp", "cpim");

      alice.type("Hello");
      bob.awaitRow("alice is typing…");
      alice.type(" Bob\r");
      String bobSees = bob.awaitRow("alice", "Hello Bob");
      assertThat(ScreenCapture.row(bobSees, "alice", "Hello Bob")).matches("\\d\\d:\\d\\d alice.*");
      bob.await("alice no longer typing", s -> !s.contains("alice is typing"));
      // Bob's screen showed the message, so Bob's end reported it displayed.
      alice.awaitRow("alice", "Hello Bob", "✓✓");

      bob.type("Hi Alice\r");
      alice.awaitRow("bob", "Hi Alice");
      bob.awaitRow("bob", "Hi Alice", "✓✓");

      alice.type("/help\r");
      alice.awaitRow("/quit", "end the session");

      alice.type("/quit\r");
      assertThat(alice.exitCode()).isEqualTo(Parley.OK);
      // Bob did not ask to leave: his screen says the session is over and stays until he does.
      bob.awaitRow("session over: alice hung up", "/quit or Ctrl-D to leave");
      assertThat(bob.exit).isNotDone();
      bob.type("\u0004");
      assertThat(bob.exitCode()).isEqualTo(Parley.OK);
    }
  }

  @Test
  void aLineModePeerHearsTypingAndSendsDeliveryNotifications() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    ChatCommandTest.Running bob = new ChatCommandTest.Running("--listen", bobUri, "--json");
    bob.next("listening");
    try (ScreenCapture alice = new ScreenCapture(bobUri, "--as", "sip:alice@127.0.0.1")) {
      assertThat(MsrpCommandsTest.field(bob.next("session"), "peer"))
          .isEqualTo("sip:alice@127.0.0.1");
      alice.awaitRow("in a session with " + bobUri);
      alice.type("Hel");
      assertThat(MsrpCommandsTest.field(bob.next("composing"), "state")).isEqualTo("active");
      alice.type("lo\r");
      assertThat(MsrpCommandsTest.field(bob.next("message"), "text")).isEqualTo("Hello");
      // The line mode sends delivery notifications but no display ones: nobody reads it.
      String row = ScreenCapture.row(alice.awaitRow("alice", "Hello", "✓"), "alice", "Hello");
      assertThat(row).doesNotContain("✓✓");

      bob.stdin.println("bye now");
      alice.awaitRow("bob", "bye now");
      bob.stdin.close();
      alice.awaitRow("session over: bob hung up");
      alice.type("/quit\r");
      assertThat(alice.exitCode()).isEqualTo(Parley.OK);
      assertThat(bob.exitCode()).isEqualTo(Parley.OK);
    }
  }

  @Test
  void aFileSentWithSlashFileIsOfferedAcceptedAndVerified(@TempDir Path tmp) throws Exception {
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(data);
    Path file = Files.write(tmp.resolve("data.bin"), data);
    Path inbox = Files.createDirectory(tmp.resolve("inbox"));
    String bobUri = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    try (ScreenCapture bob =
            ScreenCapture.listening("--listen", bobUri, "--dir", inbox.toString());
        ScreenCapture alice = new ScreenCapture(bobUri, "--as", "sip:alice@127.0.0.1")) {
      alice.awaitRow("in a session with " + bobUri);
      bob.awaitRow("in a session with sip:alice@127.0.0.1");

      alice.type("/file " + file + "\r");
      bob.awaitRow("alice offers data.bin (3.0 MiB): accept? [y/n]");
      bob.type("y");
      bob.awaitRow("received data.bin (3.0 MiB) in " + inbox.resolve("data.bin"));
      bob.awaitRow("sha-1 ", " verified");
      bob.awaitRow("↓ data.bin", "100%");
      alice.awaitRow("sent data.bin", "sha-1");
      alice.awaitRow("↑ data.bin", "100%");
      assertThat(Files.readAllBytes(inbox.resolve("data.bin"))).isEqualTo(data);

      // The chat goes on after the transfer.
      alice.type("got it?\r");
      bob.awaitRow("alice", "got it?");
      alice.type("/quit\r");
      assertThat(alice.exitCode()).isEqualTo(Parley.OK);
      bob.awaitRow("session over: alice hung up");
      bob.type("/quit\r");
      assertThat(bob.exitCode()).isEqualTo(Parley.OK);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ctrl-C", "/quit"})
  void quittingWhileTheInvitationRingsCancelsIt(String how) throws Exception {
    CompletableFuture<Invitation> ringing = new CompletableFuture<>();
    SipListener letItRing =
        new SipListener() {
          @Override
          public void invitation(Invitation invitation) {
            ringing.complete(invitation);
          }
        };
    try (SipAgent bob = SipAgent.start(SipConfig.builder("sip:bob@127.0.0.1").build(), letItRing);
        ScreenCapture alice = new ScreenCapture(bob.uri(), "--as", "sip:alice@127.0.0.1")) {
      Invitation rings = ringing.get(ScreenCapture.WAIT_SECONDS, TimeUnit.SECONDS);
      alice.awaitRow("inviting " + bob.uri());
      if (how.equals("Ctrl-C")) {
        alice.interrupt();
      } else {
        alice.type("/quit\r");
      }
      rings.cancelled().get(ScreenCapture.WAIT_SECONDS, TimeUnit.SECONDS);
      alice.awaitRow("invitation cancelled");
      // Ctrl-C exits 130, as it does for every command; /quit 0.
      assertThat(alice.exitCode()).isEqualTo(how.equals("Ctrl-C") ? Parley.INTERRUPTED : Parley.OK);
    }
  }
}
