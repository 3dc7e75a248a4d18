package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kamailio as registrar and proxy on 127.0.0.1 for the interop tests, with the configuration in
 * {@code src/test/resources/kamailio/kamailio.cfg}: started in the foreground ({@code -DD -E}) on a
 * free port (UDP and TCP), ready once it answers OPTIONS, stopped by its process. Its log is kept
 * in {@code target/kamailio-<port>/kamailio.log}.
 */
public final class Kamailio implements AutoCloseable {
  /** Every user of the domain has this password (see the configuration). */
  public static final String PASSWORD = "parley-test";

  public static final String DOMAIN = "parley.test";

  private static final String[] BINARIES = {"/usr/sbin/kamailio", "/usr/local/sbin/kamailio"};
  private static final long READY_SECONDS = 60;

  private final Process process;
  private final int port;
  private final Path dir;

  private Kamailio(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * The binary, or null when Kamailio is not installed (Debian: {@code apt-get install kamailio}).
   */
  public static String binary() {
    for (String b : BINARIES) {
      if (new File(b).canExecute()) {
        return b;
      }
    }
    return null;
  }

  public static Kamailio start() throws IOException {
    String binary = binary();
    if (binary == null) {
      throw new IllegalStateException("kamailio is not installed");
    }
    int port = freePort();
    Path dir = Path.of("target", "kamailio-" + port).toAbsolutePath();
    Files.createDirectories(dir);
    // Copied out: from another module's tests the configuration is inside the sip test-jar.
    Path cfg = dir.resolve("kamailio.cfg");
    try (InputStream in = Kamailio.class.getResourceAsStream("/kamailio/kamailio.cfg")) {
      Files.copy(in, cfg, StandardCopyOption.REPLACE_EXISTING);
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                binary,
                "-DD",
                "-E",
                "-f",
                cfg.toString(),
                "-P",
                dir.resolve("kamailio.pid").toString(),
                "-Y",
                dir.toString(),
                "-l",
                "udp:127.0.0.1:" + port,
                "-l",
                "tcp:127.0.0.1:" + port,
                "-m",
                "64",
                "-M",
                "8"));
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("kamailio.log").toFile());
    Kamailio k = new Kamailio(pb.start(), port, dir);
    try {
      k.awaitReady();
    } catch (IOException | RuntimeException | Error e) {
      k.close();
      throw e;
    }
    return k;
  }

  /** The proxy's URI for an agent's outbound proxy setting. */
  public String proxy(SipTransport transport) {
    return "sip:127.0.0.1:" + port + ";transport=" + transport.token();
  }

  public int port() {
    return port;
  }

  /** Sends OPTIONS until Kamailio answers (each try waits for an answer, up to a minute in all). */
  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(250);
      int n = 0;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "kamailio exited with "
                  + process.exitValue()
                  + "; see "
                  + dir.resolve("kamailio.log"));
        }
        String options =
            "OPTIONS sip:"
                + DOMAIN
                + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:"
                + s.getLocalPort()
                + ";branch=z9hG4bKprobe"
                + (++n)
                + "\r\nFrom: <sip:probe@127.0.0.1>;tag=p\r\nTo: <sip:"
                + DOMAIN
                + ">\r\nCall-ID: probe"
                + n
                + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        byte[] b = options.getBytes(UTF_8);
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
        byte[] in = new byte[4096];
        try {
          s.receive(new DatagramPacket(in, in.length));
          return;
        } catch (SocketTimeoutException notYet) {
          // not listening yet: ask again
        }
      }
    }
    throw new IllegalStateException("kamailio did not answer in " + READY_SECONDS + " s");
  }

  private static int freePort() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int i = 0; i < 20; i++) {
      int p;
      try (ServerSocket s = new ServerSocket(0, 1, lo)) {
        p = s.getLocalPort();
      }
      try (DatagramSocket d = new DatagramSocket(p, lo)) {
        return p;
      } catch (IOException taken) {
        // another
      }
    }
    throw new IOException("no free port");
  }

  /** Stops Kamailio and its children (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle c : children) {
      if (c.isAlive()) {
        c.destroyForcibly();
      }
    }
  }
}
