package org.parley.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.parley.sip.FileTransferResult;
import org.parley.sip.MsrpRelay;
import org.parley.sip.SipConfig;
import org.parley.sip.SipTransport;

/**
 * What {@code send-file}, {@code pull-file} and {@code receive-files} share besides their output
 * ({@link FileOutput}): the agent's config and the lines of a file received.
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
  static SipConfig config(
      String as, String listen, RelayOptions relayOptions, long diskBudget, int window) {
    return builder(as, listen, relayOptions, diskBudget, window).build();
  }

  /** {@link #config}, still to build. */
  static SipConfig.Builder builder(
      String as, String listen, RelayOptions relayOptions, long diskBudget, int window) {
    SipConfig.Builder b =
        AgentAddress.of(as, listen)
            .builder()
            .transports(SipTransport.UDP, SipTransport.TCP)
            .diskBudget(diskBudget)
            .msrpWindow(window);
    MsrpRelay relay = relayOptions.relay();
    if (relay != null) {
      b.relay(relay);
    }
    return b;
  }

  /** The {@code received} event of a file now on disk. */
  static Json received(FileTransferResult r) {
    return event("received", r).put("path", r.path().toString());
  }

  /**
   * The plain line of a file now on disk, with where it went when that is not its name: a free
   * numbered name ({@code a (1).txt}), or, for a file that does not match the offer, its part.
   */
  static String receivedLine(FileTransferResult r) {
    String line = line("received", r, r.verified() ? "verified" : "MISMATCH");
    String saved = String.valueOf(r.path().getFileName());
    if (!r.verified()) {
      return line + ", not the file offered: left as " + saved;
    }
    return saved.equals(r.name()) ? line : line + " as " + saved;
  }

  /** The {@code sent} event of a file pushed. */
  static Json sent(FileTransferResult r) {
    return event("sent", r);
  }

  /** The plain line of a file pushed. */
  static String sentLine(FileTransferResult r) {
    return line("sent", r, r.sha1());
  }

  private static Json event(String name, FileTransferResult r) {
    return Json.event(name)
        .put("name", r.name())
        .put("bytes", r.bytes())
        .put("from", r.from())
        .put("sha1", r.sha1())
        .put("verified", r.verified());
  }

  /** {@code * verb NAME (N bytes[, resumed at M bytes], sha-1 sha1)}. */
  private static String line(String verb, FileTransferResult r, String sha1) {
    return "* "
        + verb
        + " "
        + r.name()
        + " ("
        + r.bytes()
        + " bytes"
        + (r.resumed() ? ", resumed at " + r.from() + " bytes" : "")
        + ", sha-1 "
        + sha1
        + ")";
  }

  /** What went wrong, in words: the cause's message, or its class when it has none. */
  static String reason(Throwable e) {
    return Problem.words(e);
  }

  static Throwable cause(Throwable e) {
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
