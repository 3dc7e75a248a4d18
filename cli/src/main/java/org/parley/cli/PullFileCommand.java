package org.parley.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.parley.im.FileHash;
import org.parley.sdp.FileSelector;
import org.parley.sip.FileTransferResult;
import org.parley.sip.PartialPull;
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
 * --serve DIR} answers such requests, with the file's size and SHA-1 in its answer. Run again after
 * an interruption, it resumes the part the first run left ({@code a=file-range}), its size and
 * SHA-1 kept beside it ({@link PartialPull}), and says where it resumed. Exit 0 when the file
 * arrived verified, 1 when it was refused, failed or did not match, 2 for bad input.
 */
@Command(
    name = "pull-file",
    mixinStandardHelpOptions = true,
    description = {
      "Pull a file from a SIP address (RFC 5547 over MSRP) into a directory.",
      "  parley pull-file sip:bob@127.0.0.1:5062 report.pdf --dir inbox",
      "The file is written to NAME.part and renamed to NAME once whole and its SHA-1 checked"
          + " (the one given, else the one the sender answers with).",
      "Resuming: if a pull breaks off, run the same command again: NAME.part stays, with the"
          + " file's size and SHA-1 beside it (NAME.part.selector), so only the missing bytes are"
          + " asked for (a=file-range) and appended; it says 'resumed at N bytes'.",
      "Progress: a bar on a terminal (only the final line otherwise); with --json, 'resuming'"
          + " when it resumes, 'progress' events at most twice a second, then 'received' (or"
          + " 'error')."
    })
final class PullFileCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "SIP-URI",
      description = "Who to ask, e.g. sip:bob@127.0.0.1:5062.")
  String target;

  @Parameters(index = "1", paramLabel = "NAME", description = "The file's name.")
  String name;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      required = true,
      description = "Where to write the file.")
  Path dir;

  @Option(
      names = "--sha1",
      paramLabel = "HASH",
      description =
          "The file's SHA-1, as sha1sum prints it (40 hex digits) or as RFC 5547 writes it"
              + " (AB:CD:... pairs); the file must match it (default: the sender's).")
  String sha1;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      defaultValue = "-1",
      description = "The file's size in bytes; the file must have it (default: the sender's).")
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
    } catch (IllegalArgumentException e) {
      return output.error(Parley.INVALID_INPUT, e.getMessage());
    }
    String hash;
    try {
      hash = sha1 == null ? null : FileHash.hashValue(sha1);
    } catch (IllegalArgumentException e) {
      return output.error(Parley.INVALID_INPUT, "--sha1: " + e.getMessage());
    }
    try {
      selector = FileSelector.builder().name(name).size(size).hash(FileHash.SHA_1, hash).build();
    } catch (IllegalArgumentException e) { // an SdpParseException too
      return output.error(Parley.INVALID_INPUT, e.getMessage());
    }
    String unusable = SaveDirectory.prepare(dir, "--dir");
    if (unusable != null) {
      return output.error(Parley.INVALID_INPUT, unusable);
    }
    PartialPull start = PartialPull.find(dir, selector);
    if (start.resumes()) {
      long total = start.selector().size().orElse(-1);
      output.print(
          Json.event("resuming").put("name", name).put("from", start.have()).put("size", total),
          "* " + name + ": resumed at " + start.have() + " bytes of " + total);
    }
    SipAgent agent = output.start(config, new SipListener() {});
    if (agent == null) {
      return Parley.FAILED;
    }
    try (agent) {
      FileTransferResult r =
          output.transfer("pull-file", name, p -> agent.pullFile(target, start.selector(), dir, p));
      if (r == null) {
        return Parley.FAILED;
      }
      output.print(FileCommands.received(r), FileCommands.receivedLine(r));
      return r.verified() ? Parley.OK : Parley.FAILED;
    }
  }
}
