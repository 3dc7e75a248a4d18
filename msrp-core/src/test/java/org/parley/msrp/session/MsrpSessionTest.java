package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpListener;

/** Two stacks over real sockets on 127.0.0.1. */
class MsrpSessionTest {
  private MsrpStack alice;
  private MsrpStack bob;

  @AfterEach
  void stop() {
    if (alice != null) {
      alice.close();
    }
    if (bob != null) {
      bob.close();
    }
  }

  /** Collects one incoming message. */
  static final class Inbox implements SessionListener {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<IncomingMessage> done = new CompletableFuture<>();
    volatile IncomingMessage started;
    long expectedPosition;

    @Override
    public void started(MsrpSession session, IncomingMessage message) {
      started = message;
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
    alice = MsrpStack.builder().chunkSize(1000).build();
    bob = MsrpStack.builder().build();
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
    alice = MsrpStack.builder().build();
    bob = MsrpStack.builder().build();
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
    alice = MsrpStack.builder().transactionTimeout(Duration.ofMillis(300)).build();
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
    alice = MsrpStack.builder().build();
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
}
