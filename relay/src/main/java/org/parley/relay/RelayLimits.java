package org.parley.relay;

import java.time.Duration;
import org.parley.msrp.codec.MsrpDecoderConfig;

/**
 * The limits that bound what peers can make the relay hold or do. Every connection's memory is
 * bounded by the decoder's head limits, the write-buffer water marks of the transport, at most the
 * rest of one socket read queued while its frame waits, and its write queue (one forwarded frame
 * per upstream connection and {@code writeQueue} whole frames). No frame holds a connection for
 * long: SENDs are split, other requests are bounded in size and time.
 *
 * <table>
 *   <caption>Limits (file key after {@code limits.})</caption>
 *   <tr><th>name</th><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>maxConnections</td><td>connections</td><td>10000</td>
 *       <td>open connections, incoming and outgoing; a connection over it is closed at once</td></tr>
 *   <tr><td>maxSessionsPerClient</td><td>sessions-per-client</td><td>64</td>
 *       <td>Use-Path URIs (bindings) one connection may hold; the AUTH past it gets 403</td></tr>
 *   <tr><td>maxAuthAttempts</td><td>auth-attempts</td><td>5</td>
 *       <td>AUTHs with credentials answered with anything but 200 (stale nonces aside) in a row on
 *       one connection, and requests refused on a connection before any succeeded; the connection
 *       is closed after the last answer (RFC 4976 §6.1, §6.3)</td></tr>
 *   <tr><td>idleTimeout</td><td>idle-timeout</td><td>1h</td>
 *       <td>a connection with nothing read or written for this long is closed (RFC 4976 §6.5)</td></tr>
 *   <tr><td>probation</td><td>probation</td><td>30s</td>
 *       <td>an incoming connection must have a request succeed (an AUTH, or a request relayed)
 *       within this time or it is closed (RFC 4976 §6.1)</td></tr>
 *   <tr><td>headTimeout</td><td>head-timeout</td><td>30s</td>
 *       <td>the start line and headers of a frame must arrive within this time of its first byte
 *       (slow drip of headers)</td></tr>
 *   <tr><td>transactionTimeout</td><td>transaction-timeout</td><td>30s</td>
 *       <td>a forwarded chunk not answered in this time after its last byte is reported with a
 *       408 failure REPORT (RFC 4976 §6.4.1)</td></tr>
 *   <tr><td>splitBytes</td><td>split-bytes</td><td>65536</td>
 *       <td>bytes of one chunk sent on a connection before the relay interrupts it (ending it with
 *       {@code +} and sending the rest as a new chunk) to let waiting frames through</td></tr>
 *   <tr><td>frameTimeout</td><td>frame-timeout</td><td>30s</td>
 *       <td>a request other than SEND must end within this time of taking its next hop's frame
 *       slot, else it is aborted ({@code #}) and the rest of it dropped: a stalled sender loses
 *       the slot</td></tr>
 *   <tr><td>maxOtherBody</td><td>other-body</td><td>65536</td>
 *       <td>body bytes of a request other than SEND (REPORT, NICKNAME, unknown methods); past it
 *       the request is aborted ({@code #}) and its sender gets 413</td></tr>
 *   <tr><td>writeQueue</td><td>write-queue</td><td>1024</td>
 *       <td>responses and REPORTs the relay made that may wait for one connection's frame slot;
 *       past it the connection, which does not drain, is closed</td></tr>
 *   <tr><td>maxPending</td><td>pending</td><td>4096</td>
 *       <td>forwarded requests waiting for their response on one connection; while that many
 *       wait, further requests towards it wait too (their senders stop being read)</td></tr>
 *   <tr><td>shutdownGrace</td><td>shutdown-grace</td><td>5s</td>
 *       <td>how long a shutdown waits for its failure REPORTs to be written</td></tr>
 *   <tr><td>connectionsPerAddress</td><td>connections-per-address</td><td>64</td>
 *       <td>incoming connections from one IP address that have not authenticated (TLS handshakes
 *       in progress included); one more is closed as it is accepted</td></tr>
 *   <tr><td>nextHopReserve</td><td>next-hop-reserve</td><td>256</td>
 *       <td>connections kept for next hops: incoming ones (handshakes included) are closed as they
 *       are accepted once {@code connections} less this are open; must be less than
 *       {@code connections}</td></tr>
 *   <tr><td>decoder</td><td>max-start-line, max-header-block, max-headers</td>
 *       <td>1024, 8192, 64</td><td>the codec's head limits ({@link MsrpDecoderConfig})</td></tr>
 * </table>
 */
