package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.ByteRange;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.transport.MsrpListener;

/** Two stacks over real sockets on 127.0.0.1. */
class MsrpSessionTest {
  @RegisterExtension final Stacks stacks = new Stacks();

  private MsrpStack alice;
  private MsrpStack bob;

  /** Collects one incoming message. */
  static final class Inbox implements SessionListener {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<IncomingMessage> done = new CompletableFuture<>();
    volatile IncomingMessage started;
    volatile int starts;
    long expectedPosition;

    @Override
    public void started(MsrpSession session, IncomingMessage message) {
      started = message;
      starts++;
    }

    @Override
    public void bytes(MsrpSession session, IncomingMessage message, long position, ByteBuf slice) {
      if (position != expectedPosition) {
        done.completeExceptionally(new AssertionError("bytes at " + position));
      }
      byte[] b = new byte[slice.readableBytes()];
      slice.getBytes(slice.readerIndex(), b);
      bytes.writeBytes(b);
      expectedPosition += b.length;
    }

    @Override
    public void completed(MsrpSession session, IncomingMessage message, boolean aborted) {
      done.complete(message);
    }
  }

  MsrpUri bobUri(MsrpListener l, String session) {
    return MsrpUri.parse("msrp://127.0.0.1:" + l.localAddress().getPort() + "/" + session + ";tcp");
  }

