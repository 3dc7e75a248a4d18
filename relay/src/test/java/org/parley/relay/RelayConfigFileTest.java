package org.parley.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;

/** The configuration file format, and relay/relay.conf.example. */
class RelayConfigFileTest {
  private static final DigestAlgorithm MD5 = DigestAlgorithm.MD5;

  @TempDir Path dir;

  private static RelayConfig.Builder parse(String text, Path base) {
    return RelayConfigFile.parse(text, base, RelayConfig.builder(), "test.conf");
  }

  @Test
  void theExampleFileHoldsTheDefaults() throws Exception {
    Path example = Path.of("relay.conf.example");
    assertThat(example).exists();
    RelayConfig.Builder b = RelayConfigFile.read(example, RelayConfig.builder());
    b.tls(dir.resolve("c.pem"), dir.resolve("k.pem")); // the example leaves them to the data dir
    RelayConfig c = b.build();
    assertThat(c.listen()).containsExactly(RelayConfig.DEFAULT_LISTEN);
    assertThat(c.limits()).usingRecursiveComparison().isEqualTo(RelayLimits.DEFAULT);
    assertThat(c.auth()).isEqualTo(AuthPolicy.DEFAULT);
    assertThat(c.threads()).isZero();
    assertThat(c.nextHopPolicy()).isEqualTo(NextHopPolicy.DEFAULT);
  }

  @Test
  void theWebSocketKeys() {
    RelayConfig c =
        parse(
                "listen = msrp://127.0.0.1:2855;tcp\n"
                    + "listen = ws://127.0.0.1:8080\n"
                    + "ws.origin = https://Chat.Example.com\n"
                    + "ws.origin = http://localhost:8000\n"
                    + "ws.path = /chat\n"
                    + "ws.max-frame = 65536\n",
                dir)
            .build();
    assertThat(c.listen().get(1).toString()).isEqualTo("msrp://127.0.0.1:8080;ws");
    assertThat(c.webSocket().path()).isEqualTo("/chat");
    assertThat(c.webSocket().maxFramePayload()).isEqualTo(65536);
    assertThat(c.webSocket().allows("https://chat.example.com")).isTrue();
    assertThat(c.webSocket().allows("http://localhost:8000")).isTrue();
    assertThat(c.webSocket().allows("https://evil.example.com")).isFalse();
    assertThat(c.webSocket().allows(null)).as("no Origin: not a browser").isTrue();
    assertThatThrownBy(() -> parse("ws.path = chat", dir))
        .hasMessage("test.conf:1: a WebSocket path starts with '/': chat");
    assertThatThrownBy(() -> parse("listen = msrp://127.0.0.1:1;udp", dir).build())
        .hasMessageContaining("the transport is tcp or ws");
  }

  @Test
  void theNextHopPolicyKeys() {
    RelayConfig c =
        parse(
                "listen = msrp://127.0.0.1:2855;tcp\n"
                    + "next-hop.allow = 127.0.0.0/8\n"
                    + "next-hop.allow = ::1\n"
                    + "next-hop.deny = 10.0.0.0/8\n"
                    + "next-hop.ports = 2855, 8000-8999\n"
                    + "next-hop.relays-over-tls = false\n",
                dir)
            .build();
    assertThat(c.nextHopPolicy())
        .isEqualTo(
            new NextHopPolicy(
                List.of(AddressRange.parse("127.0.0.0/8"), AddressRange.parse("::1")),
                List.of(AddressRange.parse("10.0.0.0/8")),
                List.of(
                    new NextHopPolicy.PortRange(2855, 2855),
                    new NextHopPolicy.PortRange(8000, 8999)),
                false));
    assertThatThrownBy(() -> parse("next-hop.allow = example.com", dir))
        .hasMessage(
            "test.conf:1: 'example.com' is not an address range (an IP address, optionally"
                + " /prefix-length)");
    assertThatThrownBy(() -> parse("next-hop.deny = 10.0.0.0/40", dir))
        .hasMessage("test.conf:1: '10.0.0.0/40': the prefix length is more than 32 bits");
    assertThatThrownBy(() -> parse("next-hop.ports = 80,", dir))
        .hasMessage("test.conf:1: '' is not a port or a range N-M");
    assertThatThrownBy(() -> parse("next-hop.ports = 9000-80", dir))
        .hasMessage("test.conf:1: port range 9000-80: ports are 1 to 65535, low first");
    assertThatThrownBy(() -> parse("next-hop.relays-over-tls = yes", dir))
        .hasMessage("test.conf:1: 'yes' is neither true nor false");
    assertThatThrownBy(() -> parse("next-hop.ports = 1\nnext-hop.ports = 2", dir))
        .hasMessage("test.conf:2: next-hop.ports appears twice");
    assertThatThrownBy(() -> parse("next-hop.bogus = 1", dir))
        .hasMessage("test.conf:1: unknown key next-hop.bogus");
  }

