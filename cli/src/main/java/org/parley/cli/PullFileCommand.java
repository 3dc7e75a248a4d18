package org.parley.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.parley.im.FileHash;
import org.parley.sdp.FileSelector;
import org.parley.sip.FileTransferResult;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
      "  parley pull-file sip:bob@127.0.0.1:5062 report.pdf --dir inbox",
      "The file is written to NAME.part and renamed to NAME once whole and its SHA-1 checked.",
      "Resuming: with --sha1 and --size, a NAME.part an earlier pull of that file left is kept"
          + " and only the missing bytes are asked for (a=file-range), then appended.",
      "Progress: a bar on a terminal (only the final line otherwise); with --json, 'progress'"
          + " events at most twice a second, then 'received' (or 'error')."
    })
final class PullFileCommand implements Callable<Integer> {
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

  @Mixin CallerOptions caller;

  @Mixin DiskOptions disk;

  @Mixin FileOutput output;

  @Override
  public Integer call() throws Exception {
    SipConfig config;
    FileSelector selector;
    try {
      config = caller.config(target, disk.maxDisk, 0);
      selector = FileSelector.builder().name(name).size(size).hash(FileHash.SHA_1, sha1).build();
    } catch (IllegalArgumentException e) { // an SdpParseException too
      return output.error(Parley.INVALID_INPUT, e.getMessage());
    }
    String unusable = SaveDirectory.prepare(dir, "--dir");
    if (unusable != null) {
      return output.error(Parley.INVALID_INPUT, unusable);
    }
    SipAgent agent = output.start(config, new SipListener() {});
    if (agent == null) {
      return Parley.FAILED;
    }
    try (agent) {
      FileTransferResult r =
          output.transfer("pull-file", name, p -> agent.pullFile(target, selector, dir, p));
      if (r == null) {
        return Parley.FAILED;
      }
      output.print(FileCommands.received(r), FileCommands.receivedLine(r));
      return r.verified() ? Parley.OK : Parley.FAILED;
    }
  }
}
