package org.parley.sip.file;

import java.time.Duration;
import java.util.Locale;
import org.parley.msrp.session.PeerNotRespondingException;

/** Why an MSRP connection was lost under a session or a transfer, in words for people. */
public final class LostConnection {
  private LostConnection() {}

  /**
   * The words for a connection that closed with {@code cause} (its close cause; null when it closed
   * cleanly, that is, the peer or its system closed it).
   */
  public static String why(Throwable cause) {
    if (cause instanceof PeerNotRespondingException p) {
      return "the peer is not responding (no answer for " + seconds(p.silence()) + ")";
    }
    if (cause == null) {
      return "the peer closed the MSRP connection";
    }
    String m = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("reset")) {
      return "the peer reset the MSRP connection";
    }
    return "the MSRP connection failed: " + rootMessage(cause);
  }

  /** A duration for people: {@code 2.5 s}, {@code 32 s}. */
  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