public record RelayLimits(
    int maxConnections,
    int maxSessionsPerClient,
    int maxAuthAttempts,
    Duration idleTimeout,
    Duration probation,
    Duration headTimeout,
    Duration transactionTimeout,
    int splitBytes,
    Duration frameTimeout,
    int maxOtherBody,
    int writeQueue,
    int maxPending,
    Duration shutdownGrace,
    MsrpDecoderConfig decoder,
    int connectionsPerAddress,
    int nextHopReserve) {

  /** The defaults of the table above. */
  public static final RelayLimits DEFAULT =
      new RelayLimits(
          10_000,
          64,
          5,
          Duration.ofHours(1),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          64 << 10,
          Duration.ofSeconds(30),
          64 << 10,
          1024,
          4096,
          Duration.ofSeconds(5),
          MsrpDecoderConfig.DEFAULT,
          64,
          256);

  /**
   * Checks every limit.
   *
   * @throws IllegalArgumentException naming the limit out of range
   */
  public RelayLimits {
    positive(maxConnections, "connections");
    positive(maxSessionsPerClient, "sessions-per-client");
    positive(maxAuthAttempts, "auth-attempts");
    positive(idleTimeout, "idle-timeout");
    positive(probation, "probation");
    positive(headTimeout, "head-timeout");
    positive(transactionTimeout, "transaction-timeout");
    if (splitBytes < 1024) {
      throw new IllegalArgumentException("limits.split-bytes must be at least 1024");
    }
    positive(frameTimeout, "frame-timeout");
    positive(maxOtherBody, "other-body");
    positive(writeQueue, "write-queue");
    positive(maxPending, "pending");
    if (shutdownGrace == null || shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("limits.shutdown-grace must not be negative");
    }
    if (decoder == null) {
      throw new IllegalArgumentException("the decoder limits are required");
    }
    positive(connectionsPerAddress, "connections-per-address");
    if (nextHopReserve < 0) {
      throw new IllegalArgumentException("limits.next-hop-reserve must not be negative");
    }
  }

  private static void positive(int v, String key) {
    if (v < 1) {
      throw new IllegalArgumentException("limits." + key + " must be at least 1");
    }
  }

  private static void positive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("limits." + key + " must be a positive duration");
    }
  }

  public RelayLimits withMaxConnections(int v) {
    return new RelayLimits(
        v,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withMaxSessionsPerClient(int v) {
    return new RelayLimits(
        maxConnections,
        v,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withMaxAuthAttempts(int v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        v,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withIdleTimeout(Duration v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        v,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withProbation(Duration v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        v,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withHeadTimeout(Duration v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        v,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withTransactionTimeout(Duration v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        v,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withSplitBytes(int v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        v,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withFrameTimeout(Duration v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        v,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withMaxOtherBody(int v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        v,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withWriteQueue(int v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        v,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withMaxPending(int v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        v,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withShutdownGrace(Duration v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        v,
        decoder,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withDecoder(MsrpDecoderConfig v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        v,
        connectionsPerAddress,
        nextHopReserve);
  }

  public RelayLimits withConnectionsPerAddress(int v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        v,
        nextHopReserve);
  }

  public RelayLimits withNextHopReserve(int v) {
    return new RelayLimits(
        maxConnections,
        maxSessionsPerClient,
        maxAuthAttempts,
        idleTimeout,
        probation,
        headTimeout,
        transactionTimeout,
        splitBytes,
        frameTimeout,
        maxOtherBody,
        writeQueue,
        maxPending,
        shutdownGrace,
        decoder,
        connectionsPerAddress,
        v);
  }
}
