package org.parley.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.parley.sip.FileOffer;
import org.parley.sip.FilePullRequest;
import org.parley.sip.Reception;
import org.parley.sip.SetupFailure;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley receive-files}: listens (its MSRP directly or through a relay), accepts every
 * pushed file (RFC 5547) into a directory, and checks each one's SHA-1 against the offer. A file
 * arrives as {@code NAME.part} and becomes {@code NAME} when whole; a transfer that breaks off
 * leaves the part, and the next offer of the same file (same SHA-1 and size) is answered with the
 * range still missing ({@code a=file-range}), unless {@code --no-resume}. Runs until {@code
 * --count} transfers ran and ended (or forever); exit 0 when all of them were verified, 1
 * otherwise. A transfer that never got going (its set-up failed before the first byte crossed) is
 * reported and not counted ({@link Reception}); {@code --allow} and {@code --password} say who may
 * send.
 */
@Command(
    name = "receive-files",
    mixinStandardHelpOptions = true,
    description = {
      "Accept pushed files (RFC 5547) into a directory, hash checked.",
      "  parley receive-files --listen sip:bob@127.0.0.1:5062 --dir inbox --count 1",
      "A file is written to NAME.part (its offer kept in NAME.part.selector) and renamed to NAME"
          + " once whole and verified, or to 'NAME (1).EXT', ... when NAME is taken (a file is"
          + " never replaced); a file whose SHA-1 or size does not match stays NAME.part. If a"
          + " transfer breaks off, the part stays; when the same file (same SHA-1"
          + " and size) is offered again, only the missing bytes are asked for (a=file-range) and"
          + " appended, then the whole file's SHA-1 is checked. --no-resume starts such files over.",
      "With --serve DIR, pulls (parley pull-file) are answered with DIR/NAME when it matches;"
          + " a pull with a file-range (a resume) gets those bytes only. --count counts both, and"
          + " failed transfers too, once their first byte crossed; a set-up that never got going"
          + " (no ACK, no MSRP connection, CANCEL, BYE first, an offer refused) is reported"
          + " ('setup_failed') and not counted.",
      "Open to anyone by default: --allow and --password restrict who may send or pull.",
      "Progress: a bar on a terminal (only the final line otherwise); with --json, 'progress'"
          + " events at most twice a second per file, between 'offer' and 'received' (or 'error')."
    })
final class ReceiveFilesCommand implements Callable<Integer> {
  /** How long the command waits, once done, for senders to end their sessions. */
  static final long SESSION_END_WAIT_SECONDS = 5;

