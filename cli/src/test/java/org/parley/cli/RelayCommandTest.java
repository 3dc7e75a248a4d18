package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.HeaderName;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.auth.DigestChallenge;
import org.parley.msrp.auth.DigestClient;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;
import picocli.CommandLine;

/** {@code parley relay}: first start in an empty data directory, a second start, bad input. */
class RelayCommandTest {
  @TempDir Path dir;

  @Test
  void nettysLeakDetectionIsOffUnlessItsPropertyNamesALevel() {
    assertThat(RelayCommand.leakDetection(null)).isEqualTo(ResourceLeakDetector.Level.DISABLED);
    assertThat(RelayCommand.leakDetection("paranoid")).isNull();
    // The suite runs paranoid (Surefire's argLine), and so does every relay a test starts.
    assertThat(RelayCommand.leakDetection(System.getProperty(RelayCommand.LEAK_DETECTION)))
        .isNull();
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  /** A running {@code parley relay} and its JSON lines. */
  private static final class Running implements AutoCloseable {
    final BufferedReader lines;
    final CompletableFuture<Integer> exit;
    final RelayCommand command;

    Running(String... args) throws Exception {
      PipedWriter pipe = new PipedWriter();
      lines = new BufferedReader(new PipedReader(pipe, 1 << 16));
      CommandLine cl = Parley.commandLine();
      cl.setOut(new PrintWriter(pipe, true));
      command = cl.getSubcommands().get("relay").getCommand();
      exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
    }

    /** The next JSON line with that event. */
    String next(String event) throws Exception {
      while (true) {
        String line = lines.readLine();
        assertThat(line).as("a line with event " + event).isNotNull();
        if (MsrpCommandsTest.field(line, "event").equals(event)) {
          return line;
        }
      }
    }

    @Override
    public void close() throws Exception {
      command.stop();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(Parley.OK);
    }
  }

  @Test
  void firstStartMakesACertificateAndADemoAccountThatWorks() throws Exception {
    Path data = dir.resolve("data");
    String uri;
    String fingerprint;
    String password;
    try (Running relay =
        new Running(
            "relay", "--listen", "msrps://127.0.0.1:0;tcp", "--data-dir", data.toString())) {
      relay.next("certificate");
      String demo = relay.next("demo-account");
      assertThat(MsrpCommandsTest.field(demo, "username")).isEqualTo("demo");
      password = MsrpCommandsTest.field(demo, "password");
      assertThat(password).hasSizeGreaterThanOrEqualTo(16);
      String listening = relay.next("listening");
      uri = MsrpCommandsTest.field(listening, "uri");
      fingerprint = MsrpCommandsTest.field(listening, "fingerprint");
      assertThat(uri).startsWith("msrps://127.0.0.1:");
      assertThat(fingerprint).startsWith("sha-256 ");
      assertThat(data.resolve("cert.pem")).exists();
      assertThat(data.resolve("key.pem")).exists();
      assertThat(Files.readString(data.resolve("users.htdigest"))).contains("demo:127.0.0.1:");

      assertThat(authenticate(MsrpUri.parse(uri), fingerprint, "demo", password)).isEqualTo(200);
      assertThat(authenticate(MsrpUri.parse(uri), fingerprint, "demo", "wrong")).isEqualTo(401);
    }
    // A second start keeps the files: the same certificate, no new password shown.
    try (Running again =
        new Running(
            "relay", "--listen", "msrps://127.0.0.1:0;tcp", "--data-dir", data.toString())) {
      String listening = again.next("listening");
      assertThat(MsrpCommandsTest.field(listening, "fingerprint")).isEqualTo(fingerprint);
      String u = MsrpCommandsTest.field(listening, "uri");
      assertThat(authenticate(MsrpUri.parse(u), fingerprint, "demo", password)).isEqualTo(200);
    }
  }

  @Test
  void aWebSocketListenerPrintsTheChatPagesUrl() throws Exception {
    try (Running relay =
        new Running(
            "relay",
            "--listen",
            "msrps://127.0.0.1:0;tcp",
            "--listen",
            "wss://127.0.0.1:0",
            "--data-dir",
            dir.resolve("data").toString())) {
      String listening = relay.next("listening");
      while (!MsrpCommandsTest.field(listening, "uri").contains(";ws")) {
        listening = relay.next("listening");
      }
      int port = MsrpUri.parse(MsrpCommandsTest.field(listening, "uri")).port();
      assertThat(MsrpCommandsTest.field(relay.next("page"), "url"))
          .isEqualTo("https://127.0.0.1:" + port + "/");
    }
  }

  @Test
  void plainTcpWithMetrics() throws Exception {
    try (Running relay =
        new Running(
            "relay",
            "--listen",
            "msrp://127.0.0.1:0;tcp",
            "--data-dir",
            dir.toString(),
            "--realm",
            "lab",
            "--metrics",
            "127.0.0.1:0")) {
      String demo = relay.next("demo-account");
      assertThat(MsrpCommandsTest.field(demo, "realm")).isEqualTo("lab");
      String listening = relay.next("listening");
      assertThat(listening).doesNotContain("fingerprint");
      assertThat(MsrpCommandsTest.field(relay.next("metrics"), "url")).startsWith("http://");
    }
    assertThat(dir.resolve("cert.pem")).doesNotExist(); // no TLS listener, no certificate
  }

  @Test
  void aBusyPortIsNamedAndTheDemoPasswordWaitsForAStartThatListens() throws Exception {
    Path data = dir.resolve("data");
    try (java.net.ServerSocket busy =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String at = "msrp://127.0.0.1:" + busy.getLocalPort() + ";tcp";
      java.io.StringWriter out = new java.io.StringWriter();
      CommandLine cl = Parley.commandLine();
      cl.setOut(new PrintWriter(out, true));
      assertThat(cl.execute("relay", "--listen", at, "--data-dir", data.toString()))
          .isEqualTo(Parley.FAILED);
      assertThat(out.toString())
          .contains("cannot listen on " + at + ": the port is in use by another program")
          .doesNotContain("demo-account")
          .doesNotContain("password");
      assertThat(data.resolve("users.htdigest")).doesNotExist();
    }
    // The next start that listens makes the account and shows its password.
    try (Running relay =
        new Running("relay", "--listen", "msrp://127.0.0.1:0;tcp", "--data-dir", data.toString())) {
      assertThat(MsrpCommandsTest.field(relay.next("demo-account"), "password")).isNotEmpty();
      relay.next("listening");
    }
  }

  @Test
  void passwdGivesANewPasswordThatTheRunningRelayTakes() throws Exception {
    Path data = dir.resolve("data");
    try (Running relay =
        new Running(
            "relay", "--listen", "msrps://127.0.0.1:0;tcp", "--data-dir", data.toString())) {
      String old = MsrpCommandsTest.field(relay.next("demo-account"), "password");
      String listening = relay.next("listening");
      MsrpUri uri = MsrpUri.parse(MsrpCommandsTest.field(listening, "uri"));
      String fingerprint = MsrpCommandsTest.field(listening, "fingerprint");

      String demo = passwd("demo", data);
      String carol = passwd("carol", data);
      assertThat(authenticate(uri, fingerprint, "demo", demo)).isEqualTo(200);
      assertThat(authenticate(uri, fingerprint, "demo", old)).isEqualTo(401);
      assertThat(authenticate(uri, fingerprint, "carol", carol)).isEqualTo(200);
    }
    assertThat(Files.readAllLines(data.resolve("users.htdigest")))
        .filteredOn(l -> !l.startsWith("#"))
        .hasSize(2);
    java.io.StringWriter out = new java.io.StringWriter();
    CommandLine cl = Parley.commandLine();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("relay", "passwd", "a:b", "--data-dir", data.toString()))
        .isEqualTo(Parley.INVALID_INPUT);
    assertThat(out.toString()).contains("not a user name");
  }

