package org.parley.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.ByteRange;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.SendOptions;
import org.parley.msrp.session.SessionListener;
import org.parley.msrp.transport.MsrpTls;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley msrp send}: the active side. Connects to the first URI of the path, binds with an
 * empty SEND, sends one message (one streamed chunk, or chunks with {@code --chunk-size} or {@code
 * --window}), waits for every response, prints one JSON line.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = "Connect to an MSRP URI, send one message, print the result as a JSON line.")
final class MsrpSendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--to",
      paramLabel = "MSRP-URI",
      required = true,
      description = "The peer's URI (its a=path).")
  String to;

  @Option(
      names = "--from",
      paramLabel = "MSRP-URI",
      description = "Our URI in From-Path (default: 'msrp://127.0.0.1:2855/RANDOM;tcp').")
  String from;

  @Option(names = "--tls", description = "Connect with msrps (TLS); implied by an msrps:// URI.")
  boolean tls;

  @Option(
      names = "--fingerprint",
      paramLabel = "FINGERPRINT",
      description =
          "Accept exactly the server certificate with this fingerprint (sha-256:AB:CD:... or"
              + " 'sha-256 AB:CD:...', from the peer's SDP); without it the JDK's trust store"
              + " decides.")
  String fingerprint;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Body body;

  /** What to send. */
  static final class Body {
    @Option(names = "--text", paramLabel = "TEXT", description = "Send this text.")
    String text;

    @Option(names = "--file", paramLabel = "FILE", description = "Send this file.")
    Path file;
  }

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description = "Content-Type (default text/plain for --text, application/octet-stream).")
  String contentType;

  @Option(
      names = "--chunk-size",
      paramLabel = "BYTES",
      description =
          "Body bytes per chunk; given, the message goes in chunks of this size even to a direct"
              + " peer (default: one chunk to a direct peer, 4096-byte chunks through a relay).")
  Integer chunkSize;

  @Mixin WindowOptions window;

  @Option(
      names = "--success-report",
      paramLabel = "yes|no",
      description = "yes: ask for a success REPORT and wait for it (default: no).")
  String successReport;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "Seconds to wait for the whole exchange (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    MsrpUri peer;
    MsrpUri self;
    MsrpTls clientTls = null;
    try {
      peer = MsrpUri.parse(to);
      boolean secure = tls || peer.secure() || fingerprint != null;
      peer = peer.toBuilder().secure(secure).build();
      String scheme = secure ? "msrps" : "msrp";
      self =
          MsrpUri.parse(
              from != null ? from : scheme + "://127.0.0.1:2855/" + TransactionIds.next() + ";tcp");
      if (secure) {
        clientTls =
            fingerprint != null
                ? MsrpTls.client(List.of(Fingerprint.parse(fingerprint)))
                : MsrpTls.client(defaultTrust());
      }
    } catch (IllegalArgumentException e) { // MsrpSyntaxException too
      return fail(out, Parley.INVALID_INPUT, e.getMessage());
    }
    boolean wantReport = false;
    if (successReport != null) {
      if (!successReport.equals("yes") && !successReport.equals("no")) {
        return fail(out, Parley.INVALID_INPUT, "--success-report is yes or no");
      }
      wantReport = successReport.equals("yes");
    }
    if (chunkSize != null && chunkSize < 1) {
      return fail(out, Parley.INVALID_INPUT, "--chunk-size must be positive");
    }
    int inFlight;
    try {
      inFlight = window.checked();
    } catch (IllegalArgumentException e) {
      return fail(out, Parley.INVALID_INPUT, e.getMessage());
    }
    // A chunk size or a window asks for chunks; else a direct peer gets the message as one chunk.
    boolean chunked = chunkSize != null || inFlight > 0;
    int chunk = chunkSize != null ? chunkSize : MsrpStack.DEFAULT_CHUNK_SIZE;
    String type;
    long size;
    String sha256;
    if (body.text != null) {
      byte[] text = body.text.getBytes(StandardCharsets.UTF_8);
      type = contentType != null ? contentType : "text/plain";
      size = text.length;
      sha256 = Hex.of(MessageDigest.getInstance("SHA-256").digest(text));
    } else {
      if (!Files.isRegularFile(body.file) || !Files.isReadable(body.file)) {
        return fail(out, Parley.INVALID_INPUT, "cannot read " + body.file);
      }
      type = contentType != null ? contentType : "application/octet-stream";
      size = Files.size(body.file);
      sha256 = sha256(body.file);
    }
    long t0 = System.nanoTime();
    try (MsrpStack stack = MsrpStack.builder().chunkSize(chunk).streamDirect(!chunked).build()) {
      CompletableFuture<MsrpStatus> report = new CompletableFuture<>();
      MsrpSession session =
          stack.session(
              self,
              new SessionListener() {
                @Override
                public void report(
                    MsrpSession s, String messageId, MsrpStatus status, ByteRange range) {
                  report.complete(status);
                }
              });
      session.remotePath(List.of(peer));
      session.maxChunksInFlight(inFlight);
      session.connect(clientTls).get(timeoutSeconds, TimeUnit.SECONDS);
      SendOptions options =
          SendOptions.builder()
              .successReport(wantReport ? SuccessReport.YES : SuccessReport.NO)
              .build();
      CompletableFuture<Void> sent =
          body.text != null
              ? session.send(type, body.text.getBytes(StandardCharsets.UTF_8), options)
              : session.send(type, body.file, options); // read from disk a chunk at a time
      sent.get(timeoutSeconds, TimeUnit.SECONDS);
      Integer reported = null;
      if (wantReport) {
        MsrpStatus status = report.get(timeoutSeconds, TimeUnit.SECONDS);
        reported = status.code();
        if (status.code() != 200) {
          return fail(out, Parley.FAILED, "the peer reported " + status);
        }
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      out.println(
          Json.event("sent")
              .put("success_report", reported)
              .put("to", peer.toString())
              .put("content_type", type)
              .put("bytes", size)
              .put("chunks", chunked || size <= chunk ? Math.max(1, (size + chunk - 1) / chunk) : 1)
              .put("sha256", sha256)
              .put("ms", ms));
      out.flush();
      return Parley.OK;
    } catch (ExecutionException e) {
      return fail(out, Parley.FAILED, Problem.words(e));
    } catch (java.util.concurrent.TimeoutException e) {
      return fail(out, Parley.FAILED, "no answer within " + timeoutSeconds + " s");
    }
  }

  private static javax.net.ssl.TrustManagerFactory defaultTrust() {
    try {
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((java.security.KeyStore) null);
      return tmf;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's trust store cannot be loaded", e);
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[64 * 1024];
    try (java.io.InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return Hex.of(md.digest());
  }

  private static int fail(PrintWriter out, int code, String message) {
    out.println(Json.event("error").put("error", message));
    out.flush();
    return code;
  }
}
