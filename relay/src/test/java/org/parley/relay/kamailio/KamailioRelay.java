package org.parley.relay.kamailio;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.TestCertificates;

/**
 * Kamailio running as an RFC 4976 MSRP relay on 127.0.0.1 (the test resources {@code
 * kamailio/msrp-relay.cfg} and {@code kamailio/kamailio-relay.sh}), on free ports, for
 * interoperability tests:
 *
 * <pre>{@code
 * try (KamailioRelay kamailio = KamailioRelay.start(tempDir, true)) {   // TCP and TLS
 *   transport.connect(kamailio.address(), null, handler) ...           // AUTH to kamailio.uri()
 * }
 * }</pre>
 *
 * <p>{@link #start} skips the calling test (a JUnit assumption) when no {@code kamailio} binary is
 * installed; Debian: {@code apt-get install kamailio kamailio-tls-modules}. System properties:
 * {@code parley.kamailio=/path/to/kamailio} picks the binary; {@code parley.kamailio.trace=true}
 * has Kamailio log every frame and routing decision in {@link #log()}.
 */
public final class KamailioRelay implements AutoCloseable {
  /** The digest realm of the configuration. */
  public static final String REALM = "parley.test";

  /** The test accounts of the configuration: user name to password. */
  public static final Map<String, String> USERS =
      Map.of("alice", "alice-secret", "bob", "bob-secret");

  /** Expires bounds and default of the configuration, in seconds. */
  public static final int MIN_EXPIRES = 60;

  public static final int MAX_EXPIRES = 3600;
  public static final int DEFAULT_EXPIRES = 1800;

  /**
   * The largest frame (start line, headers, body and end-line) Kamailio 5.6 handles: the module
   * copies each frame into a fixed buffer and silently ignores larger ones.
   */
  public static final int MAX_FRAME_BYTES = 11_238;

  private static final String[] BINARY_PLACES = {
    "/usr/sbin/kamailio", "/usr/local/sbin/kamailio", "/sbin/kamailio"
  };
  private static final int START_ATTEMPTS = 3;

  private final Path script;
  private final Path runDir;
  private final int port;
  private final int tlsPort;
  private final Fingerprint fingerprint;
  private boolean closed; // guarded by this

  private KamailioRelay(Path script, Path runDir, int port, int tlsPort, Fingerprint fingerprint) {
    this.script = script;
    this.runDir = runDir;
    this.port = port;
    this.tlsPort = tlsPort;
    this.fingerprint = fingerprint;
  }