  private static String passwd(String user, Path data) {
    java.io.StringWriter out = new java.io.StringWriter();
    CommandLine cl = Parley.commandLine();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("relay", "passwd", user, "--data-dir", data.toString()))
        .isEqualTo(Parley.OK);
    String line = out.toString().strip();
    assertThat(MsrpCommandsTest.field(line, "event")).isEqualTo("password");
    assertThat(MsrpCommandsTest.field(line, "username")).isEqualTo(user);
    return MsrpCommandsTest.field(line, "password");
  }

  @Test
  void sigtermStopsTheRelayWithStoppedAndExitCode0AndLogsCarryAnIsoTime() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                javaBin,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                Parley.class.getName(),
                "relay",
                "--listen",
                "msrp://127.0.0.1:0;tcp",
                "--data-dir",
                dir.toString())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new java.io.InputStreamReader(
                  p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      for (String line = out.readLine(); ; line = out.readLine()) {
        assertThat(line).as("a listening event").isNotNull();
        if (line.contains("\"listening\"")) {
          break;
        }
      }
      // SIGTERM as an init system sends it (Process.destroy would also close our end of stdout).
      assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor())
          .isZero();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(Parley.OK);
      assertThat(out.readLine()).contains("\"event\":\"stopped\"");
      List<String> log = Files.readAllLines(dir.resolve("stderr.txt"));
      assertThat(log).isNotEmpty();
      assertThat(log)
          .allSatisfy(
              l ->
                  assertThat(l)
                      .matches(
                          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\w+ .*")
                      .doesNotContain("[main]"));
      assertThat(String.join("\n", log)).contains("event=listening").contains("event=shutdown");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void invalidInputExitsWith2() {
    CommandLine cl = Parley.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("relay", "--listen", "http://nope", "--data-dir", dir.toString()))
        .isEqualTo(Parley.INVALID_INPUT);
    assertThat(out.toString()).contains("\"event\":\"error\"");
    assertThat(cl.execute("relay", "--cert", "only.pem")).isEqualTo(Parley.INVALID_INPUT);
  }

  @Test
  void helpListsEveryFlag() {
    CommandLine cl = Parley.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("relay", "--help")).isEqualTo(0);
    assertThat(out.toString())
        .contains("--listen=URI")
        .contains("--users=FILE")
        .contains("--realm=REALM")
        .contains("--cert=FILE")
        .contains("--key=FILE")
        .contains("--data-dir=DIR")
        .contains("--metrics=HOST:PORT")
        .contains("--config=FILE")
        .contains("Exit codes");
  }

  /** AUTH over TLS with a challenge round; returns the second answer's status code. */
  private static int authenticate(MsrpUri relay, String fingerprint, String user, String password)
      throws Exception {
    BlockingQueue<MsrpHead> heads = new LinkedBlockingQueue<>();
    FrameHandler h =
        new FrameHandler() {
          @Override
          public void head(MsrpConnection c, MsrpHead head) {
            heads.add(head);
          }

          @Override
          public void content(MsrpConnection c, ByteBuf slice) {}
        };
    try (MsrpTransport t = MsrpTransport.builder().threads(1).build()) {
      MsrpConnection c =
          t.connect(
                  new InetSocketAddress("127.0.0.1", relay.port()),
                  MsrpTls.client(List.of(Fingerprint.parse(fingerprint))),
                  h)
              .get(30, TimeUnit.SECONDS);
      MsrpUri self = MsrpUri.parse("msrps://127.0.0.1:9/" + TransactionIds.next() + ";tcp");
      MsrpRequest auth =
          MsrpRequest.builder(MsrpMethod.AUTH)
              .toPath(List.of(relay))
              .fromPath(List.of(self))
              .build();
      c.send(auth, null, ContinuationFlag.END);
      MsrpResponse challenge = (MsrpResponse) heads.poll(30, TimeUnit.SECONDS);
      assertThat(challenge.code()).isEqualTo(401);
      DigestChallenge dc =
          DigestChallenge.parse(challenge.headers().value(HeaderName.WWW_AUTHENTICATE));
      MsrpRequest answer =
          auth.toBuilder()
              .transactionId(TransactionIds.next())
              .header(
                  HeaderName.AUTHORIZATION,
                  DigestClient.answer(
                          dc, user, password, relay.toString(), DigestClient.randomCnonces())
                      .toString())
              .build();
      c.send(answer, null, ContinuationFlag.END);
      MsrpResponse r = (MsrpResponse) heads.poll(30, TimeUnit.SECONDS);
      c.close().get(30, TimeUnit.SECONDS);
      return r.code();
    }
  }
}
