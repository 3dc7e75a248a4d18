package org.parley.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
import org.parley.msrp.auth.DigestCredentials;
import org.parley.msrp.codec.MsrpDecodeError;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;

/**
 * A raw MSRP connection for tests: hand-built requests out, whole frames in (bodies collected up to
 * 1 MB), nothing answered automatically.
 */
final class TestClient implements FrameHandler, AutoCloseable {
  static final long WAIT_SECONDS = 30;

  /** A frame read whole. */
  record Frame(MsrpHead head, byte[] body, ContinuationFlag flag) {
    MsrpRequest request() {
      assertThat(head).as("a request").isInstanceOf(MsrpRequest.class);
      return (MsrpRequest) head;
    }

    MsrpResponse response() {
      assertThat(head).as("a response, not " + head).isInstanceOf(MsrpResponse.class);
      return (MsrpResponse) head;
    }

    boolean isResponseTo(String tid) {
      return head instanceof MsrpResponse && head.transactionId().equals(tid);
    }

    boolean isRequest(MsrpMethod m) {
      return head instanceof MsrpRequest && ((MsrpRequest) head).method().equals(m);
    }
  }

  final MsrpConnection connection;

  /** The client's own URI: its address and a random session-id. */
  final MsrpUri self;

  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final List<Frame> held = new ArrayList<>();
  final BlockingQueue<MsrpDecodeError> errors = new LinkedBlockingQueue<>();
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  private MsrpHead head;
  private ByteArrayOutputStream body;

  /** Every body byte read, and their SHA-256 (for transfers too large to keep). */
  volatile long bodyBytes;

  final java.security.MessageDigest sha256;

  private volatile CompletableFuture<Void> writable = CompletableFuture.completedFuture(null);

  private final List<java.util.Map.Entry<Long, CompletableFuture<Void>>> byteWaiters =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private TestClient(MsrpConnection c, boolean secure, boolean ws) {
    this.connection = c;
    try {
      this.sha256 = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    InetSocketAddress a = c.localAddress();
    // A WebSocket client cannot know its address: a random .invalid host (RFC 7977 Appendix A).
    this.self =
        MsrpUri.builder(
                ws
                    ? TransactionIds.next().toLowerCase(java.util.Locale.ROOT) + ".invalid"
                    : "127.0.0.1")
            .secure(secure)
            .port(a.getPort())
            .sessionId(TransactionIds.next())
            .transport(ws ? "ws" : "tcp")
            .build();
  }

  static TestClient connect(MsrpTransport t, MsrpUri relay) {
    return connect(t, relay, null);
  }

  static TestClient connect(MsrpTransport t, MsrpUri relay, MsrpTls tls) {
    return connect(t, relay, tls, null);
  }

  /** Over WebSocket when {@code wsPath} is given (the relay's URI then names a ws listener). */
  static TestClient connect(MsrpTransport t, MsrpUri relay, MsrpTls tls, String wsPath) {
    Holder h = new Holder();
    MsrpConnection c =
        t.connect(new InetSocketAddress("127.0.0.1", relay.port()), tls, wsPath, h)
            .orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
            .join();
    TestClient client = new TestClient(c, relay.secure(), wsPath != null);
    synchronized (h) {
      for (Object o : h.early) {
        client.replay(o);
      }
      h.early.clear();
      h.client = client;
    }
    return client;
  }

  /** Hands events to the client once it exists (frames may come before connect() returns). */
  private static final class Holder implements FrameHandler {
    volatile TestClient client;
    final List<Object> early = new ArrayList<>();

    private synchronized boolean early(Object o) {
      if (client != null) {
        return false;
      }
      early.add(o instanceof ByteBuf ? ((ByteBuf) o).retain() : o);
      return true;
    }

    @Override
    public void head(MsrpConnection c, MsrpHead h) {
      if (!early(h)) {
        client.head(c, h);
      }
    }

    @Override
    public void content(MsrpConnection c, ByteBuf slice) {
      if (!early(slice)) {
        client.content(c, slice);
      }
    }

    @Override
    public void end(MsrpConnection c, ContinuationFlag flag) {
      if (!early(flag)) {
        client.end(c, flag);
      }
    }

    @Override
    public void error(MsrpConnection c, MsrpDecodeError e) {
      if (!early(e)) {
        client.error(c, e);
      }
    }

    @Override
    public void closed(MsrpConnection c) {
      if (!early("closed")) {
        client.closed(c);
      }
    }

    @Override
    public void writabilityChanged(MsrpConnection c) {
      TestClient t = client;
      if (t != null) {
        t.writabilityChanged(c);
      }
    }
  }

  private void replay(Object o) {
    if (o instanceof MsrpHead) {
      head(connection, (MsrpHead) o);
    } else if (o instanceof ByteBuf) {
      content(connection, (ByteBuf) o);
      ((ByteBuf) o).release();
    } else if (o instanceof ContinuationFlag) {
      end(connection, (ContinuationFlag) o);
    } else if (o instanceof MsrpDecodeError) {
      error(connection, (MsrpDecodeError) o);
    } else {
      closed(connection);
    }
  }

  @Override
  public void head(MsrpConnection c, MsrpHead h) {
    head = h;
    body = new ByteArrayOutputStream();
  }

  @Override
  public void content(MsrpConnection c, ByteBuf slice) {
    bodyBytes += slice.readableBytes();
    sha256.update(slice.nioBuffer());
    for (java.util.Map.Entry<Long, CompletableFuture<Void>> w : byteWaiters) {
      if (bodyBytes >= w.getKey()) {
        w.getValue().complete(null);
      }
    }
    if (body.size() < (1 << 20)) {
      byte[] b = new byte[slice.readableBytes()];
      slice.getBytes(slice.readerIndex(), b);
      body.writeBytes(b);
    }
  }

  @Override
  public void end(MsrpConnection c, ContinuationFlag flag) {
    frames.add(new Frame(head, body.toByteArray(), flag));
  }

  @Override
  public void error(MsrpConnection c, MsrpDecodeError e) {
    errors.add(e);
  }

  @Override
  public synchronized void writabilityChanged(MsrpConnection c) {
    if (c.isWritable()) {
      writable.complete(null);
    }
  }

  /** Completes when {@code n} body bytes (of all frames) have been read. */
  CompletableFuture<Void> whenBodyBytes(long n) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    byteWaiters.add(java.util.Map.entry(n, f));
    connection
        .channel()
        .eventLoop()
        .execute(
            () -> {
              if (bodyBytes >= n) {
                f.complete(null);
              }
            });
    return f;
  }

