package org.parley.cli;

import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.Hosts;
import org.parley.msrp.MsrpUri;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;
import org.parley.relay.RelayConfigFile;
import org.parley.relay.RelayFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley relay}: the RFC 4976 relay daemon. Wires a {@link RelayConfig} from the defaults,
 * the {@code --config} file and the flags (in that order), makes the first-start files in the data
 * directory when nothing else is given, starts the {@link Relay} and runs until stopped (SIGINT,
 * SIGTERM). Machine output: one JSON line per event.
 */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    subcommands = {RelayPasswdCommand.class, HelpCommand.class},
    description = {
      "Run an MSRP relay (RFC 4976) for clients that authenticate with it.",
      "Clients AUTH with HTTP Digest and get a Use-Path URI; their messages are relayed by",
      "To-Path, cut-through, to other clients and relays.",
      "",
      "With no options it listens for TLS on 'msrps://127.0.0.1:2855;tcp' and keeps its files in",
      "./parley-data: at first start a self-signed certificate (its sha-256 fingerprint is",
      "printed, for clients to pin) and a users file with one account, 'demo', whose random",
      "password is printed once, when the relay is listening. Add users or reset a password:",
      "  parley relay passwd USER          (or Apache's, MD5 only: htdigest parley-data/users.htdigest REALM USER)",
      "",
      "Flags override the --config file (format: relay/relay.conf.example). Output: JSON lines",
      "(events listening, page - the browser chat's URL on a WebSocket listener -, certificate,",
      "demo-account, metrics, stopped); logs go to stderr, one",
      "line each with an ISO 8601 time. Ctrl-C and SIGTERM stop it cleanly ('stopped').",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 stopped by SIGTERM, 1 could not start (port in use, unreadable files),",
      "2 invalid configuration, 130 stopped by Ctrl-C (SIGINT)."
    })
