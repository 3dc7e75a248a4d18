package org.parley.cli;

import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.sdp.SdpParseException;
import org.parley.sdp.SipUri;
import org.parley.sip.FileProgress;
import org.parley.sip.FileTransferResult;
import org.parley.sip.MsrpRelay;
import org.parley.sip.SipConfig;
import org.parley.sip.SipTransport;

/**
 * What {@code send-file} and {@code receive-files} share: the agent's config, progress and the
 * output.
 */
final class FileCommands {
  private FileCommands() {}

  /**
   * UDP and TCP on the {@code --listen} URI's host and port (a free port when none), with {@code
   * as} (else the listen URI, else {@code sip:parley@127.0.0.1}) as the address of record, MSRP
   * through the relay the options name, if any.
   *
   * @throws IllegalArgumentException for a URI that is not a SIP URI, or wrong relay options
   */
  static SipConfig config(String as, String listen, RelayOptions relayOptions) {
    SipUri listenUri = listen == null ? null : parse(listen, "--listen");
    String address = as != null ? as : listen != null ? listen : "sip:parley@127.0.0.1";
    parse(address, "--as");
    SipConfig.Builder b = SipConfig.builder(address).transports(SipTransport.UDP, SipTransport.TCP);
    if (listenUri != null) {
      String host = listenUri.host();
      b.host(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
          .port(Math.max(listenUri.port(), 0));
    }
    MsrpRelay relay = relayOptions == null ? null : relayOptions.relay();
    if (relay != null) {
      b.relay(relay);
    }
    return b.build();
  }

  static SipUri parse(String uri, String what) {
    try {
      return SipUri.parse(uri);
    } catch (SdpParseException e) {
      throw new IllegalArgumentException(what + ": not a SIP URI: " + uri);
    }
  }

  /** JSON progress events are at most this often: 500 ms. */
  static final long JSON_PROGRESS_NANOS = 500_000_000L;

  /**
   * Progress for one transfer: with {@code json} a {@code progress} event (name, bytes, total) at
   * most twice a second; else the bar, redrawn on a terminal.
   */
  static FileProgress progress(PrintWriter out, boolean json, String name, ProgressBar bar) {
    if (!json) {
      return bar::update;
    }
    AtomicLong last = new AtomicLong(System.nanoTime() - JSON_PROGRESS_NANOS);
    return (bytes, total) -> {
      long now = System.nanoTime();
      long before = last.get();
      if (now - before >= JSON_PROGRESS_NANOS && last.compareAndSet(before, now)) {
        print(
            out,
            true,
            Json.event("progress").put("name", name).put("bytes", bytes).put("total", total),
            null);
      }
    };
  }

  /** The {@code received} event of a file now on disk. */
  static Json received(FileTransferResult r) {
    return Json.event("received")
        .put("name", r.name())
        .put("bytes", r.bytes())
        .put("from", r.from())
        .put("sha1", r.sha1())
        .put("verified", r.verified())
        .put("path", r.path().toString());
  }

  /** The plain line of a file now on disk. */
  static String receivedLine(FileTransferResult r) {
    return "* received "
        + r.name()
        + " ("
        + r.bytes()
        + " bytes"
        + (r.resumed() ? ", resumed after " + r.from() : "")
        + ", sha-1 "
        + (r.verified() ? "verified" : "MISMATCH")
        + ")";
  }

  static Throwable cause(Throwable e) {
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** One line: the JSON event with {@code json}, else the plain text. */
  static void print(PrintWriter out, boolean json, Json event, String plain) {
    synchronized (out) {
      out.println(json ? event.toString() : plain);
      out.flush();
    }
  }
}