  /**
   * The kamailio binary: the system property {@code parley.kamailio} when set (a path), else on
   * PATH, else where Debian puts it; null when not installed.
   */
  public static Path binary() {
    String chosen = System.getProperty("parley.kamailio");
    if (chosen != null && !chosen.isBlank()) {
      Path p = Path.of(chosen);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv("PATH");
    List<Path> places = new ArrayList<>();
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          places.add(Path.of(dir, "kamailio"));
        }
      }
    }
    for (String p : BINARY_PLACES) {
      places.add(Path.of(p));
    }
    for (Path p : places) {
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** {@code true} when Kamailio is installed. */
  public static boolean available() {
    return binary() != null;
  }

  /**
   * Starts Kamailio on a free port (and a second one for TLS when {@code tls}), keeping its pid
   * file, log and TLS files in {@code runDir}; returns when the ports accept connections. Skips the
   * calling test when Kamailio is not installed.
   */
  public static KamailioRelay start(Path runDir, boolean tls) throws IOException {
    Path binary = binary();
    Assumptions.assumeTrue(
        binary != null,
        "kamailio is not installed (apt-get install kamailio kamailio-tls-modules)");
    Path script = resource("kamailio/kamailio-relay.sh");
    Files.createDirectories(runDir);
    Fingerprint fingerprint = tls ? certificate(runDir) : null;
    String lastOutput = "";
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = freePort();
      int tlsPort = tls ? freePort() : -1;
      List<String> command = new ArrayList<>(List.of("bash", script.toString(), "start"));
      command.add(Integer.toString(port));
      command.add(runDir.toString());
      if (tls) {
        command.add(Integer.toString(tlsPort));
      }
      Result r = run(command, binary);
      if (r.exitCode == 0) {
        KamailioRelay relay = new KamailioRelay(script, runDir, port, tlsPort, fingerprint);
        // Kamailio runs in a session of its own: stop it even when the tests are interrupted
        Runtime.getRuntime().addShutdownHook(new Thread(relay::stopQuietly, "stop-kamailio"));
        return relay;
      }
      // another process may have taken the port between freePort() and Kamailio's bind
      lastOutput = r.output;
    }
    throw new IllegalStateException(
        "Kamailio did not start after " + START_ATTEMPTS + " attempts:\n" + lastOutput);
  }

  /** The plain TCP listener. */
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** The TLS listener; only when started with TLS. */
  public InetSocketAddress tlsAddress() {
    requireTls();
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), tlsPort);
  }

  /** {@code msrp://127.0.0.1:port;tcp}: the To-Path of an AUTH over TCP. */
  public MsrpUri uri() {
    return MsrpUri.parse("msrp://127.0.0.1:" + port + ";tcp");
  }

  /** {@code msrps://127.0.0.1:tlsPort;tcp}: the To-Path of an AUTH over TLS. */
  public MsrpUri tlsUri() {
    requireTls();
    return MsrpUri.parse("msrps://127.0.0.1:" + tlsPort + ";tcp");
  }

  /** The sha-256 fingerprint of Kamailio's self-signed TLS certificate. */
  public Fingerprint fingerprint() {
    requireTls();
    return fingerprint;
  }

  public int port() {
    return port;
  }

  /** The TLS port, or -1. */
  public int tlsPort() {
    return tlsPort;
  }

  /** Kamailio's log (stderr). */
  public Path log() {
    return runDir.resolve("kamailio.log");
  }

  /** The log as text (empty when there is none yet). */
  public String logText() {
    try {
      // lenient: the log may quote frame bytes that are not UTF-8
      return Files.exists(log())
          ? new String(Files.readAllBytes(log()), StandardCharsets.UTF_8)
          : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops Kamailio (by the pid in its pid file) and waits until its port is closed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Result r =
        run(
            List.of("bash", script.toString(), "stop", Integer.toString(port), runDir.toString()),
            binary());
    if (r.exitCode != 0) {
      throw new IllegalStateException("could not stop Kamailio:\n" + r.output);
    }
  }

  private void stopQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      // at JVM exit there is nobody left to tell
    }
  }

  @Override
  public String toString() {
    return "Kamailio MSRP relay on 127.0.0.1:" + port + (tlsPort > 0 ? " tls:" + tlsPort : "");
  }

  private void requireTls() {
    if (tlsPort < 0) {
      throw new IllegalStateException("this Kamailio was started without TLS");
    }
  }

  /** Writes a self-signed cert.pem/key.pem into runDir (once) and returns its fingerprint. */
  private static Fingerprint certificate(Path runDir) throws IOException {
    Path cert = runDir.resolve("cert.pem");
    try {
      if (!Files.exists(cert) || !Files.exists(runDir.resolve("key.pem"))) {
        KeyStore ks = TestCertificates.selfSigned(runDir, "127.0.0.1");
        TestCertificates.writePem(ks, runDir);
      }
      try (InputStream in = Files.newInputStream(cert)) {
        X509Certificate x509 =
            (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        return Fingerprint.sha256(x509);
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("could not make Kamailio's test certificate", e);
    }
  }

  private static Path resource(String name) {
    URL url = KamailioRelay.class.getClassLoader().getResource(name);
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IllegalStateException("test resource " + name + " not found as a file: " + url);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, Path binary) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (binary != null) {
      pb.environment().put("KAMAILIO", binary.toString());
    }
    if (Boolean.getBoolean("parley.kamailio.trace")) {
      pb.environment().put("KAMAILIO_TRACE", "1");
    }
    try {
      Process p = pb.start();
      // the script ends within its own bounds (20 s start, 15 s stop); its output is small
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out + "\n(timed out)");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }
}
