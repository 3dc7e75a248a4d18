package org.parley.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.parley.sip.FileTransferResult;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipFailure;
import org.parley.sip.SipListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley send-file}: pushes one file to a SIP address (RFC 5547 over MSRP, directly or
 * through an MSRP relay), then ends the session. A receiver that holds part of the file from a
 * broken transfer asks for the rest only ({@code a=file-range}), and only that is sent. Exit 0 when
 * the receiver took every chunk, 1 when the peer refused or the transfer failed, 2 for bad input.
 */
@Command(
    name = "send-file",
    mixinStandardHelpOptions = true,
    description = {
      "Push a file to a SIP address (RFC 5547 file transfer over MSRP).",
      "  parley send-file sip:bob@127.0.0.1:5062 report.pdf --as sip:alice@127.0.0.1",
      "Resuming: if an earlier transfer of the same file broke off, run the same command again;",
      "a Parley receiver keeps the part (NAME.part) and asks for the missing bytes only",
      "(a=file-range), so only they are sent; the whole file's SHA-1 is checked at the end.",
      "Progress: a bar on a terminal (only the final line otherwise); with --json, 'progress'",
      "events at most twice a second, then 'sent' (or 'error')."
    })
final class SendFileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "Who to send to, e.g. sip:bob@host:port.")
  String target;

  @Parameters(index = "1", description = "The file to send.")
  Path file;

  @Option(
      names = "--as",
      description = "This end's address of record (default: sip:parley@127.0.0.1).")
  String as;

  @Option(names = "--listen", description = "Where to listen, as a SIP URI; default: a free port.")
  String listen;

  @Option(
      names = "--type",
      defaultValue = "application/octet-stream",
      description = "The file's media type (default: application/octet-stream).")
  String type;

  @Mixin RelayOptions relay;

  @Option(names = "--json", description = "JSON lines on stdout, for scripts.")
  boolean json;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    SipConfig config;
    try {
      config = FileCommands.config(as, listen, relay);
      FileCommands.parse(target, "target");
    } catch (IllegalArgumentException e) {
      return error(Parley.INVALID_INPUT, e.getMessage());
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return error(Parley.INVALID_INPUT, "not a readable file: " + file);
    }
    SipAgent agent;
    try {
      agent = SipAgent.start(config, new SipListener() {});
    } catch (SipFailure e) {
      return error(Parley.FAILED, e.getMessage());
    }
    try (agent) {
      String name = String.valueOf(file.getFileName());
      ProgressBar bar = ProgressBar.forStdout(out);
      FileTransferResult r;
      try {
        r = agent.sendFile(target, file, type, FileCommands.progress(out, json, name, bar)).get();
      } catch (ExecutionException e) {
        bar.abandon();
        return error(Parley.FAILED, "send-file: " + FileCommands.cause(e).getMessage());
      }
      if (!json) {
        bar.finish(r.bytes(), r.bytes());
      }
      FileCommands.print(
          out,
          json,
          Json.event("sent")
              .put("name", r.name())
              .put("bytes", r.bytes())
              .put("from", r.from())
              .put("sha1", r.sha1())
              .put("verified", r.verified()),
          "* sent "
              + r.name()
              + " ("
              + r.bytes()
              + " bytes"
              + (r.resumed() ? ", resumed after " + r.from() : "")
              + ", sha-1 "
              + r.sha1()
              + ")");
      return Parley.OK;
    }
  }

  private int error(int code, String message) {
    FileCommands.print(out, json, Json.event("error").put("error", message), "* error: " + message);
    return code;
  }
}
