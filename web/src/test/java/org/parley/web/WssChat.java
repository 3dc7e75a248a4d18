package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.TestCertificates;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;
import org.parley.sip.MsrpRelay;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipListener;
import org.parley.sip.SipTls;
import org.parley.sip.SipWebSocket;

/**
 * What the page tests run against, all over TLS: a relay with an msrps listener and a wss one
 * (which serves the page; user alice for the page, bob for the terminal), and a Parley agent taking
 * SIP over secure WebSocket whose MSRP goes through the same relay over msrps.
 */
final class WssChat implements AutoCloseable {
  private static final String REALM = "relay.test";

  final Relay relay;
  final SipAgent agent;

  private WssChat(Relay relay, SipAgent agent) {
    this.relay = relay;
    this.agent = agent;
  }

  static WssChat start(Path dir, SipListener terminal) throws Exception {
    Path users = dir.resolve("users");
    Files.writeString(
        users,
        HtdigestUserStore.line("alice", REALM, "alice-pw")
            + "\n"
            + HtdigestUserStore.line("bob", REALM, "bob-pw")
            + "\n");
    KeyStore keys = TestCertificates.selfSigned(dir, "127.0.0.1");
    Path[] pem = TestCertificates.writePem(keys, dir);
    Relay relay =
        Relay.start(
            RelayConfig.builder()
                .listen(MsrpUri.parse("msrps://127.0.0.1:0;tcp"))
                .listen(MsrpUri.parse("msrps://127.0.0.1:0;ws"))
                .tls(pem[0], pem[1])
                .users(users)
                .realm(REALM)
                .threads(2)
                .build());
    try {
      MsrpUri tcp =
          relay.uris().stream().filter(u -> !RelayConfig.isWebSocket(u)).findFirst().get();
      Fingerprint fp =
          Fingerprint.sha256((X509Certificate) keys.getCertificate(TestCertificates.ALIAS));
      SipAgent agent =
          SipAgent.start(
              SipConfig.builder("sip:bob@127.0.0.1")
                  .webSocket(new SipWebSocket(0, true))
                  .tls(SipTls.keyStore(keys, TestCertificates.PASSWORD))
                  .relay(new MsrpRelay(tcp, "bob", "bob-pw", fp, null))
                  .build(),
              terminal);
      return new WssChat(relay, agent);
    } catch (Exception | Error e) {
      relay.close();
      throw e;
    }
  }

  /** The page's options as JSON members: where it is, who logs in, whom it calls, over what. */
  String pageOptions() {
    MsrpUri wss = relay.uris().stream().filter(RelayConfig::isWebSocket).findFirst().get();
    return "\"url\":\"https://127.0.0.1:"
        + wss.port()
        + "/\",\"user\":\"alice\",\"password\":\"alice-pw\",\"target\":\""
        + agent.uri()
        + "\",\"sipws\":\"wss://127.0.0.1:"
        + agent.webSocketAddress().getPort()
        + "\"";
  }

  /** Runs a page script with {@code {pageOptions, more}}; returns its output once it exited 0. */
  String page(String script, String more, Object problems) throws Exception {
    Process page =
        new ProcessBuilder("node", script, "{" + pageOptions() + more + "}")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      String out = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(page.waitFor(660, TimeUnit.SECONDS)).isTrue();
      assertThat(page.exitValue()).as(out + problems).isZero();
      return out;
    } finally {
      page.destroyForcibly();
    }
  }

  @Override
  public void close() {
    try {
      agent.close();
    } finally {
      relay.close();
    }
  }
}