  @Option(
      names = "--listen",
      paramLabel = "SIP-URI",
      required = true,
      description = "Where to listen, as a SIP URI, e.g. sip:bob@127.0.0.1:5062.")
  String listen;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      required = true,
      description = "Where to write the files.")
  Path dir;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after this many transfers (default 0: never).")
  int count;

  @Option(
      names = "--serve",
      paramLabel = "DIR",
      description =
          "Answer pulls (RFC 5547, parley pull-file) with the file of that name in this"
              + " directory, if its SHA-1 and size match what was asked for.")
  Path serve;

  @Option(
      names = "--no-resume",
      description = "Receive every file whole, deleting what broken transfers left.")
  boolean noResume;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description =
          "Senders must prove this password: incoming INVITE and MESSAGE are challenged (401,"
              + " digest, qop=auth; any user name; send-file and pull-file take --password).")
  String password;

  @Mixin AccessOptions access;

  @Mixin RelayOptions relay;

  @Mixin DiskOptions disk;

  @Mixin FileOutput output;

  @Mixin WebSocketOptions browsers;

  @Override
  public Integer call() throws Exception {
    SipConfig config;
    try {
      SipConfig.Builder b = FileCommands.builder(null, listen, relay, disk.maxDisk, 0);
      if (browsers.port != null) {
        b.webSocket(browsers.webSocket());
        if (browsers.secure()) {
          // A browser on wss offers TCP/TLS/MSRP, which this end takes only through an msrps relay.
          if (relay.relay() == null || !relay.relay().uri().secure()) {
            throw new IllegalArgumentException(
                "--websocket with --tls-keystore needs an msrps --relay: browsers on wss send"
                    + " files over TLS, which this end takes only through such a relay");
          }
          b.tls(browsers.keyMaterial());
        }
      } else if (browsers.keystore != null) {
        throw new IllegalArgumentException("--tls-keystore needs --websocket");
      }
      config = access.apply(b, password).build();
    } catch (IllegalArgumentException e) {
      return output.error(Parley.INVALID_INPUT, e.getMessage());
    }
    String unusable = SaveDirectory.prepare(dir, "--dir");
    if (unusable != null) {
      return output.error(Parley.INVALID_INPUT, unusable);
    }
    if (serve != null && !Files.isDirectory(serve)) {
      return output.error(Parley.INVALID_INPUT, "--serve: not a directory: " + serve);
    }
    if (count < 0) {
      return output.error(Parley.INVALID_INPUT, "--count cannot be negative");
    }
    Reception reception =
        Reception.sideBySide(
            count,
            f -> output.print(AccessOptions.setupFailed(f), AccessOptions.setupFailedLine(f)));
    AtomicBoolean allVerified = new AtomicBoolean(true);
    List<CompletableFuture<?>> sessions = new CopyOnWriteArrayList<>();
    SipListener events =
        new SipListener() {
          @Override
          public void fileOffer(FileOffer offer) {
            if (noResume) {
              offer.discardPartial(dir);
            }
            long partial = offer.partial(dir);
            output.print(
                Json.event("offer")
                    .put("from", offer.from())
                    .put("name", offer.name())
                    .put("type", offer.type())
                    .put("size", offer.size())
                    .put("partial", partial),
                "* "
                    + offer.from()
                    + " sends "
                    + offer.name()
                    + " ("
                    + offer.size()
                    + " bytes"
                    + (partial > 0 ? ", resumed at " + partial + " bytes" : "")
                    + ")");
            ProgressBar bar = ProgressBar.forStdout(output.out());
            sessions.add(offer.ended());
            reception
                .watch(offer, offer.accept(dir, output.progress(offer.name(), bar)))
                .whenComplete(
                    (r, e) -> {
                      if (e instanceof Reception.SetupFailed) {
                        bar.abandon(); // reported: it never got going
                      } else if (e != null) {
                        bar.abandon();
                        allVerified.set(false);
                        output.error(Parley.FAILED, offer.name() + ": " + FileCommands.reason(e));
                      } else {
                        output.finish(bar, r);
                        allVerified.compareAndSet(true, r.verified());
                        output.print(FileCommands.received(r), FileCommands.receivedLine(r));
                      }
                    });
          }

          @Override
          public void filePull(FilePullRequest request) {
            if (serve == null) {
              request.refuse();
              return;
            }
            ServedFile.find(serve, request)
                .whenComplete(
                    (file, e) -> {
                      if (file == null) {
                        request.refuse();
                        output.print(
                            Json.event("refused")
                                .put("from", request.from())
                                .put("selector", request.selector().toString()),
                            "* refused "
                                + request.from()
                                + ": no file matches "
                                + request.selector());
                        return;
                      }
                      output.print(
                          Json.event("pull")
                              .put("from", request.from())
                              .put("name", request.name())
                              .put(
                                  "range",
                                  request.range() == null ? null : request.range().toString()),
                          "* "
                              + request.from()
                              + " asks for "
                              + request.name()
                              + (request.range() == null
                                  ? ""
                                  : " (bytes " + request.range() + ")"));
                      reception
                          .watch(request, request.serve(file))
                          .whenComplete(
                              (r, se) -> {
                                if (se instanceof Reception.SetupFailed) {
                                  return; // reported: it never got going
                                }
                                if (se != null) {
                                  allVerified.set(false);
                                  output.error(
                                      Parley.FAILED,
                                      request.name() + ": " + FileCommands.reason(se));
                                } else {
                                  output.print(
                                      Json.event("served")
                                          .put("name", r.name())
                                          .put("bytes", r.bytes())
                                          .put("from", r.from())
                                          .put("verified", r.verified()),
                                      "* served "
                                          + r.name()
                                          + " ("
                                          + (r.bytes() - r.from())
                                          + " of "
                                          + r.bytes()
                                          + " bytes)");
                                }
                              });
                    });
          }

          @Override
          public void refused(SetupFailure f) {
            output.print(AccessOptions.refused(f), AccessOptions.refusedLine(f));
          }
        };
    SipAgent agent = output.start(config, events);
    if (agent == null) {
      return Parley.FAILED;
    }
    try (agent) {
      Json listening = Json.event("listening").put("uri", agent.uri()).put("dir", dir.toString());
      String ws = WebSocketOptions.url(agent, browsers.secure());
      if (ws != null) {
        listening.put("websocket", ws);
      }
      output.print(
          AccessOptions.listening(listening, config.admission()),
          "* listening at "
              + agent.uri()
              + ", files go to "
              + dir
              + "; "
              + AccessOptions.describe(config.admission()));
      reception.done().join();
      // Let the senders end their sessions (they do once our success reports came) rather than
      // cut them with our BYE, which could overtake a report on its way through a relay.
      try {
        CompletableFuture.allOf(sessions.toArray(CompletableFuture[]::new))
            .handle((v, e) -> null)
            .get(SESSION_END_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // end them ourselves
      }
      return allVerified.get() ? Parley.OK : Parley.FAILED;
    }
  }
}
