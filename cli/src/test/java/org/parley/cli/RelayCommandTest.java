package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
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
import org.parley.msrp.HeaderName;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.auth.DigestChallenge;
import org.parley.msrp.auth.DigestClient;
import org.parley.msrp.transport.Fingerprint;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;
import picocli.CommandLine;

/** {@code parley relay}: first start in an empty data directory, a second start, bad input. */
class RelayCommandTest {
  @TempDir Path dir;

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