  /** Completes when the connection is writable (at once when it is). */
  synchronized CompletableFuture<Void> whenWritable() {
    if (connection.isWritable()) {
      return CompletableFuture.completedFuture(null);
    }
    if (writable.isDone()) {
      writable = new CompletableFuture<>();
    }
    return writable;
  }

  /**
   * Streams one SEND: the head, then {@code total} bytes of pseudo-random data in {@code piece}
   * buffers written while the connection takes them, then the end-line; returns the data's SHA-256.
   */
  byte[] stream(MsrpRequest head, long total, int piece, ContinuationFlag flag) throws Exception {
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    java.util.Random random = new java.util.Random(total);
    byte[] chunk = new byte[piece];
    connection.write(head);
    long sent = 0;
    while (sent < total) {
      int n = (int) Math.min(piece, total - sent);
      random.nextBytes(chunk);
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\r') {
          chunk[i] = 'r'; // keep clear of anything like an end-line
        }
      }
      md.update(chunk, 0, n);
      connection.write(Unpooled.copiedBuffer(chunk, 0, n));
      connection.flush();
      sent += n;
      whenWritable().get(TestClient.WAIT_SECONDS * 6, TimeUnit.SECONDS);
    }
    connection.write(flag);
    connection.flush();
    return md.digest();
  }

  @Override
  public void closed(MsrpConnection c) {
    closed.complete(null);
  }

  // ---------------------------------------------------------------------------------------------

  /** The next frame not taken yet, waiting for it. */
  Frame next() {
    return next(f -> true, "a frame");
  }

  /** The next frame matching {@code p}, waiting for it; others stay for later calls. */
  Frame next(Predicate<Frame> p, String what) {
    Iterator<Frame> it = held.iterator();
    while (it.hasNext()) {
      Frame f = it.next();
      if (p.test(f)) {
        it.remove();
        return f;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      Frame f;
      try {
        f = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (f == null) {
        fail("no " + what + " within " + WAIT_SECONDS + " s; held: " + held);
      }
      if (p.test(f)) {
        return f;
      }
      held.add(f);
    }
  }

  MsrpResponse responseTo(MsrpRequest r) {
    return next(f -> f.isResponseTo(r.transactionId()), "response to " + r.transactionId())
        .response();
  }

  Frame nextRequest(MsrpMethod m) {
    return next(f -> f.isRequest(m), "a " + m + " request");
  }

  /** Sends a frame; body may be null. */
  void send(MsrpRequest r, byte[] body, ContinuationFlag flag) {
    connection
        .send(r, body == null ? null : Unpooled.wrappedBuffer(body), flag)
        .orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
        .join();
  }

  void send(MsrpHead r) {
    connection.send(r, null, ContinuationFlag.END).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
  }

  /** Sends {@code r} and waits for its response. */
  MsrpResponse call(MsrpRequest r) {
    send(r);
    return responseTo(r);
  }

  /** An AUTH to {@code to}, without credentials. */
  MsrpRequest auth(List<MsrpUri> to) {
    return MsrpRequest.builder(MsrpMethod.AUTH).toPath(to).fromPath(List.of(self)).build();
  }

  /** The same AUTH under a new transaction id with credentials answering {@code challenge}. */
  MsrpRequest answer(MsrpRequest auth, MsrpResponse challenge, String user, String pw) {
    DigestChallenge c =
        DigestChallenge.choose(challenge.headers().values(HeaderName.WWW_AUTHENTICATE));
    DigestCredentials cred =
        DigestClient.answer(
            c, user, pw, DigestClient.uri(auth.toPath()), DigestClient.randomCnonces());
    return auth.toBuilder()
        .transactionId(TransactionIds.next())
        .header(HeaderName.AUTHORIZATION, cred.toString())
        .build();
  }

  /** AUTH to {@code relay} with a challenge round; returns the 200. */
  MsrpResponse authenticate(List<MsrpUri> to, String user, String pw) {
    MsrpRequest a = auth(to);
    MsrpResponse challenge = call(a);
    assertThat(challenge.code()).as(challenge.toString()).isEqualTo(401);
    MsrpResponse ok = call(answer(a, challenge, user, pw));
    assertThat(ok.code()).as(ok.toString()).isEqualTo(200);
    return ok;
  }

  /** AUTH to a relay; returns the Use-Path. */
  List<MsrpUri> usePath(MsrpUri relay, String user, String pw) {
    return authenticate(List.of(relay), user, pw).headers().usePath();
  }

  @Override
  public void close() {
    connection.close().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
  }
}
