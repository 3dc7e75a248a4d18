package org.parley.sip;

import java.time.Duration;
import java.util.Objects;

/**
 * How the agent's MSRP sessions notice a peer that stopped responding (msrp-core's {@code
 * MsrpSession.keepAlive}): both ends send an empty SEND every {@code interval}; one unanswered for
 * {@code timeout} while the peer sent nothing and took none of our bytes closes the connection, and
 * the session ends with {@link SessionEnd.Reason#MEDIA_FAILED} (a file transfer fails). A peer that
 * dies with its process is noticed at once (its system closes the connection); one that hangs or is
 * cut off, within {@code interval + timeout} once the socket buffers between the two ends are full.
 *
 * <p>The default, 1.5 s and 2.5 s, says "not responding" within 4 s of a peer hanging on a local
 * network, and leaves an empty SEND 2.5 s to be answered when nothing else moves: far more than the
 * round trip through relays. A receiver whose disk lags stops reading for a while; its own SENDs
 * keep it alive in the sender's eyes meanwhile.
 *
 * @param interval between two empty SENDs
 * @param timeout how long one may stay unanswered while the peer shows no sign of life
 */
public record MsrpKeepAlive(Duration interval, Duration timeout) {
  /** 1.5 s between SENDs, 2.5 s of silence at most: a peer not responding is noticed in 4 s. */
  public static final MsrpKeepAlive DEFAULT =
      new MsrpKeepAlive(Duration.ofMillis(1500), Duration.ofMillis(2500));

  /** Checks the values. */
  public MsrpKeepAlive {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "keep-alive interval and time-out must be positive: " + interval + ", " + timeout);
    }
  }
}
