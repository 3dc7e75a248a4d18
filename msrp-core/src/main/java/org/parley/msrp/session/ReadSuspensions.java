package org.parley.msrp.session;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.msrp.transport.MsrpConnection;

/**
 * How many sessions asked a connection to stop reading: the channel reads ({@code autoRead}) only
 * while the count is zero. The count lives on the channel, so it ends with the connection.
 */
final class ReadSuspensions {
  private static final AttributeKey<AtomicInteger> COUNT =
      AttributeKey.valueOf("parley.msrp.readSuspensions");

  private ReadSuspensions() {}

  /**
   * Counts a suspension; the first stops the reads. Called from a thread outside Netty's event
   * loops, it returns once the channel reads no more (what the channel had read is handled by
   * then), so that a caller can rely on nothing more arriving; on an event loop it cannot wait.
   */
  static void suspend(MsrpConnection c) {
    Channel ch = c.channel();
    if (counter(ch).getAndIncrement() != 0) {
      return;
    }
    EventLoop loop = ch.eventLoop();
    if (loop.inEventLoop()) {
      apply(ch);
    } else if (Thread.currentThread() instanceof FastThreadLocalThread) {
      loop.execute(() -> apply(ch)); // another loop's thread: never block one loop on another
    } else {
      loop.submit(() -> apply(ch)).awaitUninterruptibly();
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
    }
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
