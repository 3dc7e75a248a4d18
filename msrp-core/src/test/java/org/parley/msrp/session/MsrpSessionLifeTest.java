package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpListener;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;
import org.parley.msrp.transport.TestCertificates;

/** Streams, keep-alive, TLS sessions and a flooding peer, over real sockets on 127.0.0.1. */
class MsrpSessionLifeTest {
  private MsrpStack alice;
  private MsrpStack bob;
  private MsrpTransport bobTransport;

  @AfterEach
  void stop() {
    if (alice != null) {
      alice.close();
    }
    if (bob != null) {
      bob.close();
    }
    if (bobTransport != null) {
      bobTransport.close();
    }
  }

  private static MsrpUri uri(MsrpListener l, String scheme, String session) {
    return MsrpUri.parse(
        scheme + "://127.0.0.1:" + l.localAddress().getPort() + "/" + session + ";tcp");
  }

  /** A stream that hides its length, as a pipe or a socket would. */
  private static InputStream unsized(byte[] data) {
    InputStream in = new ByteArrayInputStream(data);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, Math.min(len, 777)); // short reads, as pipes give
      }
    };
  }

  @Test
  void aStreamOfUnknownLengthArrivesWholeWithItsSizeLearntAtTheEnd() throws Exception {
    alice = MsrpStack.builder().chunkSize(1000).streamDirect(false).build();
    bob = MsrpStack.builder().build();
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    MsrpSessionTest.Inbox inbox = new MsrpSessionTest.Inbox();
    long[] totalAtStart = {0};
    MsrpSession b =
        bob.session(
            uri(l, "msrp", "bob1"),
            new SessionListener() {
              @Override
              public void started(MsrpSession s, IncomingMessage m) {
                totalAtStart[0] = m.total();
                inbox.started(s, m);
              }

              @Override
              public void bytes(
                  MsrpSession s, IncomingMessage m, long position, io.netty.buffer.ByteBuf slice) {
                inbox.bytes(s, m, position, slice);
              }

              @Override
              public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
                inbox.completed(s, m, aborted);
              }
            });
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice1;tcp"), new SessionListener() {});
    a.remotePath(List.of(b.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);

    byte[] data = new byte[10_500];
    new Random(3).nextBytes(data);
    a.send("application/octet-stream", unsized(data), SendOptions.DEFAULT)
        .get(20, TimeUnit.SECONDS);

    IncomingMessage m = inbox.done.get(20, TimeUnit.SECONDS);
    assertThat(totalAtStart[0]).as("unknown while the first chunk came").isEqualTo(-1);
    assertThat(m.total()).isEqualTo(10_500);
    assertThat(inbox.bytes.toByteArray()).isEqualTo(data);
  }

  @Test
  void anEmptyStreamIsOneEmptyMessage() throws Exception {
    alice = MsrpStack.builder().build();
    bob = MsrpStack.builder().build();
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    MsrpSessionTest.Inbox inbox = new MsrpSessionTest.Inbox();
    MsrpSession b = bob.session(uri(l, "msrp", "bob2"), inbox);
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice2;tcp"), new SessionListener() {});
    a.remotePath(List.of(b.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);
    a.send("text/plain", unsized(new byte[0]), SendOptions.DEFAULT).get(20, TimeUnit.SECONDS);
    assertThat(inbox.done.get(20, TimeUnit.SECONDS).received()).isZero();
  }

  @Test
  void aKeepAliveThatFailsClosesTheConnection() throws Exception {
    alice = MsrpStack.builder().build();
    bob = MsrpStack.builder().build();
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    MsrpSession b1 = bob.session(uri(l, "msrp", "bob3"), new SessionListener() {});
    MsrpSession b2 = bob.session(uri(l, "msrp", "bob4"), new SessionListener() {});
    CompletableFuture<Void> closed = new CompletableFuture<>();
    MsrpSession a1 =
        alice.session(
            MsrpUri.parse("msrp://127.0.0.1:7777/alice3;tcp"),
            new SessionListener() {
              @Override
              public void closed(MsrpSession s) {
                closed.complete(null);
              }
            });
    MsrpSession a2 =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice4;tcp"), new SessionListener() {});
    a1.remotePath(List.of(b1.localUri()));
    a2.remotePath(List.of(b2.localUri()));
    a1.connect(null).get(20, TimeUnit.SECONDS);
    a2.connect(null).get(20, TimeUnit.SECONDS);
    assertThat(a1.connection()).isSameAs(a2.connection());

    // Bob forgets b1; the connection stays, as b2 uses it. Only a keep-alive of a1 can now get
    // 481, and that closes the connection.
    b1.close();
    assertThat(b2.connection().isOpen()).isTrue();
    a1.keepAlive(Duration.ofMillis(50));
    closed.get(20, TimeUnit.SECONDS);
    assertThat(a1.connection()).isNull();
  }

  @Test
  void keepAliveNeedsAConnectionAndAPositiveInterval() {
    alice = MsrpStack.builder().build();
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice5;tcp"), new SessionListener() {});
    assertThatThrownBy(() -> a.keepAlive(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> a.keepAlive(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionsWorkOverTlsWithAFingerprint(@TempDir Path dir) throws Exception {
    KeyStore ks = TestCertificates.selfSigned(dir, "127.0.0.1");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, TestCertificates.PASSWORD);
    X509Certificate cert = (X509Certificate) ks.getCertificate(TestCertificates.ALIAS);
    alice = MsrpStack.builder().chunkSize(2048).streamDirect(false).build();
    bob = MsrpStack.builder().build();
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), MsrpTls.server(kmf)).join();
    MsrpSessionTest.Inbox inbox = new MsrpSessionTest.Inbox();
    MsrpSession b = bob.session(uri(l, "msrps", "bob6"), inbox);
    MsrpSession a =
        alice.session(MsrpUri.parse("msrps://127.0.0.1:7777/alice6;tcp"), new SessionListener() {});
    a.remotePath(List.of(b.localUri()));
    a.connect(MsrpTls.client(List.of(Fingerprint.sha256(cert)))).get(20, TimeUnit.SECONDS);
    assertThat(a.connection().secure()).isTrue();
    byte[] data = new byte[50_000];
    new Random(4).nextBytes(data);
    a.send("application/octet-stream", data).get(20, TimeUnit.SECONDS);
    assertThat(inbox.done.get(20, TimeUnit.SECONDS).received()).isEqualTo(50_000);
    assertThat(inbox.bytes.toByteArray()).isEqualTo(data);
  }

  @Test
  void aPeerThatFloodsRequestsWithoutReadingIsClosedWhileOthersGoOn() throws Exception {
    bobTransport = MsrpTransport.builder().maxPendingOutbound(64 << 10).build();
    bob = MsrpStack.builder().transport(bobTransport).build();
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    MsrpSession flooded = bob.session(uri(l, "msrp", "bob7"), new SessionListener() {});
    String to = flooded.localUri().toString();

    long written = 0;
    boolean cut = false;
    try (Socket raw = new Socket("127.0.0.1", l.localAddress().getPort())) {
      OutputStream out = raw.getOutputStream();
      // Requests, never reading the answers. The kernel's buffers take some megabytes first.
      for (int i = 0; written < (512L << 20) && !cut; i++) {
        byte[] frame =
            MsrpSessionTest.chunk("f" + i + "flood", to, "1-10/10", "0123456789", '$')
                .getBytes(StandardCharsets.US_ASCII);
        try {
          out.write(frame);
          written += frame.length;
        } catch (IOException e) {
          cut = true; // the stack closed the connection
        }
      }
    }
    assertThat(cut).as("closed after %d bytes", written).isTrue();

    // Another client of the same stack is served as before.
    alice = MsrpStack.builder().build();
    MsrpSessionTest.Inbox inbox = new MsrpSessionTest.Inbox();
    MsrpSession b = bob.session(uri(l, "msrp", "bob8"), inbox);
    MsrpSession a =
        alice.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice8;tcp"), new SessionListener() {});
    a.remotePath(List.of(b.localUri()));
    a.connect(null).get(20, TimeUnit.SECONDS);
    a.send("text/plain", "fine".getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    inbox.done.get(20, TimeUnit.SECONDS);
  }

  @Test
  void aSessionConnectingAsTheLastOneOnASharedConnectionLeavesGetsAWorkingConnection()
      throws Exception {
    alice = MsrpStack.builder().build();
    bob = MsrpStack.builder().build();
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    for (int i = 0; i < 20; i++) {
      // Our last session on the shared connection leaves, and the next one connects at once.
      MsrpSession b1 = bob.session(uri(l, "msrp", "bobA" + i), new SessionListener() {});
      MsrpSession a1 =
          alice.session(
              MsrpUri.parse("msrp://127.0.0.1:7777/aliceA" + i + ";tcp"), new SessionListener() {});
      a1.remotePath(List.of(b1.localUri()));
      a1.connect(null).get(20, TimeUnit.SECONDS);
      a1.close();
      b1.close();
      MsrpSession b2 = bob.session(uri(l, "msrp", "bobB" + i), new SessionListener() {});
      MsrpSession a2 =
          alice.session(
              MsrpUri.parse("msrp://127.0.0.1:7777/aliceB" + i + ";tcp"), new SessionListener() {});
      a2.remotePath(List.of(b2.localUri()));
      a2.connect(null).get(20, TimeUnit.SECONDS);
      // The peer's last session on it leaves (the peer closes it), as our next session binds.
      MsrpSession b3 = bob.session(uri(l, "msrp", "bobC" + i), new SessionListener() {});
      MsrpSession a3 =
          alice.session(
              MsrpUri.parse("msrp://127.0.0.1:7777/aliceC" + i + ";tcp"), new SessionListener() {});
      a3.remotePath(List.of(b3.localUri()));
      b2.close();
      a3.connect(null).get(20, TimeUnit.SECONDS);
      a3.send("text/plain", "still here".getBytes(StandardCharsets.UTF_8))
          .get(20, TimeUnit.SECONDS);
      a2.close();
      a3.close();
      b3.close();
    }
  }
}
