package org.parley.relay.kamailio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.ByteRange;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpResponseException;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;
import org.parley.msrp.session.SendOptions;
import org.parley.msrp.session.SessionListener;

/**
 * Parley endpoints, through their session API, talking through Kamailio's MSRP relay: each side
 * authenticates (RFC 4976 §5), then messages and success reports cross the relay both ways.
 */
class KamailioSessionInteropTest {
  @TempDir static Path runDir;
  private static KamailioRelay kamailio;

  private MsrpStack alice;
  private MsrpStack bob;

  @BeforeAll
  static void startKamailio() throws Exception {
    kamailio = KamailioRelay.start(runDir, false);
  }

  @AfterAll
  static void stopKamailio() {
    if (kamailio != null) {
      kamailio.close();
    }
  }

  @AfterEach
  void stop() {
    if (alice != null) {
      alice.close();
    }
    if (bob != null) {
      bob.close();
    }
  }

  /** Collects one message. */
  private static final class Inbox implements SessionListener {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<IncomingMessage> done = new CompletableFuture<>();
    final CompletableFuture<MsrpStatus> report = new CompletableFuture<>();
    volatile ByteRange reportRange;

    @Override
    public void bytes(MsrpSession s, IncomingMessage m, long position, ByteBuf slice) {
      byte[] b = new byte[slice.readableBytes()];
      slice.getBytes(slice.readerIndex(), b);
      synchronized (bytes) {
        bytes.writeBytes(b);
      }
    }

    @Override
    public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
      done.complete(m);
    }

    @Override
    public void report(MsrpSession s, String messageId, MsrpStatus status, ByteRange range) {
      reportRange = range;
      report.complete(status);
    }
  }

  private static MsrpUri client(String name) {
    // Kamailio reaches clients over their AUTH connections; the port here is never dialled.
    return MsrpUri.parse("msrp://127.0.0.1:9/" + name + ";tcp");
  }

  @Test
  void endpointsAuthenticateAndExchangeMessagesAndReportsThroughKamailio() throws Exception {
    alice = MsrpStack.builder().chunkSize(4096).build(); // Kamailio drops frames over ~11 KB
    bob = MsrpStack.builder().chunkSize(4096).build();
    MsrpUri aliceUri = client("alice" + System.nanoTime());
    MsrpUri bobUri = client("bob" + System.nanoTime());
    RelayBinding aliceRelay =
        alice
            .authenticate(kamailio.uri(), aliceUri, "alice", "alice-secret", null, null)
            .get(20, TimeUnit.SECONDS);
    RelayBinding bobRelay =
        bob.authenticate(kamailio.uri(), bobUri, "bob", "bob-secret", null, null)
            .get(20, TimeUnit.SECONDS);
    assertThat(aliceRelay.usePath()).hasSize(1);
    assertThat(aliceRelay.expires()).isEqualTo(Duration.ofSeconds(KamailioRelay.DEFAULT_EXPIRES));
    assertThat(aliceRelay.usePath().get(0).sessionId())
        .isNotEqualTo(bobRelay.usePath().get(0).sessionId());

    Inbox aliceInbox = new Inbox();
    Inbox bobInbox = new Inbox();
    MsrpSession b = bob.session(bobUri, bobInbox);
    MsrpSession a = alice.session(aliceUri, aliceInbox);
    // What each would put in SDP a=path: its relay, then itself.
    a.relays(aliceRelay.usePath());
    a.remotePath(bobRelay.pathTo(bobUri));
    b.relays(bobRelay.usePath());
    b.remotePath(aliceRelay.pathTo(aliceUri));

    a.connect(null).get(20, TimeUnit.SECONDS);
    byte[] data = new byte[50_000];
    new Random(5).nextBytes(data);
    a.send(
            "application/octet-stream",
            data,
            SendOptions.builder().successReport(SuccessReport.YES).build())
        .get(20, TimeUnit.SECONDS);
    assertThat(bobInbox.done.get(20, TimeUnit.SECONDS).received()).isEqualTo(50_000);
    synchronized (bobInbox.bytes) {
      assertThat(bobInbox.bytes.toByteArray()).isEqualTo(data);
    }
    assertThat(aliceInbox.report.get(20, TimeUnit.SECONDS).code()).isEqualTo(200);
    assertThat(aliceInbox.reportRange).isEqualTo(ByteRange.of(1, 50_000, 50_000));

    // Bob answers over the connection Kamailio delivered on.
    b.send("text/plain", "hello back".getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    aliceInbox.done.get(20, TimeUnit.SECONDS);
    synchronized (aliceInbox.bytes) {
      assertThat(aliceInbox.bytes.toString(StandardCharsets.UTF_8)).isEqualTo("hello back");
    }
  }

  @Test
  void aWrongPasswordIsRefused() {
    alice = MsrpStack.builder().build();
    CompletableFuture<RelayBinding> auth =
        alice.authenticate(kamailio.uri(), client("mallory"), "alice", "wrong", null, null);
    assertThatThrownBy(() -> auth.get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(MsrpResponseException.class)
        .satisfies(e -> assertThat(((MsrpResponseException) e).code()).isEqualTo(401));
  }

  @Test
  void anExpiresOutOfBoundsIsRetriedWithTheRelaysBound() throws Exception {
    alice = MsrpStack.builder().build();
    RelayBinding binding =
        alice
            .authenticate(
                kamailio.uri(),
                client("short"),
                "alice",
                "alice-secret",
                null,
                Duration.ofSeconds(5))
            .get(20, TimeUnit.SECONDS);
    assertThat(binding.expires()).isEqualTo(Duration.ofSeconds(KamailioRelay.MIN_EXPIRES));
  }
}
