package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.transport.TestCertificates;
import org.parley.relay.Relay;
import picocli.CommandLine;

/** Two {@code parley chat} commands in this process chat over SIP on 127.0.0.1. */
class ChatCommandTest {
  private static final long WAIT_SECONDS = 30;

  /**
   * The command's stdout as a queue of lines: written from any thread (the agent's among them),
   * which piped streams do not allow.
   */
  static final class Lines extends Writer {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder current = new StringBuilder();

    @Override
    public synchronized void write(char[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (buf[i] == '\n') {
          lines.add(current.toString());
          current.setLength(0);
        } else if (buf[i] != '\r') {
          current.append(buf[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** The next JSON line whose event is {@code event} (others skipped). */
    String next(String event) throws InterruptedException {
      return nextOf(event);
    }

    /** The next line with one of those events; lines with other events are skipped. */
    String nextOf(String... events) throws InterruptedException {
      while (true) {
        String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(line).as("no line of " + Arrays.toString(events) + " came").isNotNull();
        if (Arrays.asList(events).contains(field(line, "event"))) {
          return line;
        }
      }
    }
  }

  /** One command: its stdin (to write), its stdout (to read) and its exit code. */
  static final class Running {
    final PrintWriter stdin;
    final Lines stdout = new Lines();
    final CompletableFuture<Integer> exit;

    Running(String... args) throws IOException {
      PipedWriter toIn = new PipedWriter();
      BufferedReader in = new BufferedReader(new PipedReader(toIn, 1 << 16));
      stdin = new PrintWriter(toIn, true);
      CommandLine cmd = new CommandLine(new ChatCommand(in));
      cmd.setOut(new PrintWriter(stdout, true));
      exit = CompletableFuture.supplyAsync(() -> cmd.execute(args));
    }

    /** The next JSON line whose event is {@code event} (others skipped). */
    String next(String event) throws InterruptedException {
      return stdout.next(event);
    }

    String nextOf(String... events) throws InterruptedException {
      return stdout.nextOf(events);
    }

    int exitCode() throws Exception {
      return exit.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /**
   * A port free for TCP and UDP on 127.0.0.1 at the moment. Picked below the kernel's ephemeral
   * range where it can: a port the kernel handed out with bind(0) is the next one it hands to
   * another program's outgoing connection, and a test that picks a port, closes it and passes it to
   * a daemon loses it now and then on a busy machine (CI beside a repeat-verify series did).
   */
  static int freePort() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    int below = ephemeralStart();
    for (int i = 0; i < 100; i++) {
      int p =
          below > 11_000
              ? 10_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(below - 10_000)
              : 0;
      try (ServerSocket s = new ServerSocket(p, 1, lo)) {
        p = s.getLocalPort();
      } catch (IOException taken) {
        continue;
      }
      try (DatagramSocket d = new DatagramSocket(p, lo)) {
        return p;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no port free for both TCP and UDP on 127.0.0.1");
  }

  /** The first port of Linux's ephemeral range, or 0 where the system does not say. */
  private static int ephemeralStart() {
    try {
      String range =
          java.nio.file.Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
              .get(0);
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException unknown) {
      return 0;
    }
  }

  @Test
  void twoCommandsChatInAnMsrpSessionUntilOneEndsItsInput() throws Exception {
    chat("msrp");
  }

  @Test
  void twoCommandsChatInThe2001Form() throws Exception {
    chat("sip-message");
  }

  private void chat(String mode) throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    Running bob = new Running("--listen", bobUri, "--json");
    assertThat(field(bob.next("listening"), "uri")).isEqualTo(bobUri);
    Running alice = new Running(bobUri, "--as", "sip:alice@127.0.0.1", "--mode", mode, "--json");
    assertThat(field(alice.next("session"), "mode")).isEqualTo(mode);
    assertThat(field(bob.next("session"), "peer")).isEqualTo("sip:alice@127.0.0.1");

    alice.stdin.println("Hello Bob");
    String m = bob.next("message");
    assertThat(field(m, "text")).isEqualTo("Hello Bob");
    bob.stdin.println("Hi Alice");
    assertThat(field(alice.next("message"), "text")).isEqualTo("Hi Alice");

    alice.stdin.close();
    assertThat(field(alice.next("ended"), "reason")).isEqualTo("local_bye");
    assertThat(field(bob.next("ended"), "reason")).isEqualTo("remote_bye");
    assertThat(alice.exitCode()).isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void jsonLinesReportDeliveryNotificationsOfTheMessagesSent() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    Running bob = new Running("--listen", bobUri, "--json");
    bob.next("listening");
    Running alice = new Running(bobUri, "--as", "sip:alice@127.0.0.1", "--json");
    assertThat(field(alice.next("session"), "cpim")).isEqualTo("true");
    alice.stdin.println("Hello Bob");
    String sending = alice.next("sending");
    String id = field(sending, "id");
    assertThat(field(sending, "text")).isEqualTo("Hello Bob");
    String received = bob.next("message");
    assertThat(field(received, "id")).isEqualTo(id);
    assertThat(field(received, "content_type")).startsWith("text/plain");
    // The 200 and Bob's delivery notification race to Alice's output: both come, in either order.
    List<String> after =
        List.of(alice.nextOf("sent", "notification"), alice.nextOf("sent", "notification"));
    assertThat(after)
        .extracting(l -> field(l, "event"))
        .containsExactlyInAnyOrder("sent", "notification");
    for (String l : after) {
      assertThat(field(l, "id")).isEqualTo(id);
      if (field(l, "event").equals("notification")) {
        assertThat(field(l, "status")).isEqualTo("delivered");
      }
    }
    alice.stdin.close();
    assertThat(alice.exitCode()).isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void pagerModeSendsEachLineAsAMessage() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    Running bob = new Running("--listen", bobUri, "--pager", "--json");
    bob.next("listening");
    String aliceUri = "sip:alice@127.0.0.1:" + freePort();
    Running alice = new Running(bobUri, "--listen", aliceUri, "--pager", "--json");
    alice.stdin.println("page one");
    assertThat(field(alice.next("sent"), "text")).isEqualTo("page one");
    String m = bob.next("message");
    assertThat(field(m, "text")).isEqualTo("page one");
    assertThat(field(m, "from")).isEqualTo(aliceUri);
    bob.stdin.println("page back");
    assertThat(field(alice.next("message"), "text")).isEqualTo("page back");
    alice.stdin.close();
    bob.stdin.close();
    assertThat(alice.exitCode()).isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void pagerModeOverTls(@TempDir Path dir) throws Exception {
    KeyStore aliceKeys = TestCertificates.selfSigned(dir, "alice");
    KeyStore bobKeys = TestCertificates.selfSigned(dir, "bob");
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    Running bob =
        new Running(
            "--listen",
            bobUri,
            "--pager",
            "--transport",
            "tls",
            "--tls-keystore",
            dir.resolve("bob.p12").toString(),
            "--tls-trust",
            fingerprint(aliceKeys),
            "--json");
    assertThat(field(bob.next("listening"), "uri")).contains("transport=tls");
    String aliceUri = "sip:alice@127.0.0.1:" + freePort();
    Running alice =
        new Running(
            bobUri,
            "--listen",
            aliceUri,
            "--pager",
            "--transport",
            "tls",
            "--tls-keystore",
            dir.resolve("alice.p12").toString(),
            "--tls-password",
            "changeit",
            "--tls-trust",
            fingerprint(bobKeys),
            "--json");
    alice.stdin.println("page over tls");
    assertThat(field(alice.next("sent"), "text")).isEqualTo("page over tls");
    assertThat(field(bob.next("message"), "text")).isEqualTo("page over tls");
    bob.stdin.println("back over tls");
    assertThat(field(alice.next("message"), "text")).isEqualTo("back over tls");
    alice.stdin.close();
    bob.stdin.close();
    assertThat(alice.exitCode()).isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  private static String fingerprint(KeyStore ks) throws Exception {
    return Fingerprint.sha256((X509Certificate) ks.getCertificate(TestCertificates.ALIAS))
        .toString();
  }

  @Test
  void tlsWithoutAKeyStoreIsInvalidInput() throws Exception {
    CommandLine cmd =
        new CommandLine(new ChatCommand(new BufferedReader(new java.io.StringReader(""))));
    java.io.StringWriter out = new java.io.StringWriter();
    cmd.setOut(new PrintWriter(out));
    assertThat(cmd.execute("sip:bob@127.0.0.1", "--transport", "tls", "--json"))
        .isEqualTo(Parley.INVALID_INPUT);
    assertThat(out.toString()).contains("--tls-keystore");
  }

  @Test
  void wssSessionsWithoutAnMsrpsRelayAreInvalidInput(@TempDir Path dir) throws Exception {
    TestCertificates.selfSigned(dir, "bob");
    CommandLine cmd =
        new CommandLine(new ChatCommand(new BufferedReader(new java.io.StringReader(""))));
    java.io.StringWriter out = new java.io.StringWriter();
    cmd.setOut(new PrintWriter(out));
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    String keys = dir.resolve("bob.p12").toString();
    assertThat(
            cmd.execute("--listen", bobUri, "--websocket", "0", "--tls-keystore", keys, "--json"))
        .isEqualTo(Parley.INVALID_INPUT);
    assertThat(out.toString()).contains("needs an msrps --relay");
  }

  /** {@code --websocket}: a browser's MESSAGE over ws (RFC 7118) reaches the chat. */
  @Test
  void aListenerTakesABrowsersMessageOverWebSocket() throws Exception {
    String bobUri = "sip:bob@127.0.0.1:" + freePort();
    Running bob = new Running("--listen", bobUri, "--pager", "--websocket", "0", "--json");
    String ws = field(bob.next("listening"), "websocket");
    assertThat(ws).startsWith("ws://127.0.0.1:");
    java.util.concurrent.BlockingQueue<String> in =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.net.http.WebSocket socket =
        java.net.http.HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("sip")
            .buildAsync(
                java.net.URI.create(ws + "/"),
                new java.net.http.WebSocket.Listener() {
                  @Override
                  public java.util.concurrent.CompletionStage<?> onText(
                      java.net.http.WebSocket w, CharSequence data, boolean last) {
                    in.add(data.toString());
                    w.request(1);
                    return null;
                  }
                })
            .get(20, java.util.concurrent.TimeUnit.SECONDS);
    String body = "hi from a browser";
    socket
        .sendText(
            "MESSAGE "
                + bobUri
                + " SIP/2.0\r\nVia: SIP/2.0/WS x1.invalid;branch=z9hG4bKws1\r\n"
                + "Max-Forwards: 70\r\nTo: <"
                + bobUri
                + ">\r\nFrom: <sip:alice@example.com>;tag=a1\r\nCall-ID: ws1@x1.invalid\r\n"
                + "CSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body,
            true)
        .get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(field(bob.next("message"), "text")).isEqualTo(body);
    assertThat(in.poll(20, java.util.concurrent.TimeUnit.SECONDS)).startsWith("SIP/2.0 200");
    bob.stdin.close();
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void twoCommandsChatThroughAnMsrpRelay(@TempDir Path dir) throws Exception {
    try (Relay relay = TestRelay.start(dir)) {
      String relayUri = relay.uri().toString();
      String bobUri = "sip:bob@127.0.0.1:" + freePort();
      Running bob =
          new Running(
              "--listen", bobUri, "--relay", relayUri, "--relay-auth", "bob:bob-secret", "--json");
      bob.next("listening");
      Running alice =
          new Running(
              bobUri,
              "--as",
              "sip:alice@127.0.0.1",
              "--relay",
              relayUri,
              "--relay-auth",
              "alice:alice-secret",
              "--json");
      alice.next("session");
      bob.next("session");
      alice.stdin.println("via the relay");
      assertThat(field(bob.next("message"), "text")).isEqualTo("via the relay");
      bob.stdin.println("back via the relay");
      assertThat(field(alice.next("message"), "text")).isEqualTo("back via the relay");
      alice.stdin.close();
      assertThat(field(bob.next("ended"), "reason")).isEqualTo("remote_bye");
      assertThat(alice.exitCode()).isEqualTo(Parley.OK);
      assertThat(bob.exitCode()).isEqualTo(Parley.OK);
    }
  }

  @Test
  void aRelayWithoutAccountIsInvalidInput() throws Exception {
    CommandLine cmd =
        new CommandLine(new ChatCommand(new BufferedReader(new java.io.StringReader(""))));
    java.io.StringWriter out = new java.io.StringWriter();
    cmd.setOut(new PrintWriter(out));
    assertThat(cmd.execute("sip:bob@127.0.0.1", "--relay", "msrp://127.0.0.1:2855;tcp", "--json"))
        .isEqualTo(Parley.INVALID_INPUT);
    assertThat(out.toString()).contains("--relay-auth");
  }

  @Test
  void aBadTargetIsInvalidInput() throws Exception {
    CommandLine cmd =
        new CommandLine(new ChatCommand(new BufferedReader(new java.io.StringReader(""))));
    java.io.StringWriter out = new java.io.StringWriter();
    cmd.setOut(new PrintWriter(out));
    assertThat(cmd.execute("mailto:bob", "--json")).isEqualTo(Parley.INVALID_INPUT);
    assertThat(out.toString()).contains("not a SIP URI");
  }
}
