package org.parley.msrp.session;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
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

  static void suspend(MsrpConnection c) {
    Channel ch = c.channel();
    if (counter(ch).getAndIncrement() == 0) {
      ch.eventLoop().execute(() -> apply(ch));
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
