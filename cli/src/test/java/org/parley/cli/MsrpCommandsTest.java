package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.session.RawClient;
import org.parley.msrp.transport.TestCertificates;
import picocli.CommandLine;

/** {@code parley msrp listen} and {@code parley msrp send} against each other on 127.0.0.1. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MsrpCommandsTest {
  @TempDir Path dir;

  static String field(String json, String name) {
    String key = "\"" + name + "\":";
    int i = json.indexOf(key);
    assertThat(i).as(name + " in " + json).isPositive();
    int from = i + key.length();
    if (json.charAt(from) == '"') {
      return json.substring(from + 1, json.indexOf('"', from + 1));
    }
    int end = from;
    while (end < json.length() && json.charAt(end) != ',' && json.charAt(end) != '}') {
      end++;
    }
    return json.substring(from, end);
  }

  @Test
  void aFileSentIsSavedWholeWithTheSameHash() throws Exception {
    PipedWriter pipe = new PipedWriter();
    BufferedReader listenOut = new BufferedReader(new PipedReader(pipe, 1 << 16));
    CommandLine listen = Parley.commandLine();
    listen.setOut(new PrintWriter(pipe, true));
    Path saved = dir.resolve("in");
    CompletableFuture<Integer> listening =
        CompletableFuture.supplyAsync(
            () ->
                listen.execute(
                    "msrp",
                    "listen",
                    "--uri",
                    "msrp://127.0.0.1:0/s1;tcp",
                    "--count",
                    "1",
                    "--save-dir",
                    saved.toString()));
    String first = listenOut.readLine();
    assertThat(field(first, "event")).isEqualTo("listening");
    String uri = field(first, "uri");

    byte[] data = new byte[50_000];
    new Random(3).nextBytes(data);
    Path file = dir.resolve("blob.bin");
    Files.write(file, data);
    String sha = Hex.of(MessageDigest.getInstance("SHA-256").digest(data));

    CommandLine send = Parley.commandLine();
    StringWriter sendOut = new StringWriter();
    send.setOut(new PrintWriter(sendOut));
    int code =
        send.execute(
            "msrp", "send", "--to", uri, "--file", file.toString(), "--chunk-size", "7000");
    assertThat(code).as(sendOut.toString()).isEqualTo(Parley.OK);
    assertThat(field(sendOut.toString(), "chunks")).isEqualTo("8");
    assertThat(field(sendOut.toString(), "sha256")).isEqualTo(sha);

    String message = listenOut.readLine();
    assertThat(field(message, "event")).isEqualTo("message");
    assertThat(field(message, "bytes")).isEqualTo("50000");
    assertThat(field(message, "sha256")).isEqualTo(sha);
    assertThat(listening.get(20, TimeUnit.SECONDS)).isEqualTo(Parley.OK);
    assertThat(Files.readAllBytes(saved.resolve(field(message, "message_id")))).isEqualTo(data);
  }

  @Test
  void badInputIsRefusedWithExitCode2() {
    CommandLine send = Parley.commandLine();
    StringWriter out = new StringWriter();
    send.setOut(new PrintWriter(out));
    assertThat(send.execute("msrp", "send", "--to", "sip:bob@example.com", "--text", "hi"))
        .isEqualTo(Parley.INVALID_INPUT);
    assertThat(field(out.toString(), "event")).isEqualTo("error");
    assertThat(out.toString()).contains("msrp-scheme");
  }

  @Test
  void anUnreachablePeerFailsWithExitCode1() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CommandLine send = Parley.commandLine();
    StringWriter out = new StringWriter();
    send.setOut(new PrintWriter(out));
    int code =
        send.execute(
            "msrp",
            "send",
            "--to",
            "msrp://127.0.0.1:" + port + "/x1;tcp",
            "--text",
            "hi",
            "--timeout",
            "10");
    assertThat(code).isEqualTo(Parley.FAILED);
    assertThat(field(out.toString(), "event")).isEqualTo("error");
    assertThat(new String(out.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .contains("nothing answers there (connection refused)");
  }

  @Test
  void overTlsTheSenderChecksTheListenersFingerprint() throws Exception {
    Path[] pem =
        TestCertificates.writePem(TestCertificates.selfSigned(dir, "parley-cli-test"), dir);
    PipedWriter pipe = new PipedWriter();
    BufferedReader listenOut = new BufferedReader(new PipedReader(pipe, 1 << 16));
    CommandLine listen = Parley.commandLine();
    listen.setOut(new PrintWriter(pipe, true));
    CompletableFuture<Integer> listening =
        CompletableFuture.supplyAsync(
            () ->
                listen.execute(
                    "msrp",
                    "listen",
                    "--uri",
                    "msrp://127.0.0.1:0/tls1;tcp",
                    "--tls",
                    "--cert",
                    pem[0].toString(),
                    "--key",
                    pem[1].toString(),
                    "--count",
                    "1"));
    String first = listenOut.readLine();
    assertThat(field(first, "event")).isEqualTo("listening");
    String uri = field(first, "uri");
    assertThat(uri).startsWith("msrps://");
    String fingerprint = field(first, "fingerprint");
    assertThat(fingerprint).startsWith("sha-256 ");

    String wrong = "sha-256:" + "00:".repeat(31) + "00";
    StringWriter refused = new StringWriter();
    CommandLine bad = Parley.commandLine();
    bad.setOut(new PrintWriter(refused));
    assertThat(bad.execute("msrp", "send", "--to", uri, "--fingerprint", wrong, "--text", "no"))
        .as(refused.toString())
        .isEqualTo(Parley.FAILED);

    StringWriter sendOut = new StringWriter();
    CommandLine send = Parley.commandLine();
    send.setOut(new PrintWriter(sendOut));
    int code =
        send.execute(
            "msrp",
            "send",
            "--to",
            uri,
            "--fingerprint",
            fingerprint.replace(' ', ':'),
            "--text",
            "over TLS");
    assertThat(code).as(sendOut.toString()).isEqualTo(Parley.OK);
    String message = listenOut.readLine();
    assertThat(field(message, "event")).isEqualTo("message");
    assertThat(field(message, "bytes")).isEqualTo("8");
    assertThat(listening.get(20, TimeUnit.SECONDS)).isEqualTo(Parley.OK);
  }

  @Test
  void limitsOfTheListenerAreRefusedAndASuccessReportIsAwaited() throws Exception {
    PipedWriter pipe = new PipedWriter();
    BufferedReader listenOut = new BufferedReader(new PipedReader(pipe, 1 << 16));
    CommandLine listen = Parley.commandLine();
    listen.setOut(new PrintWriter(pipe, true));
    CompletableFuture<Integer> listening =
        CompletableFuture.supplyAsync(
            () ->
                listen.execute(
                    "msrp",
                    "listen",
                    "--uri",
                    "msrp://127.0.0.1:0/lim1;tcp",
                    "--max-size",
                    "100",
                    "--accept-types",
                    "text/plain,image/*",
                    "--count",
                    "1"));
    String uri = field(listenOut.readLine(), "uri");

    StringWriter tooBig = new StringWriter();
    CommandLine big = Parley.commandLine();
    big.setOut(new PrintWriter(tooBig));
    assertThat(big.execute("msrp", "send", "--to", uri, "--text", "x".repeat(101)))
        .isEqualTo(Parley.FAILED);
    assertThat(tooBig.toString()).contains("413");

    StringWriter wrongType = new StringWriter();
    CommandLine typed = Parley.commandLine();
    typed.setOut(new PrintWriter(wrongType));
    assertThat(
            typed.execute(
                "msrp", "send", "--to", uri, "--text", "{}", "--content-type", "application/json"))
        .isEqualTo(Parley.FAILED);
    assertThat(wrongType.toString()).contains("415");

    StringWriter fine = new StringWriter();
    CommandLine ok = Parley.commandLine();
    ok.setOut(new PrintWriter(fine));
    assertThat(ok.execute("msrp", "send", "--to", uri, "--text", "fits", "--success-report", "yes"))
        .as(fine.toString())
        .isEqualTo(Parley.OK);
    assertThat(field(fine.toString(), "success_report")).isEqualTo("200");
    assertThat(field(listenOut.readLine(), "bytes")).isEqualTo("4");
    assertThat(listening.get(20, TimeUnit.SECONDS)).isEqualTo(Parley.OK);
  }

  /** {@code parley msrp listen} running in a thread of its own, its output read line by line. */
  private static final class Listening implements AutoCloseable {
    final BufferedReader out;
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    final Thread thread;
    final String uri;

    Listening(String... args) throws Exception {
      PipedWriter pipe = new PipedWriter();
      out = new BufferedReader(new PipedReader(pipe, 1 << 16));
      CommandLine listen = Parley.commandLine();
      listen.setOut(new PrintWriter(pipe, true));
      listen.setErr(new PrintWriter(new StringWriter()));
      String[] all = new String[args.length + 2];
      all[0] = "msrp";
      all[1] = "listen";
      System.arraycopy(args, 0, all, 2, args.length);
      thread = new Thread(() -> exit.complete(listen.execute(all)), "msrp-listen");
      thread.setDaemon(true);
      thread.start();
      String first = out.readLine();
      assertThat(field(first, "event")).isEqualTo("listening");
      uri = field(first, "uri");
    }

    int port() {
      String hostPort =
          uri.substring(uri.indexOf("://") + 3, uri.indexOf('/', uri.indexOf("://") + 3));
      return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    @Override
    public void close() throws Exception {
      thread.interrupt(); // how a run without --count is stopped
      exit.get(20, TimeUnit.SECONDS);
    }
  }

  private static int send(String uri, String text) {
    CommandLine send = Parley.commandLine();
    StringWriter out = new StringWriter();
    send.setOut(new PrintWriter(out));
    return send.execute("msrp", "send", "--to", uri, "--text", text);
  }

  /** Issue 13, defect 2: without --count (0) the listener takes message after message. */
  @Test
  void withoutACountTheListenerRunsUntilStopped() throws Exception {
    try (Listening l = new Listening("--uri", "msrp://127.0.0.1:0/run1;tcp")) {
      for (int i = 1; i <= 3; i++) {
        assertThat(send(l.uri, "message " + i)).as("send " + i).isEqualTo(Parley.OK);
        String line = l.out.readLine();
        assertThat(field(line, "event")).isEqualTo("message");
        assertThat(field(line, "bytes")).isEqualTo("9");
      }
      assertThat(l.exit).as("still listening").isNotDone();
    }
  }

  private static final String FROM = "msrp://127.0.0.1:7777/raw1;tcp";

  /**
   * Issue 13, defect 3: chunks that come last-first are saved and hashed as the whole message, with
   * --save-dir and without it.
   */
  @Test
  void chunksLastFirstAreHashedAsTheWholeMessage() throws Exception {
    byte[] whole = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
    String sha = Hex.of(MessageDigest.getInstance("SHA-256").digest(whole));
    Path saved = dir.resolve("saved");
    for (boolean save : new boolean[] {false, true}) {
      String[] args =
          save
              ? new String[] {
                "--uri", "msrp://127.0.0.1:0/ord1;tcp", "--save-dir", saved.toString()
              }
              : new String[] {"--uri", "msrp://127.0.0.1:0/ord1;tcp"};
      try (Listening l = new Listening(args);
          RawClient c = new RawClient(l.port())) {
        c.write(
            RawClient.send("tord0003", l.uri, FROM, "ordered", "25-36/36", "opqrstuvwxyz", '$'));
        c.write(
            RawClient.send("tord0002", l.uri, FROM, "ordered", "13-24/36", "cdefghijklmn", '+'));
        c.write(RawClient.send("tord0001", l.uri, FROM, "ordered", "1-12/36", "0123456789ab", '+'));
        for (int i = 0; i < 3; i++) {
          assertThat(c.readStatus()).isEqualTo(200);
        }
        String line = l.out.readLine();
        assertThat(field(line, "event")).isEqualTo("message");
        assertThat(field(line, "bytes")).isEqualTo("36");
        assertThat(field(line, "sha256")).as(save ? "with --save-dir" : "without").isEqualTo(sha);
      }
    }
    assertThat(Files.readAllBytes(saved.resolve("ordered"))).isEqualTo(whole);
  }

  /**
   * Issue 13, defect 1: 200 connections at once each send one whole message to the session and
   * close after the 200; every message is printed as a message, none as aborted.
   */
  @Test
  void twoHundredConnectionsAtOnceAreAllDelivered() throws Exception {
    int n = 200;
    try (Listening l = new Listening("--uri", "msrp://127.0.0.1:0/many1;tcp")) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newCachedThreadPool();
      try {
        CompletableFuture<Void> go = new CompletableFuture<>();
        java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
          int k = i;
          statuses.add(
              pool.submit(
                  () -> {
                    String body = ("message " + k + " ").repeat(20);
                    String range = "1-" + body.length() + "/" + body.length();
                    try (RawClient c = new RawClient(l.port())) {
                      go.join();
                      c.write(
                          RawClient.send(
                              "tm" + (1000 + k), l.uri, FROM, "msg" + k, range, body, '$'));
                      return c.readStatus();
                    }
                  }));
        }
        go.complete(null);
        for (java.util.concurrent.Future<Integer> s : statuses) {
          assertThat(s.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        }
      } finally {
        pool.shutdownNow();
      }
      java.util.Set<String> delivered = new java.util.HashSet<>();
      for (int i = 0; i < n; i++) {
        String line = l.out.readLine();
        assertThat(field(line, "event")).as(line).isEqualTo("message");
        delivered.add(field(line, "message_id"));
      }
      assertThat(delivered).hasSize(n);
    }
  }
}