final class RelayCommand implements Callable<Integer> {
  /** The data directory when none is configured. */
  static final Path DEFAULT_DATA_DIR = Path.of("parley-data");

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "URI",
      description = {
        "Listen at URI: 'msrps://HOST:PORT;tcp' (TLS) or 'msrp://HOST:PORT;tcp' (plain TCP, labs);",
        "for browsers (MSRP over WebSocket, RFC 7977) 'wss://HOST:PORT' or 'ws://HOST:PORT' (labs),",
        "beside a TCP one. Repeatable. Port 0 takes a free port.",
        "Default: 'msrps://127.0.0.1:2855;tcp'"
      })
  List<String> listen;

  @Option(
      names = "--ws-origin",
      paramLabel = "ORIGIN",
      description = {
        "Let web pages of ORIGIN (e.g. 'https://chat.example.com') open WebSockets. Repeatable.",
        "Programs that send no Origin are always let through; MSRP AUTH still applies."
      })
  List<String> wsOrigins;

  @Option(
      names = "--host",
      paramLabel = "NAME",
      description = "Host name for the Use-Path URIs handed out (default: the listen host).")
  String host;

  @Option(
      names = "--users",
      paramLabel = "FILE",
      description = {
        "Users in Apache htdigest format (user:realm:HA1[:HA1-SHA-256]), re-read when it changes.",
        "Default: DATA-DIR/users.htdigest, made with a demo account at first start."
      })
  Path users;

  @Option(
      names = "--realm",
      paramLabel = "REALM",
      description = "Digest realm (default: the listen host).")
  String realm;

  @Option(
      names = "--cert",
      paramLabel = "FILE",
      description = {
        "PEM certificate chain for TLS (with --key).",
        "Default: DATA-DIR/cert.pem, self-signed at first start."
      })
  Path cert;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "PEM PKCS#8 private key for TLS (with --cert). Default: DATA-DIR/key.pem")
  Path key;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Directory for generated files (default: ./parley-data).")
  Path dataDir;

  @Option(
      names = "--metrics",
      paramLabel = "HOST:PORT",
      description = "Serve Prometheus /metrics and /health over HTTP there (default: off).")
  String metrics;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Read settings from FILE first (see relay/relay.conf.example).")
  Path config;

  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean interrupted;

  /** Stops a running relay, which exits 0 (what SIGTERM does); for tests. */
  void stop() {
    stop.countDown();
  }

  /** The system property that sets Netty's leak detection. */
  static final String LEAK_DETECTION = "io.netty.leakDetection.level";

  /**
   * The level of Netty's leak detection the relay sets: off, unless {@value #LEAK_DETECTION} names
   * one (null: Netty took it from there). Netty's default tracks one buffer in 128 and fills in a
   * stack trace for each, about 4 % of a busy relay's event loop (perf, 2026-12-07); the test suite
   * runs the relay with it paranoid.
   */
  static ResourceLeakDetector.@Nullable Level leakDetection(@Nullable String property) {
    return property == null ? ResourceLeakDetector.Level.DISABLED : null;
  }

  /** Stops a running relay, which exits 130 (what Ctrl-C does, through {@link CtrlC}). */
  void interrupt() {
    interrupted = true;
    stop();
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ResourceLeakDetector.Level leaks = leakDetection(System.getProperty(LEAK_DETECTION));
    if (leaks != null) {
      ResourceLeakDetector.setLevel(leaks);
    }
    RelayConfig.Builder b = RelayConfig.builder();
    String certHost;
    String effectiveRealm;
    Json demoAccount = null; // printed once the relay listens, so a failed start hides nothing
    Path madeUsers = null;
    try {
      if (config != null) {
        RelayConfigFile.read(config, b);
      }
      if (listen != null) {
        b.listen(List.of());
        for (String l : listen) {
          b.listen(RelayConfigFile.listenUri(l));
        }
      }
      if (wsOrigins != null) {
        wsOrigins.forEach(b::webSocketOrigin);
      }
      if (host != null) {
        b.host(host);
      }
      if (users != null) {
        b.users(users);
      }
      if (realm != null) {
        b.realm(realm);
      }
      if (cert != null || key != null) {
        if (cert == null || key == null) {
          return invalid(out, "--cert and --key go together");
        }
        b.tls(cert, key);
      }
      if (dataDir != null) {
        b.dataDir(dataDir);
      }
      if (metrics != null) {
        b.metrics(hostPort(metrics));
      }
      if (b.dataDir() == null) {
        b.dataDir(DEFAULT_DATA_DIR);
      }
      List<MsrpUri> l = b.listen().isEmpty() ? List.of(RelayConfig.DEFAULT_LISTEN) : b.listen();
      certHost = b.host() != null ? b.host() : l.get(0).host();
      effectiveRealm = b.auth().realm() != null ? b.auth().realm() : certHost;
      boolean tls = l.stream().anyMatch(MsrpUri::secure);
      if (tls && b.certificate() == null) {
        Path dir = b.dataDir();
        if (RelayFiles.ensureCertificate(dir, certHost)) {
          out.println(
              Json.event("certificate")
                  .put("created", dir.resolve(RelayFiles.CERTIFICATE).toString())
                  .put("host", certHost));
        }
        b.tls(dir.resolve(RelayFiles.CERTIFICATE), dir.resolve(RelayFiles.PRIVATE_KEY));
      }
      if (b.users() == null) {
        Path file = b.dataDir().resolve(RelayFiles.USERS);
        Optional<String> password = RelayFiles.ensureUsers(file, effectiveRealm);
        if (password.isPresent()) {
          madeUsers = file;
          demoAccount =
              Json.event("demo-account")
                  .put("username", RelayFiles.DEMO_USER)
                  .put("password", password.get())
                  .put("realm", effectiveRealm)
                  .put("users", file.toString())
                  .put("note", "the password is shown this once");
        }
        b.users(file);
      }
    } catch (IllegalArgumentException e) {
      return invalid(out, e.getMessage());
    } catch (IOException e) {
      out.println(Json.event("error").put("error", e.getMessage()));
      out.flush();
      return Parley.FAILED;
    }
    RelayConfig cfg;
    try {
      cfg = b.build();
    } catch (IllegalArgumentException e) {
      return invalid(out, e.getMessage());
    }
    Relay relay;
    try {
      relay = Relay.start(cfg);
    } catch (IllegalArgumentException e) {
      forget(madeUsers);
      return invalid(out, e.getMessage());
    } catch (IOException | IllegalStateException e) {
      // The demo account made for this start goes with it: the next start makes and shows one.
      forget(madeUsers);
      out.println(Json.event("error").put("error", startFailure(e, cfg)));
      out.flush();
      return Parley.FAILED;
    }
    if (demoAccount != null) {
      out.println(demoAccount);
    }
    // SIGTERM (an init system): the relay stops, says so, and the process exits 0, not 143.
    // SIGINT (Ctrl-C) is CtrlC's: the relay stops, says so, and the command returns 130.
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop();
              try {
                if (finished.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                  Runtime.getRuntime().halt(Parley.OK);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "parley-relay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (relay) {
      String fingerprint =
          cfg.certificate() == null ? null : RelayFiles.fingerprint(cfg.certificate()).toString();
      for (MsrpUri u : relay.uris()) {
        Json j = Json.event("listening").put("uri", u.toString()).put("realm", cfg.realm());
        if (u.secure()) {
          j.put("fingerprint", fingerprint);
        }
        out.println(j);
        if (RelayConfig.isWebSocket(u) && cfg.webSocket().pages() != null) {
          out.println(Json.event("page").put("url", pageUrl(u)));
        }
      }
      if (relay.metricsAddress() != null) {
        out.println(
            Json.event("metrics")
                .put(
                    "url",
                    "http://"
                        + relay.metricsAddress().getHostString()
                        + ":"
                        + relay.metricsAddress().getPort()
                        + "/metrics"));
      }
      out.flush();
      CtrlC ctrlC = CtrlC.onInterrupt(this::interrupt);
      try {
        stop.await();
      } finally {
        ctrlC.close();
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    out.println(Json.event("stopped"));
    out.flush();
    System.err.flush();
    finished.countDown();
    return interrupted ? Parley.INTERRUPTED : Parley.OK;
  }

  private static void forget(Path madeUsers) {
    if (madeUsers != null) {
      try {
        java.nio.file.Files.deleteIfExists(madeUsers);
      } catch (IOException e) {
        // the file stays; its password was never shown, so the next start cannot show it
      }
    }
  }

  /** Why the relay could not start, in words: a port in use is named with its address. */
  private static String startFailure(Exception e, RelayConfig cfg) {
    boolean inUse = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        inUse = true;
      }
    }
    if (!inUse) {
      return e.getMessage();
    }
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("listen ")) {
      int end = m.indexOf(": ", "listen ".length());
      String uri = m.substring("listen ".length(), end < 0 ? m.length() : end);
      return "cannot listen on " + uri + ": the port is in use by another program";
    }
    if (cfg.metrics() != null) {
      return "cannot serve metrics on "
          + cfg.metrics().getHostString()
          + ":"
          + cfg.metrics().getPort()
          + ": the port is in use by another program";
    }
    return m;
  }

  private static int invalid(PrintWriter out, String message) {
    out.println(Json.event("error").put("error", message));
    out.flush();
    return Parley.INVALID_INPUT;
  }

  private static java.net.InetSocketAddress hostPort(String v) {
    int colon = v.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--metrics: expected HOST:PORT, not " + v);
    }
    String h = Hosts.unbracketed(v.substring(0, colon));
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--metrics: bad port in " + v);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--metrics: port out of range in " + v);
    }
    return new java.net.InetSocketAddress(h, port);
  }

  /** Where a browser opens the chat page a WebSocket listener serves (its root). */
  static String pageUrl(MsrpUri listener) {
    // An IPv6 host comes bracketed, as URIs write it.
    return (listener.secure() ? "https://" : "http://")
        + listener.host()
        + ":"
        + listener.port()
        + "/";
  }
}
