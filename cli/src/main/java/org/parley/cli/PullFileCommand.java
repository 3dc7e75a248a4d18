package org.parley.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.parley.im.FileDescription;
import org.parley.sdp.FileSelector;
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
 * {@code parley pull-file}: asks a SIP address for a file (RFC 5547 pull: {@code recvonly} with a
 * {@code file-selector}) and writes it to a directory, hash checked; {@code parley receive-files
 * --serve DIR} answers such requests. With the SHA-1 and size given, a part a broken transfer left
 * is resumed ({@code a=file-range}). Exit 0 when the file arrived verified, 1 when it was refused,
 * failed or did not match, 2 for bad input.
 */
@Command(
    name = "pull-file",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a SIP address for a file (RFC 5547 pull over MSRP) and write it to a directory.",
      "  parley pull-file sip:bob@127.0.0.1:5062 report.pdf --dir inbox --sha1 72:24:... --size 32349",
      "The file is written to NAME.part and renamed to NAME once whole and its SHA-1 checked.",
      "Resuming: with --sha1 and --size, a NAME.part an earlier pull of that file left is kept",
      "and only the missing bytes are asked for (a=file-range), then appended.",
      "Progress: a bar on a terminal (only the final line otherwise); with --json, 'progress'",
      "events at most twice a second, then 'received' (or 'error')."
    })
final class PullFileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "Who to ask, e.g. sip:bob@host:port.")
  String target;

  @Parameters(index = "1", description = "The file's name.")
  String name;

  @Option(names = "--dir", required = true, description = "Where to write the file.")
  Path dir;

  @Option(names = "--sha1", description = "The file's SHA-1 hash-value (hex pairs with ':').")
  String sha1;

  @Option(names = "--size", defaultValue = "-1", description = "The file's size in bytes.")
  long size;

  @Option(
      names = "--as",
      description = "This end's address of record (default: sip:parley@127.0.0.1).")
  String as;

  @Option(names = "--listen", description = "Where to listen, as a SIP URI; default: a free port.")
  String listen;

  @Mixin RelayOptions relay;

  @Option(names = "--json", description = "JSON lines on stdout, for scripts.")
  boolean json;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    SipConfig config;
    FileSelector selector;
    try {
      config = FileCommands.config(as, listen, relay);
      FileCommands.parse(target, "target");
      selector =
          FileSelector.parse(
              FileDescription.builder().name(name).sha1(sha1).size(size).build().fileSelector());
    } catch (IllegalArgumentException e) { // an SdpParseException too
      return error(Parley.INVALID_INPUT, e.getMessage());
    }
    if (!Files.isDirectory(dir)) {
      return error(Parley.INVALID_INPUT, "not a directory: " + dir);
    }
    SipAgent agent;
    try {
      agent = SipAgent.start(config, new SipListener() {});
    } catch (SipFailure e) {
      return error(Parley.FAILED, e.getMessage());
    }
    try (agent) {
      ProgressBar bar = ProgressBar.forStdout(out);
      FileTransferResult r;
      try {
        r =
            agent
                .pullFile(target, selector, dir, FileCommands.progress(out, json, name, bar))
                .get();
      } catch (ExecutionException e) {
        bar.abandon();
        return error(Parley.FAILED, "pull-file: " + FileCommands.cause(e).getMessage());
      }
      if (!json) {
        bar.finish(r.bytes(), r.bytes());
      }
      FileCommands.print(out, json, FileCommands.received(r), FileCommands.receivedLine(r));
      return r.verified() ? Parley.OK : Parley.FAILED;
    }
  }

  private int error(int code, String message) {
    FileCommands.print(out, json, Json.event("error").put("error", message), "* error: " + message);
    return code;
  }
}
