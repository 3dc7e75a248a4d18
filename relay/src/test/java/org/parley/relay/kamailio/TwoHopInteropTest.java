package org.parley.relay.kamailio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;
import org.parley.msrp.session.SendOptions;
import org.parley.msrp.session.SessionListener;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.TestCertificates;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;
import org.parley.relay.RelayFiles;

/**
 * A two-relay path over msrps, Parley's relay and Kamailio's, in both orders (RFC 4976 §7): each
 * endpoint authenticates with its own relay, messages and success reports cross both relays, and
 * each relay takes requests from the other (unauthenticated, but naming one of its own Use-Path
 * URIs).
 */
class TwoHopInteropTest {
  @TempDir static Path dir;
  private static KamailioRelay kamailio;
  private static Relay parley;
  private static Fingerprint parleyFingerprint;

  private MsrpStack alice;
  private MsrpStack bob;

  @BeforeAll
  static void startRelays() throws Exception {
    kamailio = KamailioRelay.start(dir.resolve("kamailio"), true);
    Path users = dir.resolve("users.htdigest");
    Files.writeString(
        users,
        HtdigestUserStore.line("alice", KamailioRelay.REALM, "alice-secret")
            + "\n"
            + HtdigestUserStore.line("bob", KamailioRelay.REALM, "bob-secret")
            + "\n");
    Path certs = Files.createDirectories(dir.resolve("parley"));
    Path[] pem = TestCertificates.writePem(TestCertificates.selfSigned(certs, "127.0.0.1"), certs);
    parleyFingerprint = RelayFiles.fingerprint(pem[0]);
    // msrps between the relays (the default policy requires it): Parley's relay trusts Kamailio's
    // certificate as a next hop and knows Kamailio by it when Kamailio connects.
    parley =
        Relay.start(
            RelayConfig.builder()
                .listen(MsrpUri.parse("msrps://127.0.0.1:0;tcp"))
                .tls(pem[0], pem[1])
                .peerFingerprint(kamailio.fingerprint())
                .users(users)
                .realm(KamailioRelay.REALM)
                .threads(2)
                .build());
  }

  @AfterAll
  static void stopRelays() {
    if (parley != null) {
      parley.close();
    }
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

  /** Collects one message and the reports about what its session sent. */
  private static final class Inbox implements SessionListener {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<IncomingMessage> done = new CompletableFuture<>();
    final CompletableFuture<MsrpStatus> report = new CompletableFuture<>();

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
    public void report(
        MsrpSession s, String messageId, MsrpStatus status, org.parley.msrp.ByteRange range) {
      report.complete(status);
    }
  }

  @Test
  void aliceOnParleysRelayReachesBobOnKamailio() throws Exception {
    exchange(parley.uri(), parleyFingerprint, kamailio.tlsUri(), kamailio.fingerprint());
  }

  @Test
  void aliceOnKamailioReachesBobOnParleysRelay() throws Exception {
    exchange(kamailio.tlsUri(), kamailio.fingerprint(), parley.uri(), parleyFingerprint);
  }

  private void exchange(
      MsrpUri aliceRelay, Fingerprint aliceTrusts, MsrpUri bobRelay, Fingerprint bobTrusts)
      throws Exception {
    alice = MsrpStack.builder().chunkSize(4096).build(); // Kamailio: frames under ~11 KB
    bob = MsrpStack.builder().chunkSize(4096).build();
    MsrpTls aliceTls = MsrpTls.client(List.of(aliceTrusts));
    MsrpUri aliceUri = MsrpUri.parse("msrps://127.0.0.1:9/a" + System.nanoTime() + ";tcp");
    MsrpUri bobUri = MsrpUri.parse("msrps://127.0.0.1:9/b" + System.nanoTime() + ";tcp");
    RelayBinding a =
        alice
            .authenticate(aliceRelay, aliceUri, "alice", "alice-secret", aliceTls, null)
            .get(20, TimeUnit.SECONDS);
    RelayBinding b =
        bob.authenticate(
                bobRelay, bobUri, "bob", "bob-secret", MsrpTls.client(List.of(bobTrusts)), null)
            .get(20, TimeUnit.SECONDS);

    Inbox aliceInbox = new Inbox();
    Inbox bobInbox = new Inbox();
    MsrpSession bs = bob.session(bobUri, bobInbox);
    MsrpSession as = alice.session(aliceUri, aliceInbox);
    as.relays(a.usePath());
    as.remotePath(b.pathTo(bobUri));
    bs.relays(b.usePath());
    bs.remotePath(a.pathTo(aliceUri));

    as.connect(aliceTls).get(20, TimeUnit.SECONDS); // the connection Alice authenticated on
    byte[] data = new byte[30_000];
    new Random(9).nextBytes(data);
    as.send(
            "application/octet-stream",
            data,
            SendOptions.builder().successReport(SuccessReport.YES).build())
        .get(20, TimeUnit.SECONDS);
    IncomingMessage got;
    try {
      got = bobInbox.done.get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Bob got nothing in 20 s; Kamailio's log:\n" + kamailio.logText(), e);
    }
    assertThat(got.received()).isEqualTo(data.length);
    synchronized (bobInbox.bytes) {
      assertThat(bobInbox.bytes.toByteArray()).isEqualTo(data);
    }
    // Bob's success REPORT goes back over both relays.
    assertThat(aliceInbox.report.get(20, TimeUnit.SECONDS).code()).isEqualTo(200);

    bs.send("text/plain", "and back".getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    aliceInbox.done.get(20, TimeUnit.SECONDS);
    synchronized (aliceInbox.bytes) {
      assertThat(aliceInbox.bytes.toString(StandardCharsets.UTF_8)).isEqualTo("and back");
    }
    // Kamailio reached Parley's relay over TLS with its own certificate, which Parley's relay
    // knows.
    assertThat(parley.peerRelays()).isPositive();
  }
}
