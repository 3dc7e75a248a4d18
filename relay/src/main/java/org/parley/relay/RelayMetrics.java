package org.parley.relay;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The relay's counters and gauges, written as Prometheus text (exposition format 0.0.4) by {@link
 * #prometheus}. Counters only grow; gauges are read when written. Thread-safe and cheap to update
 * from any event loop.
 *
 * <p>Directions: {@code from_client} is traffic a client of this relay sends out through its own
 * Use-Path URI; {@code to_client} is traffic written to a client of this relay. Traffic from one
 * client of this relay to another counts in both.
 */
@SuppressWarnings("EnumOrdinal") // counters in arrays indexed by the enums: no map per count
public final class RelayMetrics {
  /** Which way a relayed request went. */
  public enum Direction {
    FROM_CLIENT("from_client"),
    TO_CLIENT("to_client");

    private final String label;

    Direction(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** How an AUTH ended. */
  public enum AuthResult {
    OK("ok"),
    CHALLENGED("challenged"),
    STALE("stale"),
    FAILED("failed"),
    INTERVAL("interval_out_of_bounds"),
    FORBIDDEN("forbidden");

    private final String label;

    AuthResult(String label) {
      this.label = label;
    }
  }

  final LongAdder connectionsAccepted = new LongAdder();
  final LongAdder connectionsOutgoing = new LongAdder();
  final LongAdder connectionsRejected = new LongAdder();
  final LongAdder connectionsDropped = new LongAdder();
  private final LongAdder[] chunks = adders(2);
  private final LongAdder[] bytes = adders(2);
  private final LongAdder[] messages = adders(2);
  private final LongAdder[] auth = adders(AuthResult.values().length);
  private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> reports = new ConcurrentHashMap<>();
  final LongAdder splits = new LongAdder();
  final LongAdder nextHopFailures = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong queuedBytesPeak = new AtomicLong();
  private final AtomicLong pendingWritePeak = new AtomicLong();

  private LongSupplier connections = () -> 0;
  private LongSupplier clients = () -> 0;
  private LongSupplier sessions = () -> 0;
  private LongSupplier paused = () -> 0;

  RelayMetrics() {}

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  void gauges(
      LongSupplier connections, LongSupplier clients, LongSupplier sessions, LongSupplier paused) {
    this.connections = connections;
    this.clients = clients;
    this.sessions = sessions;
    this.paused = paused;
  }

  void relayed(Set<Direction> ds, boolean message) {
    for (Direction d : ds) {
      chunks[d.ordinal()].increment();
      if (message) {
        messages[d.ordinal()].increment();
      }
    }
  }

  void bytes(Set<Direction> ds, long n) {
    for (Direction d : ds) {
      bytes[d.ordinal()].add(n);
    }
  }

  void auth(AuthResult r) {
    auth[r.ordinal()].increment();
  }

  /** An error response or failure REPORT the relay itself sent. */
  void error(int status, boolean report) {
    (report ? reports : errors).computeIfAbsent(status, k -> new LongAdder()).increment();
  }

  void queued(long delta) {
    long now = queuedBytes.addAndGet(delta);
    queuedBytesPeak.accumulateAndGet(now, Math::max);
  }

  void pendingWrite(long bytesQueued) {
    pendingWritePeak.accumulateAndGet(bytesQueued, Math::max);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** Open connections. */
  public long connections() {
    return connections.getAsLong();
  }

  /** Connections holding at least one Use-Path URI. */
  public long authenticatedClients() {
    return clients.getAsLong();
  }

  /** Live Use-Path URIs. */
  public long sessions() {
    return sessions.getAsLong();
  }

  /** Connections whose reading is paused for backpressure now. */
  public long pausedUpstreams() {
    return paused.getAsLong();
  }

  public long chunks(Direction d) {
    return chunks[d.ordinal()].sum();
  }

  public long messages(Direction d) {
    return messages[d.ordinal()].sum();
  }

  public long bytes(Direction d) {
    return bytes[d.ordinal()].sum();
  }

  public long authResults(AuthResult r) {
    return auth[r.ordinal()].sum();
  }

  /** AUTHs refused for wrong or replayed credentials. */
  public long authFailures() {
    return auth[AuthResult.FAILED.ordinal()].sum();
  }

  /** Error responses with this status the relay sent. */
  public long errors(int status) {
    LongAdder a = errors.get(status);
    return a == null ? 0 : a.sum();
  }

  /** Failure REPORTs with this status the relay sent. */
  public long reports(int status) {
    LongAdder a = reports.get(status);
    return a == null ? 0 : a.sum();
  }

  /** Chunks the relay interrupted to let other frames through. */
  public long splits() {
    return splits.sum();
  }

  public long connectionsRejected() {
    return connectionsRejected.sum();
  }

  /** Body bytes held in paused connections' queues now. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** The most body bytes ever held in paused connections' queues at once. */
  public long queuedBytesPeak() {
    return queuedBytesPeak.get();
  }

  /** The most bytes ever waiting in one connection's outbound buffer after a relayed write. */
  public long pendingWriteBytesPeak() {
    return pendingWritePeak.get();
  }

  /** The Prometheus text exposition of every metric. */
  public String prometheus() {
    StringBuilder sb = new StringBuilder(4096);
    gauge(sb, "parley_relay_connections", "Open MSRP connections.", connections());
    counter(
        sb,
        "parley_relay_connections_accepted_total",
        "Incoming connections accepted.",
        connectionsAccepted.sum());
    counter(
        sb,
        "parley_relay_connections_outgoing_total",
        "Connections opened to next hops.",
        connectionsOutgoing.sum());
    counter(
        sb,
        "parley_relay_connections_rejected_total",
        "Connections closed at once for the connection limit.",
        connectionsRejected.sum());
    counter(
        sb,
        "parley_relay_connections_dropped_total",
        "Connections closed for a time-out, a limit, a misaddressed request or bad input.",
        connectionsDropped.sum());
    gauge(
        sb,
        "parley_relay_authenticated_clients",
        "Connections holding at least one Use-Path URI.",
        authenticatedClients());
    gauge(sb, "parley_relay_sessions", "Live Use-Path URIs (bindings).", sessions());
    directional(sb, "parley_relay_chunks_total", "Requests relayed.", chunks);
    directional(
        sb, "parley_relay_messages_total", "SEND chunks relayed that end a message.", messages);
    directional(sb, "parley_relay_bytes_total", "Body bytes relayed.", bytes);
    header(sb, "parley_relay_auth_total", "AUTH requests answered, by result.", "counter");
    for (AuthResult r : AuthResult.values()) {
      sb.append("parley_relay_auth_total{result=\"")
          .append(r.label)
          .append("\"} ")
          .append(auth[r.ordinal()].sum())
          .append('\n');
    }
    counter(
        sb,
        "parley_relay_auth_failures_total",
        "AUTH requests with wrong or replayed credentials.",
        authFailures());
    byStatus(sb, "parley_relay_errors_total", "Error responses sent by the relay.", errors);
    byStatus(
        sb, "parley_relay_failure_reports_total", "Failure REPORTs sent by the relay.", reports);
    counter(
        sb,
        "parley_relay_chunk_splits_total",
        "Chunks interrupted to let other frames through.",
        splits.sum());
    counter(
        sb,
        "parley_relay_next_hop_failures_total",
        "Connections to next hops that could not be opened.",
        nextHopFailures.sum());
    counter(
        sb,
        "parley_relay_transaction_timeouts_total",
        "Relayed chunks not answered in time.",
        timeouts.sum());
    gauge(
        sb,
        "parley_relay_paused_connections",
        "Connections whose reading is paused for backpressure.",
        pausedUpstreams());
    gauge(sb, "parley_relay_queued_bytes", "Body bytes held while frames wait.", queuedBytes());
    gauge(
        sb,
        "parley_relay_queued_bytes_peak",
        "The most body bytes held at once while frames wait.",
        queuedBytesPeak());
    gauge(
        sb,
        "parley_relay_pending_write_bytes_peak",
        "The most bytes waiting in one connection's outbound buffer.",
        pendingWriteBytesPeak());
    return sb.toString();
  }

  private static void header(StringBuilder sb, String name, String help, String type) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void gauge(StringBuilder sb, String name, String help, long v) {
    header(sb, name, help, "gauge");
    sb.append(name).append(' ').append(v).append('\n');
  }

  private static void counter(StringBuilder sb, String name, String help, long v) {
    header(sb, name, help, "counter");
    sb.append(name).append(' ').append(v).append('\n');
  }

  private static void directional(StringBuilder sb, String name, String help, LongAdder[] a) {
    header(sb, name, help, "counter");
    for (Direction d : Direction.values()) {
      sb.append(name)
          .append("{direction=\"")
          .append(d.label)
          .append("\"} ")
          .append(a[d.ordinal()].sum())
          .append('\n');
    }
  }

  private static void byStatus(
      StringBuilder sb, String name, String help, Map<Integer, LongAdder> m) {
    header(sb, name, help, "counter");
    for (Map.Entry<Integer, LongAdder> e : new TreeMap<>(m).entrySet()) {
      sb.append(name)
          .append("{status=\"")
          .append(e.getKey())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
  }
}
