package org.parley.bench;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.SessionListener;

/**
 * A receiver's check that each message arrives byte for byte: a message's bytes are a function of
 * its Message-ID and position ({@link #content}), so every slice is compared where it lands,
 * whatever order chunks come in, and nothing is buffered. A message counts as delivered when it
 * completed with every byte received and none different.
 */
final class DeliveryChecker implements SessionListener {
  private static final AtomicLong IDS = new AtomicLong();

  private final SoakCounts counts;

  /** Messages sent and not yet delivered: their size, and whether the relay acknowledged them. */
  private final Map<String, Expected> expected = new ConcurrentHashMap<>();

  private static final class Expected {
    final long size;
    volatile boolean acknowledged;
    volatile boolean delivered;
    final AtomicLong received = new AtomicLong();
    volatile boolean differs;

    Expected(long size) {
      this.size = size;
    }
  }

  DeliveryChecker(SoakCounts counts) {
    this.counts = counts;
  }

  /** A fresh Message-ID for a message of {@code size} bytes about to be sent. */
  String expect(long size) {
    String id = "soak" + Long.toString(IDS.incrementAndGet(), 36);
    expected.put(id, new Expected(size));
    return id;
  }

  /**
   * An id that names its message's size, for a receiver in another process that was not told
   * ({@code scripts/soak.sh --endpoints}): the sender counts what was acknowledged, the receiver
   * what arrived intact, and the script compares the two.
   */
  static String selfDescribingId(long size) {
    return "sd" + Long.toString(IDS.incrementAndGet(), 36) + "-" + size;
  }

  private Expected lookup(String id) {
    Expected e = expected.get(id);
    // The size follows the last '-': base-36 counters have no '-'.
    int dash = id.lastIndexOf('-');
    if (e == null && id.startsWith("sd") && dash > 0) {
      try {
        long size = Long.parseLong(id.substring(dash + 1));
        e = expected.computeIfAbsent(id, k -> new Expected(size));
      } catch (NumberFormatException notOurs) {
        return null;
      }
    }
    return e;
  }

  /** Every chunk of {@code id} got its 200: it must now be delivered. */
  void acknowledged(String id) {
    Expected e = expected.get(id);
    if (e == null) {
      return;
    }
    e.acknowledged = true;
    counts.acknowledged.incrementAndGet();
    if (e.delivered) {
      expected.remove(id);
    }
  }

  /** The send failed (reported to the sender): no promise was made. */
  void forget(String id) {
    expected.remove(id);
  }

  @Override
  public void bytes(MsrpSession session, IncomingMessage message, long position, ByteBuf slice) {
    Expected e = lookup(message.messageId());
    if (e == null) {
      return;
    }
    int n = slice.readableBytes();
    int at = slice.readerIndex();
    for (int i = 0; i < n; i++) {
      if (slice.getByte(at + i) != byteAt(message.messageId(), position + i)) {
        e.differs = true;
        break;
      }
    }
    e.received.addAndGet(n);
  }

  /** A failure REPORT for a message this side sent: a promise kept by reporting, not lost. */
  @Override
  public void report(
      MsrpSession session,
      String messageId,
      org.parley.msrp.MsrpStatus status,
      org.parley.msrp.ByteRange range) {
    if (status.code() != 200) {
      counts.reportedFailed.incrementAndGet();
      Expected e = expected.remove(messageId);
      if (e != null && e.acknowledged) {
        counts.acknowledgedThenReportedFailed.incrementAndGet();
      }
    }
  }

  @Override
  public void completed(MsrpSession session, IncomingMessage message, boolean aborted) {
    Expected e = lookup(message.messageId());
    if (e == null || aborted) {
      return;
    }
    if (e.differs || e.received.get() != e.size) {
      counts.corrupted.incrementAndGet();
      System.err.println(
          "soak: "
              + message.messageId()
              + " arrived changed: "
              + e.received.get()
              + " of "
              + e.size);
    } else {
      counts.delivered.incrementAndGet();
      counts.deliveredBytes.addAndGet(e.size);
    }
    e.delivered = true;
    if (e.acknowledged || message.messageId().startsWith("sd")) {
      expected.remove(message.messageId());
    }
  }

  /**
   * Waits until every acknowledged message was delivered; those still missing after {@code bound}
   * are counted lost (and forgotten).
   */
  void awaitAcknowledged(Duration bound) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (true) {
      boolean missing = false;
      for (Expected e : expected.values()) {
        if (e.acknowledged && !e.delivered) {
          missing = true;
          break;
        }
      }
      if (!missing) {
        return;
      }
      if (System.nanoTime() - end > 0) {
        break;
      }
      Thread.sleep(50); // polling a driver's own map, not waiting for a test's event
    }
    expected.forEach(
        (id, e) -> {
          if (e.acknowledged && !e.delivered) {
            counts.lost.incrementAndGet();
            System.err.println("soak: " + id + " was acknowledged but never delivered");
          }
        });
    expected.clear();
  }

  /** The bytes of message {@code id}. */
  static byte[] content(String id, int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = byteAt(id, i);
    }
    return b;
  }

  /**
   * Byte {@code position} of message {@code id}: splitmix64 of the id's hash and the word index.
   */
  static byte byteAt(String id, long position) {
    long z = id.hashCode() * 0x9E3779B97F4A7C15L + (position >>> 3);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (byte) (z >>> ((position & 7) * 8));
  }
}
