package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.TestCertificates;

/**
 * Which connections the relay takes (issue 14, defect 6): a share per address until authentication,
 * TLS handshakes counted from the moment of accept, and a reserve of connections for next hops.
 * Each relay runs one event loop, so it takes connections in the order they came.
 */
class AdmissionLimitsTest extends FixtureTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private Relay relay(RelayLimits limits) throws Exception {
    return fx.relay(c -> c.threads(1).limits(limits));
  }

  /** A connection the relay took answers an AUTH without credentials with its challenge. */
  private static void admitted(Relay r, TestClient c) {
    assertThat(c.call(c.auth(List.of(r.uri()))).code()).isEqualTo(401);
  }

  private static void refused(TestClient c) throws Exception {
    c.closed.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void oneAddressHasItsShareUntilItsConnectionsAuthenticate() throws Exception {
    Relay r = relay(RelayLimits.DEFAULT.withConnectionsPerAddress(3));
    TestClient alice = fx.client(r);
    TestClient b = fx.client(r);
    TestClient c = fx.client(r);
    admitted(r, alice);
    admitted(r, b);
    admitted(r, c);
    refused(fx.client(r));
    assertThat(r.admission().unauthenticatedFrom(LOOPBACK)).isEqualTo(3);

    alice.usePath(r.uri(), "alice", Fixture.ALICE_PW); // authenticated: out of the share
    assertThat(r.admission().unauthenticatedFrom(LOOPBACK)).isEqualTo(2);
    TestClient d = fx.client(r);
    admitted(r, d);
    refused(fx.client(r));

    d.connection.close();
    d.closed.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    // The relay counts the close when it sees it; a connection made after it is taken.
    TestClient e = connectOnceReleased(r, 2);
    admitted(r, e);
    assertThat(r.metrics().connectionsRejected.sum()).isEqualTo(2);
  }

  /** Waits for the relay to count {@code n} unauthenticated connections, then connects. */
  private TestClient connectOnceReleased(Relay r, int n) throws Exception {
    // The relay sees the close when the FIN reaches it; its count is the only sign of that.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_SECONDS);
    while (r.admission().unauthenticatedFrom(LOOPBACK) != n) {
      assertThat(System.nanoTime()).as("the relay never counted the close").isLessThan(deadline);
      Thread.yield();
    }
    return fx.client(r);
  }

  @Test
  void tlsHandshakesInProgressCount() throws Exception {
    Path d = Files.createDirectories(dir.resolve("tls"));
    KeyStore ks = TestCertificates.selfSigned(d, "relay");
    Path[] pem = TestCertificates.writePem(ks, d);
    Relay r =
        fx.relay(
            c ->
                c.threads(1)
                    .limits(RelayLimits.DEFAULT.withConnectionsPerAddress(2))
                    .listen(List.of(MsrpUri.parse("msrps://127.0.0.1:0;tcp")))
                    .tls(pem[0], pem[1]));
    MsrpTls tls = MsrpTls.client(List.of(RelayFiles.fingerprint(pem[0])));
    // Two connections that never start their handshake hold the address's share.
    try (Socket s1 = new Socket(LOOPBACK, r.uri().port());
        Socket s2 = new Socket(LOOPBACK, r.uri().port())) {
      // Closed as it is accepted, before its handshake: the connect fails.
      assertThatThrownBy(() -> TestClient.connect(fx.clients, r.uri(), tls)).isNotNull();
      assertThat(r.admission().unauthenticatedFrom(LOOPBACK)).isEqualTo(2);
    }
  }

  @Test
  void theReserveIsLeftForNextHops() throws Exception {
    Relay r =
        relay(
            RelayLimits.DEFAULT
                .withMaxConnections(3)
                .withNextHopReserve(1)
                .withConnectionsPerAddress(10));
    TestClient alice = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    admitted(r, fx.client(r));
    refused(fx.client(r)); // two incoming: the third place is the reserve
    assertThat(r.admission().incoming()).isEqualTo(2);
    try (ServerSocketChannel next = ServerSocketChannel.open()) {
      next.bind(new InetSocketAddress(LOOPBACK, 0));
      int port = ((InetSocketAddress) next.getLocalAddress()).getPort();
      MsrpUri hop = MsrpUri.parse("msrp://127.0.0.1:" + port + "/s;tcp");
      MsrpRequest s = RelayRoutingTest.send(RelayRoutingTest.path(a, hop), alice.self, "out");
      alice.send(s, "out".getBytes(UTF_8), ContinuationFlag.END);
      next.socket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(TestClient.WAIT_SECONDS));
      next.socket().accept().close(); // the relay reached its next hop with the reserved place
    }
  }
}
