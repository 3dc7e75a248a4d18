package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.ChatCommandTest.freePort;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.cli.ChatCommandTest.Lines;
import org.parley.cli.ChatCommandTest.Running;
import org.parley.msrp.auth.DigestChallenge;
import org.parley.sip.TestNonces;
import picocli.CommandLine;

/**
 * Issue 21 at the commands: {@code chat --listen} and {@code receive-files} keep listening after
 * set-ups that never got going (printed as {@code setup_failed}) and end only after sessions that
 * ran; {@code --allow} and {@code --password} say who may start one, in both. A raw UDP socket
 * plays the hostile caller; the listeners' ACK wait is shortened with the hidden {@code
 * --ack-timeout}; a stale nonce is one of this process made ten minutes ago ({@link TestNonces}).
 */
class ListenAccessTest {
  private static final long WAIT_SECONDS = 30;

  @TempDir Path dir;

  private static String bobUri() throws Exception {
    return "sip:bob@127.0.0.1:" + freePort();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  // parley chat --listen

  @Test
  void aChatListenerOutlivesFailedSetUpsAndEndsAfterARealChat() throws Exception {
    String bobUri = bobUri();
    Running bob = new Running("--listen", bobUri, "--json", "--ack-timeout", "1");
    String listening = bob.next("listening");
    assertThat(field(listening, "open")).isEqualTo("true");
    assertThat(field(listening, "allow")).isEqualTo("anyone");
    try (RawUdpSip carol = new RawUdpSip(bobUri)) {
      // The case: a 200 never ACKed (Carol is to connect, and never will).
      carol.send(carol.invite("spoofed", 9, "active"));
      assertThat(carol.finalResponse("INVITE")).startsWith("SIP/2.0 200");
      String failed = bob.next("setup_failed");
      assertThat(field(failed, "call_id")).isEqualTo("spoofed");
      assertThat(field(failed, "reason")).contains("no ACK");
      // An MSRP path nothing listens on: Bob cannot connect, 503.
      carol.send(carol.invite("nowhere", closedPort(), "passive"));
      String refusal = carol.finalResponse("INVITE", "nowhere");
      assertThat(refusal).startsWith("SIP/2.0 503");
      carol.send(carol.ackRefusal(refusal, "nowhere"));
      assertThat(field(bob.next("setup_failed"), "status")).isEqualTo("503");
      // Broken SDP: the agent refuses it itself.
      carol.send(
          carol.request(
              "INVITE", "broken", 1, "v=0\r\nm=message x\r\n", "Content-Type: application/sdp"));
      refusal = carol.finalResponse("INVITE", "broken");
      assertThat(refusal).startsWith("SIP/2.0 488");
      carol.send(carol.ackRefusal(refusal, "broken"));
      assertThat(field(bob.next("refused"), "status")).isEqualTo("488");
    }
    assertThat(bob.exit).isNotDone();
    Running alice = new Running(bobUri, "--as", "sip:alice@127.0.0.1", "--json");
    alice.next("session");
    alice.stdin.println("the listener is still there");
    assertThat(field(bob.next("message"), "text")).isEqualTo("the listener is still there");
    alice.stdin.close();
    assertThat(field(bob.next("ended"), "reason")).isEqualTo("remote_bye");
    assertThat(alice.exitCode()).isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void chatAllowLetsInOnlyThoseNamed() throws Exception {
    String bobUri = bobUri();
    Running bob =
        new Running(
            "--listen",
            bobUri,
            "--json",
            "--allow",
            "sip:alice@127.0.0.1",
            "--allow",
            "@example.com");
    String listening = bob.next("listening");
    assertThat(field(listening, "open")).isEqualTo("false");
    assertThat(field(listening, "allow")).isEqualTo("sip:alice@127.0.0.1 @example.com");
    Running mallory = new Running(bobUri, "--as", "sip:mallory@127.0.0.1", "--json");
    assertThat(field(mallory.next("error"), "error")).contains("403");
    assertThat(mallory.exitCode()).isEqualTo(Parley.FAILED);
    String refused = bob.next("refused");
    assertThat(field(refused, "from")).isEqualTo("sip:mallory@127.0.0.1");
    assertThat(field(refused, "status")).isEqualTo("403");
    Running alice = new Running(bobUri, "--as", "sip:alice@127.0.0.1", "--json");
    alice.next("session");
    alice.stdin.println("allowed");
    assertThat(field(bob.next("message"), "text")).isEqualTo("allowed");
    alice.stdin.close();
    assertThat(alice.exitCode()).isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void chatPasswordIsChallengedAndChecked() throws Exception {
    String bobUri = bobUri();
    Running bob = new Running("--listen", bobUri, "--json", "--password", "s3cret");
    assertThat(field(bob.next("listening"), "password")).isEqualTo("true");
    try (RawUdpSip carol = new RawUdpSip(bobUri)) {
      carol.send(carol.invite("nocredentials", 9, "active"));
      String challenge = carol.finalResponse("INVITE");
      assertThat(challenge).startsWith("SIP/2.0 401");
      carol.send(carol.ackRefusal(challenge, "nocredentials"));
      DigestChallenge c = DigestChallenge.parse(RawUdpSip.header(challenge, "WWW-Authenticate"));
      assertThat(c.qop()).containsExactly("auth");
      assertThat(c.realm()).isEqualTo("127.0.0.1");
    }
    Running mallory =
        new Running(bobUri, "--as", "sip:mallory@127.0.0.1", "--password", "guess", "--json");
    assertThat(field(mallory.next("error"), "error")).contains("401");
    assertThat(mallory.exitCode()).isEqualTo(Parley.FAILED);
    Running alice =
        new Running(bobUri, "--as", "sip:alice@127.0.0.1", "--password", "s3cret", "--json");
    alice.next("session");
    alice.stdin.println("with the password");
    assertThat(field(bob.next("message"), "text")).isEqualTo("with the password");
    alice.stdin.close();
    assertThat(alice.exitCode()).isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void chatTellsAStaleNonceFromAWrongPassword() throws Exception {
    String bobUri = bobUri();
    Running bob = new Running("--listen", bobUri, "--pager", "--json", "--password", "s3cret");
    bob.next("listening");
    staleAndWrong(bobUri);
    assertThat(field(bob.next("message"), "text")).isEqualTo("with credentials");
    bob.stdin.close();
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  /**
   * Right credentials with a stale nonce get a fresh challenge with stale=true, wrong ones one
   * without; right ones with the fresh nonce get in (a MESSAGE, 200).
   */
  private static void staleAndWrong(String uri) throws Exception {
    try (RawUdpSip carol = new RawUdpSip(uri)) {
      carol.send(carol.request("MESSAGE", "stale", 1, "hi", "Content-Type: text/plain"));
      String challenge = RawUdpSip.header(carol.finalResponse("MESSAGE"), "WWW-Authenticate");
      DigestChallenge c = DigestChallenge.parse(challenge);
      String old = c.withNonce(TestNonces.stale(c.realm())).toString();
      carol.send(carol.messageWithCredentials("stale", 2, old, "s3cret"));
      String r = carol.finalResponse("MESSAGE");
      assertThat(r).startsWith("SIP/2.0 401");
      String fresh = RawUdpSip.header(r, "WWW-Authenticate");
      assertThat(DigestChallenge.parse(fresh).stale()).isTrue();
      carol.send(carol.messageWithCredentials("stale", 3, fresh, "wrong"));
      r = carol.finalResponse("MESSAGE");
      assertThat(r).startsWith("SIP/2.0 401");
      assertThat(DigestChallenge.parse(RawUdpSip.header(r, "WWW-Authenticate")).stale()).isFalse();
      carol.send(carol.messageWithCredentials("stale", 4, fresh, "s3cret"));
      assertThat(carol.finalResponse("MESSAGE")).startsWith("SIP/2.0 200");
    }
  }

  @Test
  void aBadAllowPatternIsInvalidInput() throws Exception {
    StringWriter out = new StringWriter();
    assertThat(run(out, "chat", "--listen", bobUri(), "--allow", "alice", "--json"))
        .isEqualTo(Parley.INVALID_INPUT);
    assertThat(out.toString()).contains("--allow");
    out = new StringWriter();
    assertThat(run(out, "receive-files", "--listen", bobUri(), "--dir", ".", "--allow", "x"))
        .isEqualTo(Parley.INVALID_INPUT);
  }

  @Test
  void theHelpSaysListenersAreOpenByDefault() {
    for (String command : new String[] {"chat", "receive-files"}) {
      StringWriter out = new StringWriter();
      run(out, command, "--help");
      assertThat(out.toString()).contains("--allow").contains("--password").contains("open");
      assertThat(out.toString()).doesNotContain("--ack-timeout").doesNotContain("--media-timeout");
    }
  }

  // parley receive-files

  /** {@code receive-files --listen URI --dir dir} with {@code more}, its first line read. */
  private record Receiver(
      String uri, Lines out, String listening, CompletableFuture<Integer> exit) {
    String next(String event) throws InterruptedException {
      return out.next(event);
    }

    int exitCode() throws Exception {
      return exit.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static Receiver receiveFiles(Path dir, String... more) throws Exception {
    String uri = bobUri();
    String[] args =
        Stream.concat(
                Stream.of("receive-files", "--listen", uri, "--dir", dir.toString(), "--json"),
                Stream.of(more))
            .toArray(String[]::new);
    Lines out = new Lines();
    CommandLine receiver = Parley.commandLine();
    receiver.setOut(new PrintWriter(out, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> receiver.execute(args));
    String listening = out.next("listening");
    return new Receiver(uri, out, listening, exit);
  }

  private static int run(StringWriter out, String... args) {
    CommandLine cmd = Parley.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    return cmd.execute(args);
  }

  private Path file(String name, String text) throws Exception {
    Path f = Files.createDirectories(dir.resolve("out")).resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void receiveFilesOutlivesAnUnackedOfferAndCountsOnlyTransfersThatRan() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Receiver bob = receiveFiles(in, "--count", "1", "--ack-timeout", "1");
    assertThat(field(bob.listening(), "open")).isEqualTo("true");
    try (RawUdpSip carol = new RawUdpSip(bob.uri())) {
      carol.send(
          carol.invite(
              "spoofed-file",
              9,
              "active",
              "a=sendonly",
              "a=file-selector:name:\"spoof.txt\" type:text/plain size:5"));
      assertThat(carol.finalResponse("INVITE")).startsWith("SIP/2.0 200");
      assertThat(field(bob.next("setup_failed"), "call_id")).isEqualTo("spoofed-file");
    }
    assertThat(bob.exit()).isNotDone();
    assertThat(in.resolve("spoof.txt.part")).doesNotExist();
    StringWriter out = new StringWriter();
    Path f = file("real.txt", "a real transfer");
    assertThat(run(out, "send-file", bob.uri(), f.toString(), "--json")).isEqualTo(Parley.OK);
    assertThat(field(bob.next("received"), "verified")).isEqualTo("true");
    assertThat(bob.exitCode()).isEqualTo(Parley.OK); // --count 1: the real one, not the spoof
    assertThat(Files.readString(in.resolve("real.txt"))).isEqualTo("a real transfer");
  }

  @Test
  void receiveFilesAllowAndPassword() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Receiver bob =
        receiveFiles(in, "--allow", "sip:alice@127.0.0.1", "--password", "s3cret", "--count", "1");
    assertThat(field(bob.listening(), "open")).isEqualTo("false");
    assertThat(field(bob.listening(), "password")).isEqualTo("true");
    Path f = file("a.txt", "for bob");
    // Not allowed: 403, whatever the password.
    StringWriter out = new StringWriter();
    assertThat(
            run(
                out,
                "send-file",
                bob.uri(),
                f.toString(),
                "--as",
                "sip:mallory@127.0.0.1",
                "--password",
                "s3cret",
                "--json"))
        .isEqualTo(Parley.FAILED);
    assertThat(out.toString()).contains("403");
    assertThat(field(bob.next("refused"), "from")).isEqualTo("sip:mallory@127.0.0.1");
    // Allowed, no password: challenged, and the challenge goes unanswered.
    out = new StringWriter();
    assertThat(
            run(out, "send-file", bob.uri(), f.toString(), "--as", "sip:alice@127.0.0.1", "--json"))
        .isEqualTo(Parley.FAILED);
    assertThat(out.toString()).contains("401");
    // Allowed, wrong password.
    out = new StringWriter();
    assertThat(
            run(
                out,
                "send-file",
                bob.uri(),
                f.toString(),
                "--as",
                "sip:alice@127.0.0.1",
                "--password",
                "guess",
                "--json"))
        .isEqualTo(Parley.FAILED);
    assertThat(out.toString()).contains("401");
    assertThat(bob.exit()).isNotDone();
    // Allowed, right password.
    out = new StringWriter();
    assertThat(
            run(
                out,
                "send-file",
                bob.uri(),
                f.toString(),
                "--as",
                "sip:alice@127.0.0.1",
                "--password",
                "s3cret",
                "--json"))
        .isEqualTo(Parley.OK);
    assertThat(field(bob.next("received"), "name")).isEqualTo("a.txt");
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void receiveFilesTellsAStaleNonceFromAWrongPassword() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Receiver bob = receiveFiles(in, "--password", "s3cret", "--count", "1");
    staleAndWrong(bob.uri());
    assertThat(bob.exit()).isNotDone();
    StringWriter out = new StringWriter();
    Path f = file("b.txt", "after the stale nonce");
    assertThat(run(out, "send-file", bob.uri(), f.toString(), "--password", "s3cret", "--json"))
        .isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }
}
