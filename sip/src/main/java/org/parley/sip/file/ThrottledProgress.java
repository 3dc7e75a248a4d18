package org.parley.sip.file;

import org.parley.sip.FileProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a transfer's progress on to the application's {@link FileProgress} at most every {@link
 * #INTERVAL_NANOS}, plus one last call; an exception from the application is logged, not thrown
 * into the transfer.
 */
final class ThrottledProgress {
  private static final Logger LOG = LoggerFactory.getLogger(ThrottledProgress.class);

  /** 100 ms: ten calls a second at most. */
  static final long INTERVAL_NANOS = 100_000_000L;

  private final FileProgress target;
  private volatile long total;
  private long lastCall;
  private boolean called;
  private boolean finished;

  ThrottledProgress(FileProgress target, long total) {
    this.target = target == null ? FileProgress.NONE : target;
    this.total = total;
  }

  /** The file's size, learnt after the transfer was set up (a pull's answer). */
  void total(long total) {
    this.total = total;
  }

  /** {@code bytes} done: passed on unless the last call was less than the interval ago. */
  synchronized void update(long bytes) {
    long now = System.nanoTime();
    if (finished || (called && now - lastCall < INTERVAL_NANOS)) {
      return;
    }
    called = true;
    lastCall = now;
    call(bytes);
  }

  /** The transfer ended well with {@code bytes}: always passed on, once. */
  synchronized void last(long bytes) {
    if (!finished) {
      finished = true;
      call(bytes);
    }
  }

  private void call(long bytes) {
    try {
      target.progress(bytes, total);
    } catch (RuntimeException e) {
      LOG.warn("FileProgress threw", e);
    }
  }
}
