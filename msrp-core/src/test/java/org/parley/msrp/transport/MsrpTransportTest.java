package org.parley.msrp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.codec.MsrpDecodeError;

/** Real sockets on 127.0.0.1 with ephemeral ports: TCP (epoll and NIO), TLS, a bad peer. */
class MsrpTransportTest {
  @TempDir static Path dir;
  static KeyManagerFactory serverKeys;
  static Fingerprint serverFingerprint;

  private MsrpTransport transport;

  /** A self-signed server certificate, made with the JDK's keytool. */
  @BeforeAll
  static void certificate() throws Exception {
    KeyStore ks = TestCertificates.selfSigned(dir, "parley-test");
    serverKeys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    serverKeys.init(ks, TestCertificates.PASSWORD);
    serverFingerprint =
        Fingerprint.sha256((X509Certificate) ks.getCertificate(TestCertificates.ALIAS));
  }

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.close();
    }
  }

  /** Answers every request with 200 and records what it heard. */
  static final class Peer implements FrameHandler {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final boolean answer;

    Peer(boolean answer) {
      this.answer = answer;
    }

    @Override
    public void head(MsrpConnection c, MsrpHead head) {
      events.add(head);
      if (answer && head instanceof MsrpRequest) {
        c.send(MsrpResponse.to((MsrpRequest) head, 200, "OK"), null, ContinuationFlag.END);
      }
    }

    @Override
    public void content(MsrpConnection c, ByteBuf slice) {
      events.add(slice.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void end(MsrpConnection c, ContinuationFlag flag) {
      events.add(flag);
    }

    @Override
    public void error(MsrpConnection c, MsrpDecodeError error) {
      events.add(error);
    }

    @Override
    public void closed(MsrpConnection c) {
      events.add("closed");
    }

    Object next() throws InterruptedException {
      Object o = events.poll(20, TimeUnit.SECONDS);
      assertThat(o).as("an event within 20 s").isNotNull();
      return o;
    }

    /** The next event that is not a body slice (slices may come in several parts). */
    String body() throws InterruptedException {
      StringBuilder sb = new StringBuilder();
      Object o;
      while ((o = next()) instanceof String && !"closed".equals(o)) {
        sb.append(o);
      }
      assertThat(o).isEqualTo(ContinuationFlag.END);
      return sb.toString();
    }
  }

  static MsrpRequest send(String text) {
    return MsrpRequest.builder(MsrpMethod.SEND)
        .toPath(List.of(MsrpUri.parse("msrp://127.0.0.1:2855/bob1;tcp")))
        .fromPath(List.of(MsrpUri.parse("msrp://127.0.0.1:7777/alice1;tcp")))
        .messageId("msg00001")
        .byteRange(ByteRange.of(1, text.length(), text.length()))
        .contentType("text/plain")
        .build();
  }

  void exchange(MsrpTls serverTls, MsrpTls clientTls) throws Exception {
    Peer server = new Peer(true);
    Peer client = new Peer(false);
    MsrpListener listener =
        transport.listen(new InetSocketAddress("127.0.0.1", 0), serverTls, server).join();
    assertThat(listener.localAddress().getPort()).isPositive();
    MsrpConnection c = transport.connect(listener.localAddress(), clientTls, client).join();
    assertThat(c.secure()).isEqualTo(clientTls != null);
    MsrpRequest request = send("Hi, I'm Alice!");
    c.send(
            request,
            Unpooled.copiedBuffer("Hi, I'm Alice!", StandardCharsets.UTF_8),
            ContinuationFlag.END)
        .join();

    assertThat(server.next()).isEqualTo(request);
    assertThat(server.body()).isEqualTo("Hi, I'm Alice!");
    MsrpResponse response = (MsrpResponse) client.next();
    assertThat(response.code()).isEqualTo(200);
    assertThat(response.transactionId()).isEqualTo(request.transactionId());
    assertThat(client.next()).isEqualTo(ContinuationFlag.END);

    c.close().join();
    assertThat(client.next()).isEqualTo("closed");
    assertThat(server.next()).isEqualTo("closed");
    listener.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void exchangesOverTcp(boolean epoll) throws Exception {
    transport = MsrpTransport.builder().threads(2).allowEpoll(epoll).build();
    if (epoll) {
      assertThat(transport.epoll()).as("this platform has epoll").isTrue();
    } else {
      assertThat(transport.epoll()).isFalse();
    }
    exchange(null, null);
  }

  @Test
  void exchangesOverTlsWhenTheFingerprintMatches() throws Exception {
    transport = MsrpTransport.builder().threads(2).build();
    exchange(MsrpTls.server(serverKeys), MsrpTls.client(List.of(serverFingerprint)));
  }

  @Test
  void refusesTlsWhenTheFingerprintDiffers() {
    transport = MsrpTransport.builder().threads(2).build();
    Fingerprint other = Fingerprint.parse("sha-256 " + "00:".repeat(31) + "00");
    MsrpListener listener =
        transport
            .listen(
                new InetSocketAddress("127.0.0.1", 0), MsrpTls.server(serverKeys), new Peer(true))
            .join();
    Peer client = new Peer(false);
    assertThatThrownBy(
            () ->
                transport
                    .connect(listener.localAddress(), MsrpTls.client(List.of(other)), client)
                    .join())
        .isInstanceOf(CompletionException.class)
        .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
        .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class));
    listener.close();
  }

  @Test
  void aPeerSendingGarbageIsClosedWhileOthersGoOn() throws Exception {
    transport = MsrpTransport.builder().threads(2).build();
    Peer server = new Peer(true);
    MsrpListener listener =
        transport.listen(new InetSocketAddress("127.0.0.1", 0), null, server).join();
    try (Socket bad = new Socket("127.0.0.1", listener.localAddress().getPort())) {
      OutputStream out = bad.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      MsrpDecodeError e = (MsrpDecodeError) server.next();
      assertThat(e.rule()).isEqualTo(MsrpRule.START_LINE);
      assertThat(e.offset()).isZero();
      assertThat(e.action()).isEqualTo(MsrpDecodeError.Action.CLOSE);
      assertThat(server.next()).isEqualTo("closed");
      InputStream in = bad.getInputStream();
      assertThat(in.read()).as("the server closed the bad connection").isEqualTo(-1);
    }
    // A well-behaved client on the same listener is served as before.
    Peer client = new Peer(false);
    MsrpConnection c = transport.connect(listener.localAddress(), null, client).join();
    MsrpRequest request = send("ok");
    c.send(request, Unpooled.copiedBuffer("ok", StandardCharsets.UTF_8), ContinuationFlag.END);
    assertThat(server.next()).isEqualTo(request);
    assertThat(server.body()).isEqualTo("ok");
    assertThat(((MsrpResponse) client.next()).code()).isEqualTo(200);
    c.close().join();
    listener.close();
  }

  @Test
  void fingerprintsParseAndPrintInTheSdpForm() {
    String text = serverFingerprint.toString();
    assertThat(text).startsWith("sha-256 ").hasSize(8 + 32 * 3 - 1);
    assertThat(Fingerprint.parse(text)).isEqualTo(serverFingerprint);
    assertThat(Fingerprint.parse(text.replace("sha-256", "SHA-256"))).isEqualTo(serverFingerprint);
    assertThatThrownBy(() -> Fingerprint.parse("md5 00:11"))
        .hasMessageContaining("unsupported hash function md5");
    assertThatThrownBy(() -> Fingerprint.parse("sha-256 00:11"))
        .hasMessageContaining("needs 32 bytes");
    assertThatThrownBy(() -> Fingerprint.parse("sha-256" + " 0G" + ":00".repeat(31)))
        .hasMessageContaining("bad hex pair at offset 0");
  }
}
