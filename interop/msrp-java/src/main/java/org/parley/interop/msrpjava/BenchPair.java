package org.parley.interop.msrpjava;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;

/**
 * A sender and a receiver of one MSRP library on loopback in one process, for {@link PeerBench}:
 * {@code sessions} session pairs, each on the library's defaults but for the chunk size. The
 * receiver keeps each message in a {@code byte[]} of its own, as msrp-java's memory container does,
 * and tells {@link #arrivals} the time each one completed.
 */
abstract class BenchPair implements AutoCloseable {
  /** A message the receivers completed: a text or not, and its {@link System#nanoTime}. */
  record Arrival(boolean text, long at) {}

  /** Hears how far a receiver got into a message that is not a text (bytes), or null. */
  volatile LongConsumer receiving;

  /** The messages the receivers completed, in order. */
  final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();

  /**
   * Sends a message on session {@code session}; {@code progress} (or null) hears the body bytes
   * sent so far.
   */
  abstract void send(int session, String contentType, byte[] body, LongConsumer progress)
      throws Exception;

  /** The next arrival, waiting at most a minute. */
  Arrival next() throws InterruptedException {
    Arrival t = arrivals.poll(60, java.util.concurrent.TimeUnit.SECONDS);
    if (t == null) {
      throw new IllegalStateException("no message arrived within 60 s: " + problems());
    }
    return t;
  }

  /** The next arrival's time. */
  long arrival() throws InterruptedException {
    return next().at();
  }

  /** What went wrong on the library's side, for the error message. */
  String problems() {
    return "";
  }

  @Override
  public abstract void close();
}
