package org.parley.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.Hosts;
import org.parley.msrp.MsrpSyntaxException;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.auth.DigestAlgorithm;
import org.parley.msrp.transport.MsrpWebSocket;

/**
 * Reads the relay's configuration file into a {@link RelayConfig.Builder}. The format is one {@code
 * key = value} per line; blank lines and lines starting with {@code #} are ignored; white space
 * around keys and values is dropped; values are not quoted. {@code listen}, {@code
 * peer-fingerprint}, {@code next-hop.allow} and {@code next-hop.deny} may repeat, any other key
 * appears at most once. Relative paths are taken from the file's directory. Durations are a number
 * with {@code ms}, {@code s}, {@code m} or {@code h} (a bare number is seconds). {@code
 * relay/relay.conf.example} shows every key with its default.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>listen</td><td>{@code msrps://host:port;tcp} or {@code msrp://host:port;tcp}; for
 *   browsers {@code wss://host:port} ({@code msrps://host:port;ws}) or {@code ws://host:port}</td></tr>
 *   <tr><td>ws.origin</td><td>a page origin allowed to open a WebSocket, e.g. {@code
 *   https://chat.example.com} (repeatable)</td></tr>
 *   <tr><td>ws.path</td><td>the HTTP path of the WebSocket upgrade (default {@code /msrp})</td></tr>
 *   <tr><td>ws.max-frame</td><td>the largest WebSocket frame read, bytes (default 262144)</td></tr>
 *   <tr><td>host</td><td>host name for Use-Path URIs</td></tr>
 *   <tr><td>cert, key</td><td>PEM certificate chain and PKCS#8 key</td></tr>
 *   <tr><td>users</td><td>htdigest file ({@code user:realm:HA1}, see {@link HtdigestUserStore})</td></tr>
 *   <tr><td>realm</td><td>digest realm</td></tr>
 *   <tr><td>metrics</td><td>{@code host:port} of the HTTP /metrics and /health listener</td></tr>
 *   <tr><td>data-dir</td><td>directory for generated files</td></tr>
 *   <tr><td>threads</td><td>event-loop threads (0: one per processor)</td></tr>
 *   <tr><td>peer-fingerprint</td><td>accepted next-hop certificate, {@code sha-256 AB:CD:…}</td></tr>
 *   <tr><td>auth.*</td><td>see {@link AuthPolicy}</td></tr>
 *   <tr><td>limits.*</td><td>see {@link RelayLimits}</td></tr>
 *   <tr><td>next-hop.*</td><td>see {@link NextHopPolicy}</td></tr>
 * </table>
 */
public final class RelayConfigFile {
  private static final Set<String> REPEATABLE =
      Set.of("listen", "peer-fingerprint", "next-hop.allow", "next-hop.deny", "ws.origin");
  private final Path base;
  private final RelayConfig.Builder b;
  private final Set<String> seen = new HashSet<>();
  private int line;
  private Path certFile;
  private Path keyFile;
  private long expires = -1;
  private long minExpires = -1;
  private long maxExpires = -1;

  private RelayConfigFile(Path base, RelayConfig.Builder b) {
    this.base = base;
    this.b = b;
  }

