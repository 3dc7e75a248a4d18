package org.parley.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.parley.sip.FileTransferResult;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
      "Resuming: if an earlier transfer of the same file broke off, run the same command again;"
          + " a Parley receiver keeps the part (NAME.part) and asks for the missing bytes only"
          + " (a=file-range), so only they are sent; the whole file's SHA-1 is checked at the end.",
      "Progress: a bar on a terminal (only the final line otherwise); with --json, 'progress'"
          + " events at most twice a second, then 'sent' (or 'error')."
    })
final class SendFileCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "SIP-URI",
      description = "Who to send to, e.g. sip:bob@127.0.0.1:5062.")
  String target;

  @Parameters(index = "1", paramLabel = "FILE", description = "The file to send.")
  Path file;

  @Mixin CallerOptions caller;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      defaultValue = "application/octet-stream",
      description = "The file's media type (default: application/octet-stream).")
  String type;

  @Mixin WindowOptions window;

  @Mixin FileOutput output;

  @Override
  public Integer call() throws Exception {
    SipConfig config;
    try {
      config = caller.config(target, SipConfig.DEFAULT_DISK_BUDGET, window.checked());
    } catch (IllegalArgumentException e) {
      return output.error(Parley.INVALID_INPUT, e.getMessage());
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return output.error(Parley.INVALID_INPUT, "not a readable file: " + file);
    }
    SipAgent agent = output.start(config, new SipListener() {});
    if (agent == null) {
      return Parley.FAILED;
    }
    try (agent) {
      String name = String.valueOf(file.getFileName());
      FileTransferResult r =
          output.transfer("send-file", name, p -> agent.sendFile(target, file, type, p));
      if (r == null) {
        return Parley.FAILED;
      }
      output.print(FileCommands.sent(r), FileCommands.sentLine(r));
      return Parley.OK;
    }
  }
}
