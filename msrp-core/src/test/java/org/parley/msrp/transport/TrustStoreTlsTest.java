package org.parley.msrp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * msrps checked against a trust store (no fingerprint): a server certificate signed by a CA made in
 * the test, for {@code dns:localhost}. Connecting by that name succeeds; by another name, or by the
 * IP address the certificate does not name, the handshake fails (host-name checking is on).
 */
@Timeout(60)
class TrustStoreTlsTest {
  @TempDir static Path dir;
  static KeyManagerFactory serverKeys;
  static TrustManagerFactory trust;

  private MsrpTransport transport;
  private MsrpListener listener;

  @BeforeAll
  static void certificates() throws Exception {
    TestCertificates.CaSigned ca = TestCertificates.caSigned(dir, "dns:localhost");
    serverKeys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    serverKeys.init(ca.keys(), TestCertificates.PASSWORD);
    trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(ca.trust());
  }

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.close();
    }
    if (transport != null) {
      transport.close();
    }
  }

  /** {@code name}, resolving to 127.0.0.1 whatever the resolver says. */
  private InetSocketAddress at(String name) throws Exception {
    transport = transport != null ? transport : MsrpTransport.builder().threads(2).build();
    if (listener == null) {
      listener =
          transport
              .listen(
                  new InetSocketAddress("127.0.0.1", 0),
                  MsrpTls.server(serverKeys),
                  new MsrpTransportTest.Peer(true))
              .join();
    }
    InetAddress loopback = InetAddress.getByAddress(name, new byte[] {127, 0, 0, 1});
    return new InetSocketAddress(loopback, listener.localAddress().getPort());
  }

  @Test
  void theNameTheCertificateGivesConnects() throws Exception {
    InetSocketAddress address = at("localhost");
    MsrpTransportTest.Peer client = new MsrpTransportTest.Peer(false);
    MsrpConnection c = transport.connect(address, MsrpTls.client(trust), client).join();
    assertThat(c.secure()).isTrue();
    c.close().join();
  }

  @Test
  void anotherNameFailsTheHandshake() throws Exception {
    InetSocketAddress address = at("not-localhost.example");
    assertThatThrownBy(
            () ->
                transport
                    .connect(address, MsrpTls.client(trust), new MsrpTransportTest.Peer(false))
                    .join())
        .isInstanceOf(CompletionException.class)
        .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class))
        .hasStackTraceContaining("not-localhost.example");
  }

  @Test
  void theIpAddressTheCertificateDoesNotNameFailsTheHandshake() throws Exception {
    InetSocketAddress address = at("localhost");
    InetSocketAddress byIp = new InetSocketAddress("127.0.0.1", address.getPort());
    assertThatThrownBy(
            () ->
                transport
                    .connect(byIp, MsrpTls.client(trust), new MsrpTransportTest.Peer(false))
                    .join())
        .isInstanceOf(CompletionException.class)
        .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class));
  }
}