  /**
   * Reads {@code file} on top of {@code into}.
   *
   * @throws RelayConfigException naming the line and what is wrong
   */
  public static RelayConfig.Builder read(Path file, RelayConfig.Builder into) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RelayConfigException(file + ": cannot read: " + e.getMessage());
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, dir, into, file.toString());
  }

  /**
   * Reads configuration text on top of {@code into}; relative paths are taken from {@code base}.
   *
   * @throws RelayConfigException naming the line and what is wrong
   */
  public static RelayConfig.Builder parse(
      String text, Path base, RelayConfig.Builder into, String name) {
    RelayConfigFile f = new RelayConfigFile(base, into);
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      f.line++;
      try {
        f.line(text.substring(start, end));
      } catch (IllegalArgumentException e) {
        throw new RelayConfigException(name + ":" + f.line + ": " + e.getMessage());
      }
      start = end + 1;
    }
    f.finish(name);
    return into;
  }

  /** Applies the settings that are checked together (cert with key, the Expires bounds). */
  private void finish(String name) {
    if (certFile != null || keyFile != null) {
      b.tls(
          certFile != null ? certFile : b.certificate(),
          keyFile != null ? keyFile : b.privateKey());
    }
    if (expires >= 0 || minExpires >= 0 || maxExpires >= 0) {
      AuthPolicy a = b.auth();
      try {
        b.auth(
            a.withExpires(
                expires >= 0 ? expires : a.defaultExpires(),
                minExpires >= 0 ? minExpires : a.minExpires(),
                maxExpires >= 0 ? maxExpires : a.maxExpires()));
      } catch (IllegalArgumentException e) {
        throw new RelayConfigException(name + ": " + e.getMessage());
      }
    }
  }

  private void line(String raw) {
    String s = raw.strip();
    if (s.isEmpty() || s.charAt(0) == '#') {
      return;
    }
    int eq = s.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("expected 'key = value'");
    }
    String key = s.substring(0, eq).strip();
    String value = s.substring(eq + 1).strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException(key + ": the value is empty");
    }
    if (!REPEATABLE.contains(key) && !seen.add(key)) {
      throw new IllegalArgumentException(key + " appears twice");
    }
    set(key, value);
  }

  private void set(String key, String v) {
    switch (key) {
      case "listen":
        b.listen(listenUri(v));
        break;
      case "ws.origin":
        b.webSocketOrigin(v);
        break;
      case "ws.path":
        b.webSocket(
            new MsrpWebSocket(
                v,
                b.webSocket().origins(),
                b.webSocket().maxFramePayload(),
                b.webSocket().pages()));
        break;
      case "ws.max-frame":
        b.webSocket(
            new MsrpWebSocket(
                b.webSocket().path(), b.webSocket().origins(), integer(v), b.webSocket().pages()));
        break;
      case "host":
        b.host(v);
        break;
      case "cert":
        certFile = path(v);
        break;
      case "key":
        keyFile = path(v);
        break;
      case "users":
        b.users(path(v));
        break;
      case "realm":
        b.realm(v);
        break;
      case "metrics":
        b.metrics(hostPort(v));
        break;
      case "data-dir":
        b.dataDir(path(v));
        break;
      case "threads":
        b.threads(integer(v));
        break;
      case "peer-fingerprint":
        b.peerFingerprint(Fingerprint.parse(v));
        break;
      case "auth.nonce-lifetime":
        b.auth(b.auth().withNonceLifetime(duration(v)));
        break;
      case "auth.algorithms":
        b.auth(b.auth().withAlgorithms(algorithms(v)));
        break;
      case "auth.expires":
        expires = integer(v);
        break;
      case "auth.min-expires":
        minExpires = integer(v);
        break;
      case "auth.max-expires":
        maxExpires = integer(v);
        break;
      default:
        if (key.startsWith("next-hop.")) {
          nextHop(key, v);
        } else {
          limit(key, v);
        }
    }
  }

  private void nextHop(String key, String v) {
    NextHopPolicy p = b.nextHopPolicy();
    switch (key) {
      case "next-hop.allow":
        p = p.withAllow(AddressRange.parse(v));
        break;
      case "next-hop.deny":
        p = p.withDeny(AddressRange.parse(v));
        break;
      case "next-hop.ports":
        List<NextHopPolicy.PortRange> ports = new ArrayList<>();
        for (String part : v.split(",", -1)) {
          ports.add(NextHopPolicy.PortRange.parse(part));
        }
        p = p.withPorts(ports);
        break;
      case "next-hop.relays-over-tls":
        p = p.withRelaysOverTls(bool(v));
        break;
      default:
        throw new IllegalArgumentException("unknown key " + key);
    }
    b.nextHopPolicy(p);
  }

  /** {@code SHA-256, MD5}: digest algorithms, the preferred first. */
  private static List<DigestAlgorithm> algorithms(String v) {
    List<DigestAlgorithm> out = new ArrayList<>(2);
    for (String part : v.split(",", -1)) {
      DigestAlgorithm a = DigestAlgorithm.fromToken(part.strip());
      if (a == null) {
        throw new IllegalArgumentException(
            "'" + part.strip() + "' is not a digest algorithm (SHA-256, MD5)");
      }
      out.add(a);
    }
    return out;
  }

  private static boolean bool(String v) {
    switch (v) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException("'" + v + "' is neither true nor false");
    }
  }

  private void limit(String key, String v) {
    RelayLimits l = b.limits();
    switch (key) {
      case "limits.connections":
        l = l.withMaxConnections(integer(v));
        break;
      case "limits.sessions-per-client":
        l = l.withMaxSessionsPerClient(integer(v));
        break;
      case "limits.auth-attempts":
        l = l.withMaxAuthAttempts(integer(v));
        break;
      case "limits.idle-timeout":
        l = l.withIdleTimeout(duration(v));
        break;
      case "limits.probation":
        l = l.withProbation(duration(v));
        break;
      case "limits.head-timeout":
        l = l.withHeadTimeout(duration(v));
        break;
      case "limits.transaction-timeout":
        l = l.withTransactionTimeout(duration(v));
        break;
      case "limits.split-bytes":
        l = l.withSplitBytes(integer(v));
        break;
      case "limits.frame-timeout":
        l = l.withFrameTimeout(duration(v));
        break;
      case "limits.other-body":
        l = l.withMaxOtherBody(integer(v));
        break;
      case "limits.write-queue":
        l = l.withWriteQueue(integer(v));
        break;
      case "limits.pending":
        l = l.withMaxPending(integer(v));
        break;
      case "limits.shutdown-grace":
        l = l.withShutdownGrace(duration(v));
        break;
      case "limits.connections-per-address":
        l = l.withConnectionsPerAddress(integer(v));
        break;
      case "limits.next-hop-reserve":
        l = l.withNextHopReserve(integer(v));
        break;
      case "limits.max-start-line":
        l = l.withDecoder(l.decoder().withMaxStartLineLength(integer(v)));
        break;
      case "limits.max-header-block":
        l = l.withDecoder(l.decoder().withMaxHeaderBlockSize(integer(v)));
        break;
      case "limits.max-headers":
        l = l.withDecoder(l.decoder().withMaxHeaderCount(integer(v)));
        break;
      default:
        throw new IllegalArgumentException("unknown key " + key);
    }
    b.limits(l);
  }

  private Path path(String v) {
    Path p = Path.of(v);
    return p.isAbsolute() || base == null ? p : base.resolve(p);
  }

  /**
   * A listener: an MSRP URI, or {@code wss://host:port} / {@code ws://host:port}, the WebSocket
   * spellings of {@code msrps://host:port;ws} / {@code msrp://host:port;ws}.
   */
  public static MsrpUri listenUri(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("wss://")) {
      return uri("msrps://" + v.substring(6) + ";ws");
    }
    if (lower.startsWith("ws://")) {
      return uri("msrp://" + v.substring(5) + ";ws");
    }
    return uri(v);
  }

  /** An MSRP URI, e.g. {@code msrp(s)://host:port;tcp}. */
  static MsrpUri uri(String v) {
    try {
      return MsrpUri.parse(v);
    } catch (MsrpSyntaxException e) {
      throw new IllegalArgumentException("not an MSRP URI: " + e.getMessage(), e);
    }
  }

  /** {@code host:port} or {@code [v6]:port}. */
  static InetSocketAddress hostPort(String v) {
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new IllegalArgumentException("expected host:port, not " + v);
    }
    String host = Hosts.unbracketed(v.substring(0, colon));
    int port = integer(v.substring(colon + 1));
    if (port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    return new InetSocketAddress(host, port);
  }

  static int integer(String v) {
    if (v.isEmpty() || v.length() > 10) {
      throw new IllegalArgumentException("not a number: " + v);
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a number: " + v);
      }
      n = n * 10 + (c - '0');
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("number too large: " + v);
    }
    return (int) n;
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or seconds. */
  static Duration duration(String v) {
    int i = 0;
    while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("not a duration: " + v + " (e.g. 30s, 5m, 1h, 500ms)");
    }
    long n = integer(v.substring(0, i));
    switch (v.substring(i)) {
      case "":
      case "s":
        return Duration.ofSeconds(n);
      case "ms":
        return Duration.ofMillis(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      default:
        throw new IllegalArgumentException("not a duration: " + v + " (e.g. 30s, 5m, 1h, 500ms)");
    }
  }
}
