package org.parley.msrp.session;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.msrp.transport.MsrpConnection;

/**
 * How many sessions asked a connection to stop reading: the channel reads ({@code autoRead}) only
 * while the count is zero. The count lives on the channel, so it ends with the connection.
 */
final class ReadSuspensions {
  private static final AttributeKey<AtomicInteger> COUNT =
      AttributeKey.valueOf("parley.msrp.readSuspensions");

  /** How many times the channel went back to reading; set on its event loop only. */
  private static final AttributeKey<Long> RESUMES = AttributeKey.valueOf("parley.msrp.readResumes");

  /** The longest an application thread waits for its suspension to take effect. */
  static final long WAIT_SECONDS = 10;

  private ReadSuspensions() {}

  /**
   * Counts a suspension; the first stops the reads. Called from a thread that runs no Netty
   * executor, it returns once the channel reads no more (what the channel had read is handled by
   * then; at most {@link #WAIT_SECONDS} waited), so that a caller can rely on nothing more
   * arriving; on an event loop it cannot wait, and the change follows the loop's queue.
   */
  static void suspend(MsrpConnection c) {
    Channel ch = c.channel();
    counter(ch).getAndIncrement();
    EventLoop loop = ch.eventLoop();
    if (loop.inEventLoop()) {
      apply(ch);
    } else if (ThreadExecutorMap.currentExecutor() != null) {
      loop.execute(() -> apply(ch)); // another executor's thread: never block one on another
    } else {
      // Whatever the count was: an earlier suspension's change may still be queued.
      // A loop busy for that long: the caller goes on, and the change still comes in its turn.
      boolean unused =
          loop.submit(() -> apply(ch)).awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  static void resume(MsrpConnection c) {
    Channel ch = c.channel();
    if (counter(ch).decrementAndGet() == 0) {
      ch.eventLoop().execute(() -> apply(ch));
    }
  }

  /** On the event loop, so that suspends and resumes take effect in the order the count says. */
  private static void apply(Channel ch) {
    boolean read = counter(ch).get() <= 0;
    if (ch.config().isAutoRead() != read) {
      ch.config().setAutoRead(read);
      if (read) {
        Long n = ch.attr(RESUMES).get();
        ch.attr(RESUMES).set(n == null ? 1L : n + 1);
      }
    }
  }

  /**
   * How many times {@code c}'s reading was resumed so far (read on its event loop): a keep-alive
   * whose silence mark is older than a resume cannot tell a silent peer from bytes not read yet.
   */
  static long resumes(MsrpConnection c) {
    Long n = c.channel().attr(RESUMES).get();
    return n == null ? 0 : n;
  }

  static int count(MsrpConnection c) {
    return counter(c.channel()).get();
  }

  private static AtomicInteger counter(Channel ch) {
    AtomicInteger n = ch.attr(COUNT).get();
    if (n == null) {
      n = new AtomicInteger();
      AtomicInteger raced = ch.attr(COUNT).setIfAbsent(n);
      if (raced != null) {
        n = raced;
      }
    }
    return n;
  }
}
