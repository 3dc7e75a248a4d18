package org.parley.msrp.session;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.Traffic;

/**
 * The keep-alive of one session on one connection ({@link MsrpSession#keepAlive(Duration,
 * Duration)}): an empty SEND every interval, and the connection closed with {@link
 * PeerNotRespondingException} when one stays unanswered for the time-out while the peer shows no
 * sign of life. Signs of life, checked each time-out from the SEND on: anything read from the peer,
 * or bytes of ours it took (the outbound buffer went on to the socket, so a peer busy reading a
 * long chunk ahead of the SEND is alive), or our own reading suspended, or resumed since the mark
 * (its answer cannot be read then, or not yet; the SENDs still go, so the peer hears that this end
 * is alive). A peer that is stopped or cut off shows none once the socket buffers between us are
 * full; one that closed or reset the connection is noticed by the connection's close at once. The
 * stack's transaction time-out of a keep-alive SEND proves nothing by itself (its answer may wait
 * unread behind what this end did not read, or behind a long chunk the peer is still reading): the
 * checks go on, judging by the signs of life, and the next tick sends another SEND. Runs on the
 * connection's event loop.
 *
 * <pre>
 * every interval ─► no SEND waiting (or reading suspended)? send one, mark the traffic,
 *                   check after timeout ─► answered: done · error answer: close
 *                                        · sign of life since the mark: mark again, check later
 *                                        · none: close (PeerNotRespondingException)
 * the stack's time-out of the SEND waiting ─► a new SEND at the next tick; the checks go on
 * </pre>
 */
final class KeepAlive {
  private final MsrpSession session;
  private final MsrpConnection connection;
  private final EventLoop loop;
  private final long timeoutMs;
  private final ScheduledFuture<?> ticks;
  private Transactions.@Nullable Sent waiting;
  private @Nullable Traffic mark;

  /** {@link ReadSuspensions#resumes} when {@link #mark} was taken. */
  private long resumesAtMark;

  /** Checks are running: from a SEND until one followed ({@link #waiting}) is answered. */
  private boolean checking;

  private volatile @Nullable ScheduledFuture<?> check;

  /** Stopped: what comes after (a late answer, a check) changes nothing. */
  private volatile boolean stopped;

  /** Starts: the first SEND goes after {@code interval}. */
  KeepAlive(MsrpSession session, MsrpConnection c, Duration interval, Duration timeout) {
    this.session = session;
    this.connection = c;
    this.loop = c.channel().eventLoop();
    this.timeoutMs = timeout.toMillis();
    long ms = interval.toMillis();
    this.ticks = loop.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops: no more SENDs, no more checks, and the answers still to come are ignored (the session
   * may be gone, and the connection another session's). Any thread.
   */
  void stop() {
    stopped = true;
    ticks.cancel(false);
    ScheduledFuture<?> c = check;
    if (c != null) {
      c.cancel(false);
    }
  }

  private void tick() {
    if (stopped) {
      return;
    }
    if (session.connection() != connection || !connection.isOpen()) {
      stop();
      return;
    }
    if (waiting != null && !readingSuspended()) {
      return; // the check of the SEND waiting decides
    }
    Transactions.Sent sent =
        session
            .stack()
            .transactions()
            .request(connection, session.emptySend(), null, ContinuationFlag.END);
    // The answer, on the loop; what whenCompleteAsync returns is the same outcome, not waited for.
    Object unused = sent.response().whenCompleteAsync((r, e) -> answered(sent, r, e), loop);
    if (waiting == null) {
      waiting = sent;
      if (!checking) {
        checking = true;
        mark();
        check = loop.schedule(this::check, timeoutMs, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void answered(Transactions.Sent sent, MsrpResponse r, Throwable e) {
    if (stopped) {
      return;
    }
    if (e instanceof TransactionTimeoutException) {
      // Unanswered for good, which says nothing by itself: the checks, running, judge the peer by
      // its signs of life, and the next tick sends another SEND to follow.
      if (waiting == sent) {
        waiting = null;
      }
      return;
    }
    if (waiting == sent) {
      waiting = null;
      checking = false;
      ScheduledFuture<?> pending = check;
      if (pending != null) {
        pending.cancel(false);
      }
    }
    if (e != null) {
      close(e); // the write failed, or the connection is gone
    } else if (!r.isSuccess()) {
      close(new MsrpResponseException(r)); // the peer no longer knows the session
    }
  }

  private void check() {
    if (stopped || !checking || !connection.isOpen()) {
      return;
    }
    if (aliveSinceMark()) {
      mark();
      check = loop.schedule(this::check, timeoutMs, TimeUnit.MILLISECONDS);
      return;
    }
    close(new PeerNotRespondingException(Duration.ofMillis(timeoutMs)));
  }

  private void mark() {
    mark = connection.traffic();
    resumesAtMark = ReadSuspensions.resumes(connection);
  }

  /**
   * A sign of life since the mark. Reading resumed since the mark counts as one: the peer's bytes
   * may simply not have been read yet (the resume's task can run just before a check, ahead of the
   * first read), so the silence is measured afresh from the next mark.
   */
  private boolean aliveSinceMark() {
    Traffic since = mark;
    if (since == null) {
      return true;
    }
    Traffic now = connection.traffic();
    return readingSuspended()
        || ReadSuspensions.resumes(connection) != resumesAtMark
        || now.heardSince(since)
        || now.sentSince(since);
  }

  /** Closes the connection for {@code cause}; the sessions on it hear of it when it is closed. */
  @SuppressWarnings("FutureReturnValueIgnored") // nothing waits for the close itself
  private void close(Throwable cause) {
    connection.close(cause);
  }

  private boolean readingSuspended() {
    return !connection.channel().config().isAutoRead();
  }
}
