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
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.transport.TestCertificates;
import picocli.CommandLine;

/** {@code parley msrp listen} and {@code parley msrp send} against each other on 127.0.0.1. */
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
        .contains("Connection refused");
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
}