  @Test
  void sendsAMessageInChunksAndTheOtherSideGetsItWhole() throws Exception {
    alice = stacks.add(MsrpStack.builder().chunkSize(1000).streamDirect(false).build());
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    Inbox inbox = new Inbox();
    MsrpSession b = bob.session(bobUri(l, "bob1"), inbox);
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice1;tcp"), new SessionListener() {});
    a.remotePath(List.of(b.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);
    assertThat(b.connection()).as("bound by the empty SEND").isNotNull();

    byte[] data = new byte[10_500];
    new Random(1).nextBytes(data);
    a.send("application/octet-stream", data).get(20, TimeUnit.SECONDS);

    IncomingMessage m = inbox.done.get(20, TimeUnit.SECONDS);
    assertThat(m.contentType()).isEqualTo("application/octet-stream");
    assertThat(m.total()).isEqualTo(10_500);
    assertThat(m.received()).isEqualTo(10_500);
    assertThat(inbox.bytes.toByteArray()).isEqualTo(data);
  }

  @Test
  void anUnknownSessionGets481() {
    alice = stacks.add(MsrpStack.builder().build());
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    bob.session(bobUri(l, "bob1"), new SessionListener() {});
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice2;tcp"), new SessionListener() {});
    a.remotePath(List.of(bobUri(l, "nobody")));
    assertThatThrownBy(() -> a.connect(null).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(MsrpResponseException.class)
        .satisfies(e -> assertThat(((MsrpResponseException) e).code()).isEqualTo(481));
  }

  @Test
  void aPeerThatNeverAnswersTimesOut() throws Exception {
    alice = stacks.add(MsrpStack.builder().transactionTimeout(Duration.ofMillis(300)).build());
    try (ServerSocket silent =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      MsrpSession a =
          alice.session(
              MsrpUri.parse("msrp://127.0.0.1:7777/alice3;tcp"), new SessionListener() {});
      a.remotePath(
          List.of(MsrpUri.parse("msrp://127.0.0.1:" + silent.getLocalPort() + "/bob3;tcp")));
      CompletableFuture<Void> bind = a.connect(null);
      try (Socket accepted = silent.accept()) {
        InputStream in = accepted.getInputStream();
        byte[] head = new byte[4];
        assertThat(in.readNBytes(head, 0, 4)).isEqualTo(4);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("MSRP");
        assertThatThrownBy(() -> bind.get(20, TimeUnit.SECONDS))
            .hasCauseInstanceOf(TransactionTimeoutException.class);
      }
    }
  }

  @Test
  void losingTheConnectionFailsWhatIsInFlight() throws Exception {
    alice = stacks.add(MsrpStack.builder().build());
    try (ServerSocket closer =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      MsrpSession a =
          alice.session(
              MsrpUri.parse("msrp://127.0.0.1:7777/alice4;tcp"), new SessionListener() {});
      a.remotePath(
          List.of(MsrpUri.parse("msrp://127.0.0.1:" + closer.getLocalPort() + "/bob4;tcp")));
      CompletableFuture<Void> bind = a.connect(null);
      try (Socket accepted = closer.accept()) {
        assertThat(accepted.getInputStream().readNBytes(4)).hasSize(4);
      }
      assertThatThrownBy(() -> bind.get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ClosedChannelException.class);
    }
  }

  /** A REPORT as the sending side heard it. */
  static final class Report {
    final String messageId;
    final MsrpStatus status;
    final ByteRange range;

    Report(String messageId, MsrpStatus status, ByteRange range) {
      this.messageId = messageId;
      this.status = status;
      this.range = range;
    }
  }

  /** Collects the REPORTs a sending session hears. */
  static final class Reports implements SessionListener {
    final BlockingQueue<Report> queue = new LinkedBlockingQueue<>();

    @Override
    public void report(MsrpSession session, String messageId, MsrpStatus status, ByteRange range) {
      queue.add(new Report(messageId, status, range));
    }

    Report next() throws InterruptedException {
      Report r = queue.poll(20, TimeUnit.SECONDS);
      assertThat(r).as("a REPORT within 20 s").isNotNull();
      return r;
    }
  }

  /** Alice (chunk size {@code chunkSize}) connected to Bob's session {@code b}. */
  private MsrpSession connectedPair(int chunkSize, SessionListener aliceListener, Inbox inbox)
      throws Exception {
    alice = stacks.add(MsrpStack.builder().chunkSize(chunkSize).streamDirect(false).build());
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    bobSession = bob.session(bobUri(l, "bob" + chunkSize), inbox);
    MsrpSession a =
        alice.session(
            MsrpUri.parse("msrp://127.0.0.1:7777/alice" + chunkSize + ";tcp"), aliceListener);
    a.remotePath(List.of(bobSession.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);
    return a;
  }

  private MsrpSession bobSession;

  private static int failureCode(CompletableFuture<Void> send) {
    try {
      send.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(MsrpResponseException.class);
      return ((MsrpResponseException) e.getCause()).code();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the send succeeded");
  }

  @Test
  void aFileOfFiveMegabytesArrivesByteExact(@TempDir Path dir) throws Exception {
    Inbox inbox = new Inbox();
    MsrpSession a = connectedPair(MsrpStack.DEFAULT_CHUNK_SIZE, new SessionListener() {}, inbox);
    byte[] data = new byte[5 * 1024 * 1024];
    new Random(5).nextBytes(data);
    Path file = Files.write(dir.resolve("five.bin"), data);

    a.send("application/octet-stream", file).get(60, TimeUnit.SECONDS);

    IncomingMessage m = inbox.done.get(20, TimeUnit.SECONDS);
    assertThat(m.total()).isEqualTo(data.length);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertThat(sha.digest(inbox.bytes.toByteArray()))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void anEmptyFileIsOneEmptyChunk(@TempDir Path dir) throws Exception {
    Inbox inbox = new Inbox();
    MsrpSession a = connectedPair(100, new SessionListener() {}, inbox);
    Path file = Files.createFile(dir.resolve("empty.txt"));

    a.send("text/plain", file).get(20, TimeUnit.SECONDS);

    IncomingMessage m = inbox.done.get(20, TimeUnit.SECONDS);
    assertThat(m.contentType()).isEqualTo("text/plain");
    assertThat(m.total()).isZero();
    assertThat(m.received()).isZero();
  }

  @Test
  void aMessageOverMaxSizeGets413AndAFailureReportAndIsNotDelivered() throws Exception {
    Inbox inbox = new Inbox();
    Reports reports = new Reports();
    MsrpSession a = connectedPair(1000, reports, inbox);
    bobSession.maxSize(1000);
    SendOptions options = SendOptions.builder().messageId("tooBig1").build();

    assertThat(failureCode(a.send("text/plain", new byte[5000], options))).isEqualTo(413);
    Report r = reports.next();
    assertThat(r.messageId).isEqualTo("tooBig1");
    assertThat(r.status.code()).isEqualTo(413);
    assertThat(r.status.namespace()).isZero();
    assertThat(r.range).isEqualTo(ByteRange.of(1, 1000, 5000));

    a.send("text/plain", new byte[1000]).get(20, TimeUnit.SECONDS);
    assertThat(inbox.done.get(20, TimeUnit.SECONDS).total()).isEqualTo(1000);
    assertThat(inbox.starts).as("the refused message never started").isEqualTo(1);
  }

  @Test
  void aTypeNotAcceptedGets415AndAFailureReport() throws Exception {
    Inbox inbox = new Inbox();
    Reports reports = new Reports();
    MsrpSession a = connectedPair(1000, reports, inbox);
    bobSession.acceptTypes(List.of("text/*", "message/CPIM"));
    SendOptions options = SendOptions.builder().messageId("png1").build();

    assertThat(failureCode(a.send("image/png", new byte[10], options))).isEqualTo(415);
    Report r = reports.next();
    assertThat(r.messageId).isEqualTo("png1");
    assertThat(r.status).isEqualTo(MsrpStatus.of(0, 415, "Unsupported Media Type"));

    a.send("Text/Plain; charset=utf-8", "hi".getBytes(StandardCharsets.UTF_8))
        .get(20, TimeUnit.SECONDS);
    IncomingMessage m = inbox.done.get(20, TimeUnit.SECONDS);
    assertThat(m.contentType()).isEqualTo("Text/Plain; charset=utf-8");
    assertThat(inbox.starts).as("the refused message never started").isEqualTo(1);
  }

  @Test
  void acceptTypesMatchWildcardsWithoutParametersOrCase() {
    assertThat(AcceptTypes.accepts(List.of(), "image/png")).isTrue();
    assertThat(AcceptTypes.accepts(List.of("*"), "image/png")).isTrue();
    assertThat(AcceptTypes.accepts(List.of("TEXT/*"), "text/html;charset=utf-8")).isTrue();
    assertThat(AcceptTypes.accepts(List.of("message/cpim"), "Message/CPIM")).isTrue();
    assertThat(AcceptTypes.accepts(List.of("text/*"), "texts/plain")).isFalse();
    assertThat(AcceptTypes.accepts(List.of("text/plain"), "text/html")).isFalse();
  }

  @Test
  void aSuccessReportCoversTheWholeMessage() throws Exception {
    Inbox inbox = new Inbox();
    Reports reports = new Reports();
    MsrpSession a = connectedPair(1000, reports, inbox);
    SendOptions options =
        SendOptions.builder().successReport(SuccessReport.YES).messageId("done42").build();

    a.send("text/plain", new byte[2500], options).get(20, TimeUnit.SECONDS);

    Report r = reports.next();
    assertThat(r.messageId).isEqualTo("done42");
    assertThat(r.status.namespace()).isZero();
    assertThat(r.status.code()).isEqualTo(200);
    assertThat(r.range).isEqualTo(ByteRange.of(1, 2500, 2500));
  }

  /** A peer on a plain socket that answers only what the test tells it to. */
  static final class RawPeer implements AutoCloseable {
    final ServerSocket server;
    Socket socket;
    InputStream in;

    RawPeer() throws IOException {
      server = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
    }

    MsrpUri uri() {
      return MsrpUri.parse("msrp://127.0.0.1:" + server.getLocalPort() + "/raw;tcp");
    }

    /** Reads a request's start line and headers; returns them by name, start line as "". */
    Map<String, String> readHead() throws IOException {
      if (socket == null) {
        socket = server.accept();
        in = new java.io.BufferedInputStream(socket.getInputStream());
      }
      Map<String, String> head = new HashMap<>();
      head.put("", readLine());
      for (String line = readLine(); !line.isEmpty() && !line.startsWith("-------"); ) {
        int colon = line.indexOf(':');
        head.put(line.substring(0, colon), line.substring(colon + 2));
        line = readLine();
        if (line.startsWith("-------")) {
          break;
        }
      }
      return head;
    }

    String readLine() throws IOException {
      StringBuilder b = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new java.io.EOFException();
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    void answer(Map<String, String> request, int code, String comment) throws IOException {
      String tid = request.get("").split(" ")[1];
      String response =
          "MSRP "
              + tid
              + " "
              + code
              + " "
              + comment
              + "\r\n"
              + "To-Path: "
              + request.get("From-Path")
              + "\r\n"
              + "From-Path: "
              + request.get("To-Path")
              + "\r\n"
              + "-------"
              + tid
              + "$\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(response.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
      }
      server.close();
    }
  }

  private MsrpSession connectedToRaw(RawPeer raw, int chunkSize) throws Exception {
    alice = stacks.add(MsrpStack.builder().chunkSize(chunkSize).streamDirect(false).build());
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice9;tcp"), new SessionListener() {});
    a.remotePath(List.of(raw.uri()));
    CompletableFuture<Void> bind = a.connect(null);
    raw.answer(raw.readHead(), 200, "OK");
    bind.get(20, TimeUnit.SECONDS);
    return a;
  }

  @Test
  void withFailureReportNoTheSendCompletesWithoutAnyResponse() throws Exception {
    try (RawPeer raw = new RawPeer()) {
      MsrpSession a = connectedToRaw(raw, 1000);
      SendOptions no = SendOptions.builder().failureReport(FailureReport.NO).build();

      a.send("text/plain", new byte[10_000], no).get(20, TimeUnit.SECONDS);

      Map<String, String> chunk = raw.readHead();
      assertThat(chunk.get("Failure-Report")).isEqualTo("no");
      assertThat(chunk.get("Byte-Range")).isEqualTo("1-1000/10000");
    }
  }

  @Test
  void aSenderStopsSendingAMessageAfter413() throws Exception {
    int chunks = 20_000;
    try (RawPeer raw = new RawPeer()) {
      MsrpSession a = connectedToRaw(raw, 1000);
      byte[] data = new byte[chunks * 1000];
      Arrays.fill(data, (byte) 'a');
      CompletableFuture<Void> send = a.send("text/plain", data);
      raw.answer(raw.readHead(), 413, "Message Too Large");

      assertThat(failureCode(send)).isEqualTo(413);
      a.close();
      byte[] rest = raw.in.readAllBytes();
      String tail = new String(rest, StandardCharsets.US_ASCII);
      int endLines = tail.split("\r\n-------", -1).length - 1;
      assertThat(endLines).as("chunks written at all").isLessThan(chunks - 1);
      assertThat(tail).doesNotContain("$\r\n");
    }
  }

  static String chunk(String tid, String to, String range, String body, char flag) {
    return ("MSRP "
            + tid
            + " SEND\n"
            + "To-Path: "
            + to
            + "\n"
            + "From-Path: msrp://127.0.0.1:7777/raw1;tcp\n"
            + "Message-ID: order1\n"
            + "Byte-Range: "
            + range
            + "\n"
            + "Content-Type: text/plain\n\n"
            + body
            + "\n-------"
            + tid
            + flag
            + "\n")
        .replace("\n", "\r\n");
  }

  @Test
  void chunksOutOfOrderAndRepeatedArePutBackTogether() throws Exception {
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    java.util.concurrent.BlockingQueue<String> heard =
        new java.util.concurrent.LinkedBlockingQueue<>();
    CompletableFuture<IncomingMessage> done = new CompletableFuture<>();
    MsrpSession b =
        bob.session(
            bobUri(l, "bob7"),
            new SessionListener() {
              @Override
              public void bytes(MsrpSession s, IncomingMessage m, long position, ByteBuf slice) {
                heard.add(position + ":" + slice.toString(StandardCharsets.US_ASCII));
              }

              @Override
              public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
                heard.add(aborted ? "aborted" : "completed");
                done.complete(m);
              }
            });
    String to = b.localUri().toString();
    try (Socket raw = new Socket("127.0.0.1", l.localAddress().getPort())) {
      java.io.OutputStream out = raw.getOutputStream();
      out.write(chunk("tid00001", to, "9-12/12", "ijkl", '$').getBytes(StandardCharsets.US_ASCII));
      out.write(chunk("tid00002", to, "1-6/12", "abcdef", '+').getBytes(StandardCharsets.US_ASCII));
      out.write(chunk("tid00003", to, "1-6/12", "abcdef", '+').getBytes(StandardCharsets.US_ASCII));
      out.write(chunk("tid00004", to, "5-8/12", "efgh", '+').getBytes(StandardCharsets.US_ASCII));
      out.flush();
      IncomingMessage m = done.get(20, TimeUnit.SECONDS);
      assertThat(m.received()).isEqualTo(12);
      List<String> events = new java.util.ArrayList<>();
      heard.drainTo(events);
      assertThat(events).containsExactly("8:ijkl", "0:abcdef", "6:gh", "completed");
    }
  }

  @Test
  void sessionsToTheSamePeerShareAConnectionUnlessOneAsksForItsOwn() throws Exception {
    alice = stacks.add(MsrpStack.builder().build());
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    Inbox inbox1 = new Inbox();
    Inbox inbox2 = new Inbox();
    MsrpSession b1 = bob.session(bobUri(l, "bob21"), inbox1);
    MsrpSession b2 = bob.session(bobUri(l, "bob22"), inbox2);
    MsrpSession a1 =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice21;tcp"), new SessionListener() {});
    MsrpSession a2 =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice22;tcp"), new SessionListener() {});
    MsrpSession a3 =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice23;tcp"), new SessionListener() {});
    a1.remotePath(List.of(b1.localUri()));
    a2.remotePath(List.of(b2.localUri()));
    a3.remotePath(List.of(b2.localUri()));
    a3.ownConnection(true);
    a1.connect(null).get(20, TimeUnit.SECONDS);
    a2.connect(null).get(20, TimeUnit.SECONDS);
    assertThat(a2.connection()).isSameAs(a1.connection());
    assertThat(b2.connection()).as("Bob sees one connection too").isSameAs(b1.connection());

    a1.close(); // the connection stays: a2 uses it
    a2.send("text/plain", "still here".getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    inbox2.done.get(20, TimeUnit.SECONDS);
    assertThat(new String(inbox2.bytes.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("still here");

    a3.connect(null).get(20, TimeUnit.SECONDS);
    assertThat(a3.connection()).isNotSameAs(a2.connection());
  }

  @Test
  void sessionIdOnlyMatchingIsAnOption() throws Exception {
    alice = stacks.add(MsrpStack.builder().build());
    bob = stacks.add(MsrpStack.builder().matchSessionIdOnly(true).build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    // Bob's SDP said bob.example.com:9999 (rewritten by a middlebox); Alice reaches 127.0.0.1.
    Inbox inbox = new Inbox();
    bob.session(MsrpUri.parse("msrp://bob.example.com:9999/cema1;tcp"), inbox);
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice31;tcp"), new SessionListener() {});
    a.remotePath(List.of(bobUri(l, "cema1")));
    a.connect(null).get(20, TimeUnit.SECONDS);
    a.send("text/plain", "via CEMA".getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    inbox.done.get(20, TimeUnit.SECONDS);
    assertThat(new String(inbox.bytes.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("via CEMA");

    // Strict matching (the default) refuses the same request with 481.
    MsrpStack strict = MsrpStack.builder().build();
    try {
      MsrpListener l2 = strict.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
      strict.session(MsrpUri.parse("msrp://bob.example.com:9999/cema2;tcp"), new Inbox());
      MsrpSession a2 =
          alice.session(
              MsrpUri.parse("msrp://127.0.0.1:7777/alice32;tcp"), new SessionListener() {});
      a2.remotePath(List.of(bobUri(l2, "cema2")));
      assertThatThrownBy(() -> a2.connect(null).join())
          .cause()
          .isInstanceOf(MsrpResponseException.class)
          .satisfies(e -> assertThat(((MsrpResponseException) e).code()).isEqualTo(481));
    } finally {
      strict.close();
    }
  }

  @Test
  void cancellingASendAbortsTheMessageAtTheReceiver() throws Exception {
    alice = stacks.add(MsrpStack.builder().chunkSize(1024).streamDirect(false).build());
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    CompletableFuture<Void> firstBytes = new CompletableFuture<>();
    CompletableFuture<Boolean> ended = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicLong got = new java.util.concurrent.atomic.AtomicLong();
    MsrpSession b =
        bob.session(
            bobUri(l, "bob41"),
            new SessionListener() {
              @Override
              public void bytes(MsrpSession s, IncomingMessage m, long position, ByteBuf slice) {
                got.addAndGet(slice.readableBytes());
                firstBytes.complete(null);
              }

              @Override
              public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
                ended.complete(aborted);
              }
            });
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice41;tcp"), new SessionListener() {});
    a.remotePath(List.of(b.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);
    byte[] big = new byte[200 << 20]; // far more than can cross before the cancel
    CompletableFuture<Void> sending = a.send("application/octet-stream", big);
    firstBytes.get(20, TimeUnit.SECONDS);
    assertThat(sending.cancel(true)).isTrue();
    assertThat(ended.get(20, TimeUnit.SECONDS)).as("the receiver heard '#'").isTrue();
    assertThat(got.get()).isLessThan(big.length);
  }

  @Test
  void aPeerThatStopsMidChunkEndsTheMessageAsAbortedAndOthersGoOn() throws Exception {
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    CompletableFuture<Boolean> ended = new CompletableFuture<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    MsrpSession b =
        bob.session(
            bobUri(l, "bob51"),
            new SessionListener() {
              @Override
              public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
                ended.complete(aborted);
              }

              @Override
              public void closed(MsrpSession s) {
                closed.complete(null);
              }
            });
    String whole = chunk("tid00051", b.localUri().toString(), "1-10/10", "0123456789", '$');
    String half = whole.substring(0, whole.indexOf("01234") + 3); // headers and 3 body bytes
    try (Socket raw = new Socket("127.0.0.1", l.localAddress().getPort())) {
      raw.getOutputStream().write(half.getBytes(StandardCharsets.US_ASCII));
      raw.getOutputStream().flush();
    }
    assertThat(ended.get(20, TimeUnit.SECONDS)).as("aborted").isTrue();
    closed.get(20, TimeUnit.SECONDS);

    // Another client of the same stack is served as before.
    alice = stacks.add(MsrpStack.builder().build());
    Inbox inbox = new Inbox();
    MsrpSession b2 = bob.session(bobUri(l, "bob52"), inbox);
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice51;tcp"), new SessionListener() {});
    a.remotePath(List.of(b2.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);
    a.send("text/plain", "fine".getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    inbox.done.get(20, TimeUnit.SECONDS);
  }

  @Test
  void aSmallMessageIsNotStarvedByALargeOneOnTheSameConnection() throws Exception {
    alice = stacks.add(MsrpStack.builder().chunkSize(4096).streamDirect(false).build());
    bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    Inbox bigInbox = new Inbox();
    Inbox smallInbox = new Inbox();
    MsrpSession bBig = bob.session(bobUri(l, "bob61"), bigInbox);
    MsrpSession bSmall = bob.session(bobUri(l, "bob62"), smallInbox);
    MsrpSession aBig =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice61;tcp"), new SessionListener() {});
    MsrpSession aSmall =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice62;tcp"), new SessionListener() {});
    aBig.remotePath(List.of(bBig.localUri()));
    aSmall.remotePath(List.of(bSmall.localUri()));
    aBig.connect(null).get(20, TimeUnit.SECONDS);
    aSmall.connect(null).get(20, TimeUnit.SECONDS);
    assertThat(aSmall.connection()).isSameAs(aBig.connection());

    CompletableFuture<Void> big = aBig.send("application/octet-stream", new byte[64 << 20]);
    aSmall
        .send("text/plain", "me first".getBytes(StandardCharsets.UTF_8))
        .get(20, TimeUnit.SECONDS);
    smallInbox.done.get(20, TimeUnit.SECONDS);
    // The small message went between the big one's chunks: the big one is still on its way.
    assertThat(bigInbox.done).isNotDone();
    assertThat(big).isNotDone();
    big.get(60, TimeUnit.SECONDS);
    assertThat(bigInbox.done.get(20, TimeUnit.SECONDS).received()).isEqualTo(64 << 20);
  }
}
