package org.parley.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.sip.FileOffer;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipFailure;
import org.parley.sip.SipListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley receive-files}: listens, accepts every pushed file (RFC 5547) into a directory, and
 * checks each one's SHA-1 against the offer. Runs until {@code --count} transfers ended (or
 * forever); exit 0 when all of them were verified, 1 otherwise.
 */
@Command(
    name = "receive-files",
    mixinStandardHelpOptions = true,
    description = {
      "Accept pushed files (RFC 5547) into a directory, hash checked.",
      "  parley receive-files --listen sip:bob@127.0.0.1:5062 --dir inbox --count 1"
    })
final class ReceiveFilesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      required = true,
      description = "Where to listen, as a SIP URI, e.g. sip:bob@127.0.0.1:5062.")
  String listen;

  @Option(names = "--dir", required = true, description = "Where to write the files.")
  Path dir;

  @Option(
      names = "--count",
      defaultValue = "0",
      description = "Stop after this many transfers (default 0: never).")
  int count;

  @Option(names = "--json", description = "JSON lines on stdout, for scripts.")
  boolean json;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    SipConfig config;
    try {
      config = FileCommands.config(null, listen);
    } catch (IllegalArgumentException e) {
      return error(Parley.INVALID_INPUT, e.getMessage());
    }
    if (!Files.isDirectory(dir)) {
      return error(Parley.INVALID_INPUT, "not a directory: " + dir);
    }
    if (count < 0) {
      return error(Parley.INVALID_INPUT, "--count cannot be negative");
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger ended = new AtomicInteger();
    AtomicBoolean allVerified = new AtomicBoolean(true);
    SipListener events =
        new SipListener() {
          @Override
          public void fileOffer(FileOffer offer) {
            FileCommands.print(
                out,
                json,
                Json.event("offer")
                    .put("from", offer.from())
                    .put("name", offer.name())
                    .put("type", offer.type())
                    .put("size", offer.size()),
                "* " + offer.from() + " sends " + offer.name() + " (" + offer.size() + " bytes)");
            offer
                .accept(dir)
                .whenComplete(
                    (r, e) -> {
                      if (e != null) {
                        allVerified.set(false);
                        error(Parley.FAILED, offer.name() + ": " + FileCommands.cause(e));
                      } else {
                        allVerified.compareAndSet(true, r.verified());
                        FileCommands.print(
                            out,
                            json,
                            Json.event("received")
                                .put("name", r.name())
                                .put("bytes", r.bytes())
                                .put("sha1", r.sha1())
                                .put("verified", r.verified())
                                .put("path", r.path().toString()),
                            "* received "
                                + r.name()
                                + " ("
                                + r.bytes()
                                + " bytes, sha-1 "
                                + (r.verified() ? "verified" : "MISMATCH")
                                + ")");
                      }
                      if (count > 0 && ended.incrementAndGet() >= count) {
                        done.complete(null);
                      }
                    });
          }
        };
    SipAgent agent;
    try {
      agent = SipAgent.start(config, events);
    } catch (SipFailure e) {
      return error(Parley.FAILED, e.getMessage());
    }
    try (agent) {
      FileCommands.print(
          out,
          json,
          Json.event("listening").put("uri", agent.uri()).put("dir", dir.toString()),
          "* listening at " + agent.uri() + ", files go to " + dir);
      done.join();
      return allVerified.get() ? Parley.OK : Parley.FAILED;
    }
  }

  private int error(int code, String message) {
    FileCommands.print(out, json, Json.event("error").put("error", message), "* error: " + message);
    return code;
  }
}
