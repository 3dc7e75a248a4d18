package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;
import org.parley.msrp.session.SessionListener;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;

/**
 * The JavaScript MSRP library (web/src/msrp) against Parley's relay over ws, with Node's own
 * WebSocket: it authenticates (Digest, SHA-256 first), binds a session to a Java endpoint behind
 * the same relay over TCP, sends a text and a 1 MB file in chunks, and gets a text back.
 */
@Timeout(300)
class NodeClientTest {
  private static final String REALM = "relay.test";

  @TempDir Path dir;

  /** The first two messages received: whole, or their SHA-256 when large. */
  private static final class Inbox implements SessionListener {
    final List<CompletableFuture<byte[]>> got =
        List.of(new CompletableFuture<>(), new CompletableFuture<>());
    private final Map<String, ByteArrayOutputStream> bodies = new HashMap<>();
    private int n;

    /** Messages larger than this are hashed, not kept; the marks complete at each quarter. */
    final long keepUpTo;

    final List<CompletableFuture<Void>> quarters =
        List.of(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
    private final MessageDigest sha256;

    Inbox(long keepUpTo) throws Exception {
      this.keepUpTo = keepUpTo;
      this.sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public synchronized void bytes(
        MsrpSession s, IncomingMessage m, long position, io.netty.buffer.ByteBuf slice) {
      byte[] bytes = new byte[slice.readableBytes()];
      slice.getBytes(slice.readerIndex(), bytes);
      if (m.total() > keepUpTo) {
        sha256.update(bytes);
        long done = position + bytes.length;
        for (int q = 0; q < 3; q++) {
          if (done >= m.total() * (q + 1) / 4) {
            quarters.get(q).complete(null);
          }
        }
        return;
      }
      ByteArrayOutputStream b =
          bodies.computeIfAbsent(m.messageId(), k -> new ByteArrayOutputStream());
      b.write(bytes, 0, bytes.length);
    }

    @Override
    public synchronized void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
      ByteArrayOutputStream b = bodies.remove(m.messageId());
      byte[] body =
          m.total() > keepUpTo ? sha256.digest() : b == null ? new byte[0] : b.toByteArray();
      got.get(Math.min(n++, 1)).complete(body);
    }
  }

  @Test
  void theJavaScriptClientChatsThroughTheRelayWithAJavaEndpoint() throws Exception {
    chat(1 << 20, false);
  }

  /**
   * A 100 MB file from the library (read piece by piece, as a page reads a File) streams through
   * the relay to the Java endpoint, which hashes it as it comes: the heap (relay and endpoint,
   * after a full collection at each quarter of the transfer) stays within 64 MB of where it
   * started.
   */
  @Test
  void aHundredMegabyteFileStreamsThroughTheRelayInBoundedMemory() throws Exception {
    chat(100L << 20, true);
  }

  private void chat(long size, boolean measure) throws Exception {
    Path users = dir.resolve("users");
    Files.writeString(
        users,
        HtdigestUserStore.line("alice", REALM, "alice-pw")
            + "\n"
            + HtdigestUserStore.line("bob", REALM, "bob-pw")
            + "\n");
    RelayConfig config =
        RelayConfig.builder()
            .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
            .listen(MsrpUri.parse("msrp://127.0.0.1:0;ws"))
            .users(users)
            .realm(REALM)
            .threads(2)
            .build();
    Relay relay = Relay.start(config);
    MsrpUri ws = relay.uris().stream().filter(RelayConfig::isWebSocket).findFirst().orElseThrow();
    Process node =
        new ProcessBuilder(
                "node",
                "--experimental-websocket",
                "--no-warnings",
                "test-it/relay-chat.mjs",
                "ws://127.0.0.1:" + ws.port() + "/msrp",
                ws.toString(),
                "alice",
                "alice-pw")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (relay;
        MsrpStack bob = MsrpStack.builder().build();
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
      MsrpUri bobUri = MsrpUri.parse("msrp://127.0.0.1:9/bob1;tcp");
      RelayBinding b =
          bob.authenticate(relay.uri(), bobUri, "bob", "bob-pw", null, null)
              .get(20, TimeUnit.SECONDS);
      Inbox inbox = new Inbox(4 << 20);
      MsrpSession bs = bob.session(bobUri, inbox);
      bs.relays(b.usePath());

      String alicePath = field(out.readLine(), "path");
      assertThat(alicePath)
          .matches("msrp://127\\.0\\.0\\.1:\\d+/\\S+;tcp msrp://[a-z0-9]+\\.invalid:2855/\\S+;ws");
      bs.remotePath(Arrays.stream(alicePath.split(" ")).map(MsrpUri::parse).toList());
      String bobPath = String.join(" ", b.pathTo(bobUri).stream().map(MsrpUri::toString).toList());
      long before = measure ? heapAfterGc() : 0;
      in.write(
          "{\"peer\": \""
              + bobPath
              + "\", \"text\": \"Hello from a browser's library\", \"bytes\": "
              + size
              + "}\n");
      in.flush();

      byte[] text = inbox.got.get(0).get(30, TimeUnit.SECONDS);
      assertThat(new String(text, StandardCharsets.UTF_8))
          .isEqualTo("Hello from a browser's library");
      assertThat(field(out.readLine(), "sent")).isNotEmpty();
      if (measure) {
        long growth = 0;
        for (CompletableFuture<Void> q : inbox.quarters) {
          q.get(120, TimeUnit.SECONDS);
          growth = Math.max(growth, heapAfterGc() - before);
        }
        System.out.printf(
            "NodeClientTest: heap growth at the quarters of %d MB: at most %d KB%n",
            size >> 20, growth >> 10);
        assertThat(growth).isLessThanOrEqualTo(64L << 20);
      }
      byte[] file = inbox.got.get(1).get(180, TimeUnit.SECONDS);
      String sentLine = out.readLine();
      byte[] digest =
          size > inbox.keepUpTo ? file : MessageDigest.getInstance("SHA-256").digest(file);
      assertThat(HexFormat.of().formatHex(digest)).isEqualTo(field(sentLine, "sha256"));

      bs.send("text/plain", "Hello back, from Java".getBytes(StandardCharsets.UTF_8))
          .get(20, TimeUnit.SECONDS);
      assertThat(field(out.readLine(), "received")).isEqualTo("Hello back, from Java");
      assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(node.exitValue()).isZero();
    } finally {
      node.destroyForcibly();
    }
  }

  private static long heapAfterGc() {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    m.gc();
    return m.getHeapMemoryUsage().getUsed();
  }

  /** A string field of one JSON line the script printed. */
  private static String field(String line, String name) {
    assertThat(line).as("a line from the script").isNotNull();
    Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(line);
    assertThat(m.find()).as(name + " in " + line).isTrue();
    return m.group(1).replace("\\\"", "\"");
  }
}
