package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.msrp.session.RawClient;

/**
 * Issue 13: the hostile-peer cases against {@code parley msrp listen} as a process of its own (a
 * JVM started with this test's class path), not the stack in the test's JVM. After each case a good
 * client is still served, and the process is alive. Every event line the process prints is read by
 * one thread into a queue, so that a case waits for the line it expects.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ListenProcessHostileTest {
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);
  private static final String FROM = "msrp://127.0.0.1:7777/hostile;tcp";
  private static Process listen;
  private static int port;
  private static String to;
  private static final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private static final Map<String, String> events = new HashMap<>();
  private static int good;

  @BeforeAll
  static void start() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    listen =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Parley.class.getName(),
                "msrp",
                "listen",
                "--uri",
                "msrp://127.0.0.1:0/hostile1;tcp")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(listen.getInputStream(), StandardCharsets.UTF_8));
    Thread reader =
        new Thread(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
            },
            "listen-output");
    reader.setDaemon(true);
    reader.start();
    String first = next();
    assertThat(MsrpCommandsTest.field(first, "event")).isEqualTo("listening");
    to = MsrpCommandsTest.field(first, "uri");
    String hostPort = to.substring(to.indexOf("://") + 3, to.indexOf('/', to.indexOf("://") + 3));
    port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  @AfterAll
  static void stop() throws Exception {
    if (listen != null) {
      listen.destroy();
      listen.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static String next() throws InterruptedException {
    String line = lines.poll(30, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no line from msrp listen within 30 s");
    }
    return line;
  }

  /** The event line about {@code messageId}, lines about other messages kept for later. */
  private static synchronized String eventFor(String messageId) throws InterruptedException {
    while (!events.containsKey(messageId)) {
      String line = next();
      events.put(MsrpCommandsTest.field(line, "message_id"), line);
    }
    return events.remove(messageId);
  }

  private static String sha256(byte[] b) throws Exception {
    return Hex.of(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static String send(String tid, String id, String range, String body, char flag) {
    return RawClient.send(tid, to, FROM, id, range, body, flag);
  }

  private static String whole(String tid, String id, String body) {
    return send(tid, id, "1-" + body.length() + "/" + body.length(), body, '$');
  }

  /** A good client sends a message, gets 200, and the process prints it whole. */
  private void aGoodClientIsStillServed() throws Exception {
    good++;
    String id = "good" + good;
    String body = "still served " + good;
    try (RawClient c = new RawClient(port)) {
      c.write(whole("tgood" + good, id, body));
      assertThat(c.readStatus()).isEqualTo(200);
    }
    String line = eventFor(id);
    assertThat(MsrpCommandsTest.field(line, "event")).isEqualTo("message");
    assertThat(MsrpCommandsTest.field(line, "sha256"))
        .isEqualTo(sha256(body.getBytes(StandardCharsets.US_ASCII)));
    assertThat(listen.isAlive()).isTrue();
  }

  @Test
  void garbageAndOtherProtocolsCloseTheConnection() throws Exception {
    byte[] garbage = new byte[300];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) (i * 37 + 11);
    }
    try (RawClient c = new RawClient(port)) {
      c.write(garbage);
      assertThat(c.closedWithin(CLOSE_BOUND)).isTrue();
    }
    try (RawClient c = new RawClient(port)) {
      c.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(c.closedWithin(CLOSE_BOUND)).isTrue();
    }
    SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
    engine.setUseClientMode(true);
    java.nio.ByteBuffer hello = java.nio.ByteBuffer.allocate(1 << 16);
    engine.beginHandshake();
    engine.wrap(java.nio.ByteBuffer.allocate(0), hello);
    hello.flip();
    byte[] bytes = new byte[hello.remaining()];
    hello.get(bytes);
    try (RawClient c = new RawClient(port)) {
      c.write(bytes);
      assertThat(c.closedWithin(CLOSE_BOUND)).isTrue();
    }
    aGoodClientIsStillServed();
  }

  @Test
  void aFrameDrippedOneBytePerWriteIsDelivered() throws Exception {
    byte[] frame = whole("tdrip001", "drip", "drip by drip").getBytes(StandardCharsets.US_ASCII);
    try (RawClient c = new RawClient(port)) {
      for (byte b : frame) {
        c.write(new byte[] {b});
      }
      assertThat(c.readStatus()).isEqualTo(200);
    }
    assertThat(MsrpCommandsTest.field(eventFor("drip"), "event")).isEqualTo("message");
    aGoodClientIsStillServed();
  }

  @Test
  void endOfInputMidChunkAndInsideTheEndLineAbortTheMessage() throws Exception {
    String mid = whole("tmid0001", "midchunk", "0123456789");
    try (RawClient c = new RawClient(port)) {
      c.write(mid.substring(0, mid.indexOf("0123") + 4));
    }
    assertThat(MsrpCommandsTest.field(eventFor("midchunk"), "event")).isEqualTo("aborted");
    String end = whole("tend0001", "inend", "0123456789");
    try (RawClient c = new RawClient(port)) {
      c.write(end.substring(0, end.indexOf("-------") + 5));
    }
    assertThat(MsrpCommandsTest.field(eventFor("inend"), "event")).isEqualTo("aborted");
    aGoodClientIsStillServed();
  }

  @Test
  void endOfInputBetweenChunksAbortsTheMessage() throws Exception {
    try (RawClient c = new RawClient(port)) {
      c.write(send("tbtw0001", "between", "1-5/10", "01234", '+'));
      assertThat(c.readStatus()).isEqualTo(200);
    }
    assertThat(MsrpCommandsTest.field(eventFor("between"), "event")).isEqualTo("aborted");
    aGoodClientIsStillServed();
  }

  @Test
  void anAbortedMessageIsReportedAborted() throws Exception {
    try (RawClient c = new RawClient(port)) {
      c.write(send("tabo0001", "abort1", "1-5/20", "01234", '+'));
      assertThat(c.readStatus()).isEqualTo(200);
      c.write(send("tabo0002", "abort1", "6-10/20", "56789", '#'));
      assertThat(c.readStatus()).isEqualTo(200);
    }
    assertThat(MsrpCommandsTest.field(eventFor("abort1"), "event")).isEqualTo("aborted");
    aGoodClientIsStillServed();
  }

  @Test
  void outOfOrderAndDuplicateChunksAndNearEndLinesMakeTheWholeMessage() throws Exception {
    // The bodies hold lines that look like end-lines but are not their chunks' own.
    String a = "abc\r\n-------tooo0001+\r\n";
    String b = "\r\n-------xxxx$\r\nmore";
    String all = a + b;
    int n = all.length();
    try (RawClient c = new RawClient(port)) {
      c.write(send("tooo0002", "ooo1", (a.length() + 1) + "-" + n + "/" + n, b, '$'));
      assertThat(c.readStatus()).isEqualTo(200);
      c.write(send("tooo0003", "ooo1", (a.length() + 1) + "-" + n + "/" + n, b, '$'));
      assertThat(c.readStatus()).isEqualTo(200);
      c.write(send("tooo0009", "ooo1", "1-" + a.length() + "/" + n, a, '+'));
      assertThat(c.readStatus()).isEqualTo(200);
    }
    String line = eventFor("ooo1");
    assertThat(MsrpCommandsTest.field(line, "event")).isEqualTo("message");
    assertThat(MsrpCommandsTest.field(line, "sha256"))
        .isEqualTo(sha256(all.getBytes(StandardCharsets.US_ASCII)));
    aGoodClientIsStillServed();
  }

  @Test
  void aFloodOfPipelinedSendsIsAnsweredInFull() throws Exception {
    int n = 2_000;
    StringBuilder flood = new StringBuilder();
    for (int i = 0; i < n; i++) {
      flood.append(whole(String.format("tfl%05d", i), "flood" + i, "x" + i));
    }
    try (RawClient c = new RawClient(port)) {
      c.write(flood.toString());
      for (int i = 0; i < n; i++) {
        assertThat(c.readStatus()).isEqualTo(200);
      }
    }
    for (int i = 0; i < n; i++) {
      assertThat(MsrpCommandsTest.field(eventFor("flood" + i), "event")).isEqualTo("message");
    }
    aGoodClientIsStillServed();
  }

  @Test
  void twoHundredConnectionsAtOnceAreAllDelivered() throws Exception {
    int n = 200;
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        statuses.add(
            pool.submit(
                () -> {
                  try (RawClient c = new RawClient(port)) {
                    c.write(whole(String.format("tcc%05d", k), "conc" + k, "message " + k));
                    return c.readStatus();
                  }
                }));
      }
      for (Future<Integer> s : statuses) {
        assertThat(s.get(60, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < n; i++) {
      String line = eventFor("conc" + i);
      assertThat(MsrpCommandsTest.field(line, "event")).as(line).isEqualTo("message");
      assertThat(MsrpCommandsTest.field(line, "sha256"))
          .isEqualTo(sha256(("message " + i).getBytes(StandardCharsets.US_ASCII)));
    }
    aGoodClientIsStillServed();
  }
}