  @Test
  void everyKey() {
    RelayConfig c =
        parse(
                String.join(
                    "\n",
                    "# comment",
                    "",
                    "listen = msrps://0.0.0.0:2855;tcp",
                    "listen=msrp://127.0.0.1:0;tcp",
                    "host = relay.example.com",
                    "cert = tls/cert.pem",
                    "key = /abs/key.pem",
                    "users = users.htdigest",
                    "realm = example",
                    "metrics = 127.0.0.1:9855",
                    "data-dir = data",
                    "threads = 3",
                    "peer-fingerprint = sha-256 " + "AB:".repeat(31) + "AB",
                    "auth.nonce-lifetime = 90s",
                    "auth.algorithms = md5, SHA-256",
                    "auth.min-expires = 30",
                    "auth.expires = 45",
                    "auth.max-expires = 50",
                    "limits.connections = 7",
                    "limits.connections-per-address = 5",
                    "limits.next-hop-reserve = 2",
                    "limits.sessions-per-client = 2",
                    "limits.auth-attempts = 9",
                    "limits.idle-timeout = 2h",
                    "limits.probation = 500ms",
                    "limits.head-timeout = 5",
                    "limits.transaction-timeout = 1m",
                    "limits.split-bytes = 4096",
                    "limits.shutdown-grace = 0s",
                    "limits.max-start-line = 2048",
                    "limits.max-header-block = 4096",
                    "limits.max-headers = 10\r"),
                dir)
            .build();
    assertThat(c.listen())
        .containsExactly(
            MsrpUri.parse("msrps://0.0.0.0:2855;tcp"), MsrpUri.parse("msrp://127.0.0.1:0;tcp"));
    assertThat(c.host()).isEqualTo("relay.example.com");
    assertThat(c.certificate()).isEqualTo(dir.resolve("tls/cert.pem"));
    assertThat(c.privateKey()).isEqualTo(Path.of("/abs/key.pem"));
    assertThat(c.users()).isEqualTo(dir.resolve("users.htdigest"));
    assertThat(c.realm()).isEqualTo("example");
    assertThat(c.metrics().getPort()).isEqualTo(9855);
    assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(c.threads()).isEqualTo(3);
    assertThat(c.limits().connectionsPerAddress()).isEqualTo(5);
    assertThat(c.limits().nextHopReserve()).isEqualTo(2);
    assertThat(c.peerFingerprints()).hasSize(1);
    assertThat(c.auth().nonceLifetime()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.auth().algorithms()).containsExactly(MD5, DigestAlgorithm.SHA_256);
    assertThat(c.auth().defaultExpires()).isEqualTo(45);
    assertThat(c.auth().minExpires()).isEqualTo(30);
    assertThat(c.auth().maxExpires()).isEqualTo(50);
    RelayLimits l = c.limits();
    assertThat(l.maxConnections()).isEqualTo(7);
    assertThat(l.maxSessionsPerClient()).isEqualTo(2);
    assertThat(l.maxAuthAttempts()).isEqualTo(9);
    assertThat(l.idleTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(l.probation()).isEqualTo(Duration.ofMillis(500));
    assertThat(l.headTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(l.transactionTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(l.splitBytes()).isEqualTo(4096);
    assertThat(l.shutdownGrace()).isZero();
    assertThat(l.decoder().maxStartLineLength()).isEqualTo(2048);
    assertThat(l.decoder().maxHeaderBlockSize()).isEqualTo(4096);
    assertThat(l.decoder().maxHeaderCount()).isEqualTo(10);
  }

  @Test
  void errorsNameTheLine() {
    assertThatThrownBy(() -> parse("threads = 1\nbogus = 2\n", dir))
        .isInstanceOf(RelayConfigException.class)
        .hasMessage("test.conf:2: unknown key bogus");
    assertThatThrownBy(() -> parse("realm = a\nrealm = b", dir))
        .hasMessage("test.conf:2: realm appears twice");
    assertThatThrownBy(() -> parse("listen = http://x", dir))
        .hasMessageStartingWith("test.conf:1: not an MSRP URI");
    assertThatThrownBy(() -> parse("limits.idle-timeout = soon", dir))
        .hasMessageContaining("test.conf:1: not a duration: soon");
    assertThatThrownBy(() -> parse("just words", dir))
        .hasMessage("test.conf:1: expected 'key = value'");
    assertThatThrownBy(() -> parse("auth.min-expires = 100\nauth.max-expires = 50", dir))
        .hasMessageContaining("test.conf: auth.min-expires");
    assertThatThrownBy(
            () -> parse("listen = msrp://127.0.0.1:0;tcp\nlimits.connections = 100", dir).build())
        .hasMessage("limits.next-hop-reserve (256) must be less than limits.connections (100)");
    assertThatThrownBy(() -> parse("limits.connections-per-address = 0", dir))
        .hasMessage("test.conf:1: limits.connections-per-address must be at least 1");
    assertThatThrownBy(() -> parse("limits.split-bytes = 10", dir))
        .hasMessage("test.conf:1: limits.split-bytes must be at least 1024");
    assertThatThrownBy(() -> parse("auth.algorithms = SHA-256, MD5-sess", dir))
        .hasMessage("test.conf:1: 'MD5-sess' is not a digest algorithm (SHA-256, MD5)");
    assertThatThrownBy(() -> parse("auth.algorithms = MD5, md5", dir))
        .hasMessage("test.conf:1: auth.algorithms must name each algorithm once");
  }

  @Test
  void wholeConfigurationChecks() {
    assertThatThrownBy(() -> RelayConfig.builder().build())
        .hasMessage("an msrps listener needs cert and key");
    assertThatThrownBy(
            () -> RelayConfig.builder().listen(MsrpUri.parse("msrp://h:1/sid;tcp")).build())
        .hasMessageContaining("a relay URI has no session-id");
    assertThatThrownBy(() -> RelayConfig.builder().listen(MsrpUri.parse("msrp://h;tcp")).build())
        .hasMessageContaining("a port is required");
  }

  @Test
  void aMissingFileIsAClearError() {
    assertThatThrownBy(() -> RelayConfigFile.read(dir.resolve("none.conf"), RelayConfig.builder()))
        .isInstanceOf(RelayConfigException.class)
        .hasMessageContaining("cannot read");
  }

  @Test
  void htdigestFilesAreReadAgainWhenTheyChange() throws Exception {
    Path f = dir.resolve("users");
    Files.writeString(f, HtdigestUserStore.line("alice", "r", "pw") + "\nbroken line\n#c\n");
    HtdigestUserStore s = HtdigestUserStore.open(f);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.ha1("alice", "r", MD5)).hasValue(Digest.ha1(MD5, "alice", "r", "pw"));
    assertThat(s.ha1("alice", "other", MD5)).isEmpty();
    Files.writeString(f, HtdigestUserStore.line("bob", "r", "x") + "\n");
    assertThat(s.ha1("alice", "r", MD5)).isEmpty();
    assertThat(s.ha1("bob", "r", MD5)).isPresent();
    Files.delete(f); // gone for a moment: the users stay
    assertThat(s.ha1("bob", "r", MD5)).isPresent();
  }

  /**
   * The same text gives equal configurations, decoder limits included (found by {@link
   * RelayConfigFileFuzzTest}: {@code MsrpDecoderConfig} compared by identity).
   */
  @Test
  void theSameTextGivesEqualConfigurations() {
    String text = "listen = msrp://127.0.0.1:2855;tcp\nlimits.max-headers = 32\n";
    RelayConfig a = RelayConfigFile.parse(text, dir, RelayConfig.builder(), "a").build();
    RelayConfig b = RelayConfigFile.parse(text, dir, RelayConfig.builder(), "b").build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.limits().decoder().toString()).contains("maxHeaderCount=32");
  }
}
