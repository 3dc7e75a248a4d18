package org.parley.bench;

import java.util.concurrent.atomic.AtomicLong;

/** What a soak run counted, printed as one JSON line at its end. */
final class SoakCounts {
  final AtomicLong waves = new AtomicLong();
  final AtomicLong auths = new AtomicLong();
  final AtomicLong acknowledged = new AtomicLong();
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong deliveredBytes = new AtomicLong();
  final AtomicLong lost = new AtomicLong();
  final AtomicLong corrupted = new AtomicLong();
  final AtomicLong sendFailed = new AtomicLong();
  final AtomicLong reportedFailed = new AtomicLong();
  final AtomicLong acknowledgedThenReportedFailed = new AtomicLong();
  final AtomicLong cut = new AtomicLong();
  final AtomicLong slowRounds = new AtomicLong();
  final AtomicLong garbageConnections = new AtomicLong();
  final AtomicLong garbageClosedByRelay = new AtomicLong();
  final AtomicLong garbageLeftOpen = new AtomicLong();
  final AtomicLong setupFailures = new AtomicLong();
  private volatile String lastSetupFailure = "";

  void setupFailed(Exception e) {
    setupFailures.incrementAndGet();
    lastSetupFailure = String.valueOf(e);
  }

  /** An acknowledged message lost or changed, or garbage the relay kept a connection open for. */
  boolean broken() {
    return lost.get() > 0 || corrupted.get() > 0 || garbageLeftOpen.get() > 0;
  }

  String json() {
    return RelaySoak.format(
        "{\"waves\":%d,\"auths\":%d,\"acknowledged\":%d,\"delivered\":%d,\"delivered_bytes\":%d,"
            + "\"lost\":%d,\"corrupted\":%d,\"send_failed\":%d,\"reported_failed\":%d,"
            + "\"acknowledged_then_reported_failed\":%d,\"cut_mid_message\":%d,"
            + "\"slow_reader_rounds\":%d,\"garbage_connections\":%d,\"garbage_closed_by_relay\":%d,"
            + "\"garbage_left_open\":%d,\"setup_failures\":%d,\"last_setup_failure\":\"%s\"}",
        waves.get(),
        auths.get(),
        acknowledged.get(),
        delivered.get(),
        deliveredBytes.get(),
        lost.get(),
        corrupted.get(),
        sendFailed.get(),
        reportedFailed.get(),
        acknowledgedThenReportedFailed.get(),
        cut.get(),
        slowRounds.get(),
        garbageConnections.get(),
        garbageClosedByRelay.get(),
        garbageLeftOpen.get(),
        setupFailures.get(),
        lastSetupFailure.replace("\\", "\\\\").replace("\"", "'"));
  }
}
