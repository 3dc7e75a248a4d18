package org.parley.sip.file;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that the files an agent receives may take on disk, all together ({@link
 * org.parley.sip.SipConfig#diskBudget()}): every slice a file sink writes is taken from it first,
 * and a slice it cannot cover fails the transfer (its session answers the rest with 413). The bytes
 * of a part that is deleted (a failed transfer that cannot be resumed) are given back; those of
 * files kept stay taken. Thread-safe.
 */
public final class DiskBudget {
  private final AtomicLong left;

  public DiskBudget(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("the disk budget cannot be negative");
    }
    this.left = new AtomicLong(bytes);
  }

  /** The bytes still free. */
  long left() {
    return left.get();
  }

  /** Takes {@code n} bytes if they are left; {@code false} (nothing taken) if not. */
  boolean take(long n) {
    long l;
    do {
      l = left.get();
      if (l < n) {
        return false;
      }
    } while (!left.compareAndSet(l, l - n));
    return true;
  }

  /** Gives back {@code n} bytes taken before. */
  void giveBack(long n) {
    left.addAndGet(n);
  }
}
