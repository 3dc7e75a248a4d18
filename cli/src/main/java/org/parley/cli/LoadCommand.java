package org.parley.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpTls;
import org.parley.relay.RelayConfigFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley load}: drives sender/receiver session pairs through an RFC 4976 relay (Parley's,
 * Kamailio's, any) or straight to in-process receivers, and reports throughput and latency.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Load an MSRP relay (or a direct path) and report throughput and latency.",
      "PAIRS sender/receiver pairs authenticate, then each sender sends MESSAGES messages of SIZE"
          + " bytes; prints messages/s, MB/s, p50/p95/p99 latency (SEND to 200, and end to end) and"
          + " errors. Every run stops by itself, after --duration at the latest.",
      "",
      "Example: parley load --relay 'msrp://127.0.0.1:2855;tcp' --relay-auth demo:PASSWORD"
          + " --pairs 100 --messages 100 --size 1024"
    })
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--relay",
      paramLabel = "MSRP-URI",
      description = {
        "The relay both sides authenticate with; without it, a direct run in-process.",
        "Over WebSocket (RFC 7977, as browsers): 'wss://HOST:PORT' or 'msrps://HOST:PORT;ws'."
      })
  String relay;

  @Option(
      names = "--relay-b",
      paramLabel = "MSRP-URI",
      description = "The receivers' relay, for a two-hop path (default: --relay).")
  String relayB;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description =
          "Direct runs: the receivers' listening address host:port (default 127.0.0.1, a free"
              + " port).")
  String listen;

  @Option(
      names = "--via",
      paramLabel = "HOST:PORT",
      description =
          "Direct runs: senders connect to this host:port (e.g. a TCP forwarder in front of"
              + " --listen) instead of the receivers' listener.")
  String via;

  @Option(
      names = "--relay-auth",
      paramLabel = "USER:PASSWORD",
      description = "The senders' account at the relay.")
  String relayAuth;

  @Option(
      names = "--relay-auth-b",
      paramLabel = "USER:PASSWORD",
      description = "The receivers' account (default: --relay-auth).")
  String relayAuthB;

  @Option(
      names = "--relay-fingerprint",
      paramLabel = "FINGERPRINT",
      description = "For msrps relays: accept exactly this certificate, e.g. 'sha-256 4A:AD:...'.")
  String relayFingerprint;

  /** {@code --auth}, the name before {@code --relay-auth}: hidden, for the scripts that use it. */
  @Option(names = "--auth", paramLabel = "USER:PASSWORD", hidden = true)
  void auth(String value) {
    relayAuth = value;
  }

  /** {@code --auth-b}, the name before {@code --relay-auth-b}; hidden. */
  @Option(names = "--auth-b", paramLabel = "USER:PASSWORD", hidden = true)
  void authB(String value) {
    relayAuthB = value;
  }

  /** {@code --fingerprint}, the name before {@code --relay-fingerprint}; hidden. */
  @Option(names = "--fingerprint", paramLabel = "FINGERPRINT", hidden = true)
  void fingerprint(String value) {
    relayFingerprint = value;
  }

  @Option(
      names = "--pairs",
      paramLabel = "PAIRS",
      defaultValue = "10",
      description = "Session pairs (${DEFAULT-VALUE}).")
  int pairs;

  @Option(
      names = "--messages",
      paramLabel = "MESSAGES",
      defaultValue = "100",
      description = "Messages per pair (${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--size",
      paramLabel = "SIZE",
      defaultValue = "1024",
      description = "Bytes per message (${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--chunk-size",
      paramLabel = "BYTES",
      defaultValue = "4096",
      description = "Body bytes per chunk (${DEFAULT-VALUE}; Kamailio takes at most ~10 KB).")
  int chunk;

  @Option(
      names = "--window",
      paramLabel = "MESSAGES",
      defaultValue = "8",
      description = "Messages in flight per pair (${DEFAULT-VALUE}; 1 is stop-and-wait).")
  int window;

  @Option(
      names = "--rate",
      paramLabel = "PER-SECOND",
      defaultValue = "0",
      description = "Target messages/s over all pairs (0, the default: as fast as possible).")
  double rate;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Seconds after which the run stops, done or not (${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(
      names = "--hold",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "Seconds to keep every session bound after the run, e.g. to read the relay's memory"
              + " (${DEFAULT-VALUE}).")
  int holdSeconds;

  @Option(names = "--json", description = "Print the result as one JSON line, no progress line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadRun.Plan plan;
    try {
      plan = plan();
    } catch (IllegalArgumentException e) {
      err.println("parley load: " + e.getMessage());
      err.flush();
      return Parley.INVALID_INPUT;
    }
    LoadRun.Result r;
    try {
      r = new LoadRun(plan, json ? null : err).run();
    } catch (java.util.concurrent.ExecutionException e) {
      err.println("parley load: setting up failed: " + e.getCause());
      if (System.getenv("PARLEY_DEBUG") != null) {
        e.getCause().printStackTrace(err);
      }
      err.flush();
      return Parley.FAILED;
    } catch (java.util.concurrent.TimeoutException e) {
      err.println("parley load: setting up took too long (AUTH or connect unanswered)");
      err.flush();
      return Parley.FAILED;
    }
    double mbs = r.delivered() * (double) size / r.seconds() / (1 << 20);
    Json j =
        Json.event("load")
            .put("target", relay == null ? "direct" : relay)
            .put("pairs", pairs)
            .put("size", size)
            .put("chunk_size", chunk)
            .put("sent", r.sent())
            .put("answered", r.answered())
            .put("delivered", r.delivered())
            .put("errors", r.errors())
            .put("seconds", round(r.seconds()))
            .put("timed_out", r.timedOut())
            .put("msgs_per_s", round(r.delivered() / r.seconds()))
            .put("mb_per_s", round(mbs))
            .put("send_200_p50_ms", round(r.sendTo200().percentileMillis(50)))
            .put("send_200_p95_ms", round(r.sendTo200().percentileMillis(95)))
            .put("send_200_p99_ms", round(r.sendTo200().percentileMillis(99)))
            .put("delivery_p50_ms", round(r.delivery().percentileMillis(50)))
            .put("delivery_p95_ms", round(r.delivery().percentileMillis(95)))
            .put("delivery_p99_ms", round(r.delivery().percentileMillis(99)));
    r.errorsByKind().forEach((k, v) -> j.put("error " + k, v));
    if (json) {
      out.println(j);
    } else {
      out.printf(
          "%,d of %,d messages delivered in %.2f s: %,.0f msg/s, %.2f MB/s, %,d errors%s%n",
          r.delivered(),
          (long) pairs * messages,
          r.seconds(),
          r.delivered() / r.seconds(),
          mbs,
          r.errors(),
          r.timedOut() ? " (stopped by --duration)" : "");
      out.printf(
          "SEND to 200: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms%n",
          r.sendTo200().percentileMillis(50),
          r.sendTo200().percentileMillis(95),
          r.sendTo200().percentileMillis(99));
      out.printf(
          "end to end:  p50 %.2f ms, p95 %.2f ms, p99 %.2f ms%n",
          r.delivery().percentileMillis(50),
          r.delivery().percentileMillis(95),
          r.delivery().percentileMillis(99));
      r.errorsByKind().forEach((k, v) -> out.printf("errors, %s: %,d%n", k, v));
    }
    out.flush();
    boolean complete = r.delivered() == (long) pairs * messages && r.errors() == 0;
    return complete ? Parley.OK : Parley.FAILED;
  }

  private LoadRun.Plan plan() {
    if (pairs < 1 || messages < 1 || size < 0 || chunk < 1 || window < 1 || rate < 0) {
      throw new IllegalArgumentException(
          "--pairs, --messages, --chunk-size and --window are positive; --size and --rate are not"
              + " negative");
    }
    if (durationSeconds < 1) {
      throw new IllegalArgumentException("--duration is at least 1 second");
    }
    MsrpUri r = relay == null ? null : RelayConfigFile.listenUri(relay);
    MsrpUri rb = relayB == null ? null : RelayConfigFile.listenUri(relayB);
    if (r == null && rb != null) {
      throw new IllegalArgumentException("--relay-b needs --relay");
    }
    if (r != null && (listen != null || via != null)) {
      throw new IllegalArgumentException("--listen and --via are for direct runs, not --relay");
    }
    java.net.InetSocketAddress listenAt = listen == null ? null : address(listen, "--listen");
    java.net.InetSocketAddress viaAt = via == null ? null : address(via, "--via");
    String[] a = null;
    String[] b = null;
    if (r != null) {
      if (relayAuth == null) {
        throw new IllegalArgumentException("a relay needs --relay-auth user:password");
      }
      a = credentials(relayAuth, "--relay-auth");
      b = relayAuthB == null ? a : credentials(relayAuthB, "--relay-auth-b");
    }
    MsrpTls tls = null;
    if (r != null && r.secure()) {
      if (relayFingerprint == null) {
        throw new IllegalArgumentException("an msrps relay needs --relay-fingerprint");
      }
      tls = MsrpTls.client(List.of(Fingerprint.parse(relayFingerprint)));
    }
    if (rb != null && rb.secure() != (tls != null)) {
      throw new IllegalArgumentException("--relay and --relay-b use the same scheme");
    }
    return new LoadRun.Plan(
        pairs,
        messages,
        size,
        chunk,
        window,
        rate,
        Duration.ofSeconds(durationSeconds),
        r,
        rb,
        a,
        b,
        tls,
        listenAt,
        viaAt,
        Duration.ofSeconds(Math.max(0, holdSeconds)));
  }

  private static java.net.InetSocketAddress address(String value, String option) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(option + " is host:port");
    }
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new java.net.InetSocketAddress(value.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": bad port in " + value);
    }
  }

  private static String[] credentials(String value, String option) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(option + " is user:password");
    }
    return new String[] {value.substring(0, colon), value.substring(colon + 1)};
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
