package org.parley.cli;

import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.parley.msrp.session.MsrpResponseException;
import org.parley.msrp.session.TransactionTimeoutException;
import org.parley.sip.SessionEnd;
import org.parley.sip.im.ImSession;

/**
 * What went wrong, in one line a person can act on: what happened and, where there is one, what to
 * do. Every message a command shows for a failure goes through {@link #words}, so that no Java or
 * Netty internals ({@code null}, {@code ClosedChannelException}, {@code error(-104)}, a PKIX path)
 * reach the user; {@code --json} output keeps these words in its {@code error} field.
 */
final class Problem {
  private Problem() {}

  /** The failure {@code e} (a {@link CompletionException}'s cause, say) in words. */
  static String words(Throwable e) {
    Throwable c = unwrap(e);
    String m = c.getMessage();
    String lower = m == null ? "" : m.toLowerCase(Locale.ROOT);
    if (c instanceof MsrpResponseException r) {
      int code = r.response().code();
      if (code == 401 || code == 407) {
        return "the relay refused the user name or password (" + code + "): check --relay-auth";
      }
      if (code == 403) {
        return "refused (403 Forbidden): this account may not do that here";
      }
      return m;
    }
    if (c instanceof SSLException || lower.contains("certification path")) {
      if (lower.contains("certification path") || lower.contains("pkix")) {
        return "the peer's certificate is not trusted: pass its fingerprint"
            + " (--relay-fingerprint sha-256 AB:...) or a trust store that holds its CA";
      }
      if (lower.contains("fingerprint")) {
        return "the peer's certificate does not have the fingerprint given: " + m;
      }
      return "the TLS handshake failed: " + (m == null ? c.getClass().getSimpleName() : m);
    }
    if (c instanceof ClosedChannelException) {
      return "the connection closed before an answer (a relay or peer that speaks TLS closes"
          + " plain msrp:// connections: try msrps://)";
    }
    if (lower.contains("is in use")) {
      return m; // says which port already
    }
    if (caused(c, BindException.class) || causeSays(c, "address already in use")) {
      // "cannot listen on 127.0.0.1:5062 (SIP over UDP)" says where; the cause says why.
      return (m == null || lower.contains("address already in use") ? "cannot listen" : m)
          + ": the port is in use by another program";
    }
    if (c instanceof ConnectException || lower.contains("connection refused")) {
      return "nothing answers there (connection refused): check the address and port";
    }
    if (c instanceof UnknownHostException) {
      return "unknown host " + m;
    }
    if (lower.contains("connection reset") || lower.contains("error(-104)")) {
      return "the peer reset the connection";
    }
    if (lower.contains("broken pipe") || lower.contains("error(-32)")) {
      return "the peer closed the connection";
    }
    if (c instanceof TransactionTimeoutException || c instanceof TimeoutException) {
      return "no answer in time" + (m == null ? "" : ": " + m);
    }
    if (c instanceof InterruptedException) {
      return "interrupted";
    }
    if (m == null || m.isBlank() || m.equals("null")) {
      return "failed (" + c.getClass().getSimpleName() + ")";
    }
    return m;
  }

  private static boolean causeSays(Throwable e, String words) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains(words)) {
        return true;
      }
    }
    return false;
  }

  private static boolean caused(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  static Throwable unwrap(Throwable e) {
    Throwable c = e;
    while ((c instanceof ExecutionException || c instanceof CompletionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /** What ended a session the user did not end, in words. */
  static String ended(ImSession s, SessionEnd end) {
    String peer = ChatScreen.shortName(s.session().peer());
    String detail = end.detail();
    switch (end.reason()) {
      case REMOTE_BYE:
        return peer + " hung up" + (detail == null ? "" : " (" + detail + ")");
      case MEDIA_FAILED:
        return detail == null ? "the connection to " + peer + " failed" : detail;
      case DIALOG_FAILED:
        return "the SIP dialog with " + peer + " failed" + (detail == null ? "" : ": " + detail);
      default:
        return end.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }
}
