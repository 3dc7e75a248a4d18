package org.parley.cli;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.parley.im.SafeFiles;
import org.parley.msrp.MsrpSyntaxException;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.SessionListener;
import org.parley.msrp.transport.Fingerprint;
import org.parley.msrp.transport.MsrpListener;
import org.parley.msrp.transport.MsrpTls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley msrp listen}: the passive side of one session. Prints a JSON line when it listens
 * and one per message received (and per error); saves messages as they arrive.
 */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = {
      "Wait for MSRP sessions to URI (passive side) and report each message as a JSON line.",
      "Port 0 in the URI takes a free port; the 'listening' line shows it (and, with TLS, the",
      "certificate's sha-256 fingerprint, for the sender's --fingerprint)."
    })
final class MsrpListenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--uri",
      required = true,
      description = "The session's own URI, e.g. msrp://127.0.0.1:7000/s1;tcp")
  String uri;

  @Option(
      names = "--tls",
      description = "Listen for msrps (TLS); implied by an msrps:// URI. Needs --cert and --key.")
  boolean tls;

  @Option(names = "--cert", description = "PEM certificate (chain) for TLS.")
  java.io.File cert;

  @Option(names = "--key", description = "PEM private key (PKCS#8) for TLS.")
  java.io.File key;

  @Option(
      names = "--save-dir",
      description =
          "Save each message whole to DIR/<message-id> (a new file: 'ID (1)' when that name is"
              + " taken, never an existing file nor through a link).")
  Path saveDir;

  @Option(
      names = "--max-size",
      defaultValue = "-1",
      description = "Refuse messages over N bytes with 413 (a=max-size; default: no limit).")
  long maxSize;

  @Option(
      names = "--accept-types",
      split = ",",
      description =
          "Media types taken (a=accept-types, e.g. text/plain,image/*); others get 415. Default:"
              + " all.")
  List<String> acceptTypes;

  @Option(
      names = "--count",
      defaultValue = "0",
      description = "Exit after COUNT messages (default 0: run until stopped).")
  int count;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    MsrpUri local;
    try {
      local = MsrpUri.parse(uri);
    } catch (MsrpSyntaxException e) {
      out.println(Json.event("error").put("error", "--uri: " + e.getMessage()));
      out.flush();
      return Parley.INVALID_INPUT;
    }
    if (!local.hasPort() || local.sessionId() == null) {
      out.println(Json.event("error").put("error", "--uri needs a port and a session-id"));
      out.flush();
      return Parley.INVALID_INPUT;
    }
    boolean secure = tls || local.secure();
    MsrpTls serverTls = null;
    String fingerprint = null;
    if (secure) {
      if (cert == null || key == null) {
        out.println(Json.event("error").put("error", "TLS needs --cert and --key"));
        out.flush();
        return Parley.INVALID_INPUT;
      }
      try (java.io.InputStream in = new java.io.FileInputStream(cert)) {
        serverTls = MsrpTls.server(cert, key);
        fingerprint =
            Fingerprint.sha256(
                    (java.security.cert.X509Certificate)
                        java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(in))
                .toString();
      } catch (IllegalArgumentException | IOException | java.security.cert.CertificateException e) {
        out.println(Json.event("error").put("error", "TLS: " + e.getMessage()));
        out.flush();
        return Parley.INVALID_INPUT;
      }
      local = local.toBuilder().secure(true).build();
    }
    if (saveDir != null) {
      Files.createDirectories(saveDir);
    }
    CountDownLatch done = new CountDownLatch(count > 0 ? count : 1);
    try (MsrpStack stack = MsrpStack.builder().build()) {
      String host = local.host();
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      MsrpListener listener =
          stack.listen(new InetSocketAddress(host, local.port()), serverTls).join();
      MsrpUri bound =
          local.port() == 0
              ? local.toBuilder().port(listener.localAddress().getPort()).build()
              : local;
      MsrpSession session = stack.session(bound, new Saver(out, done));
      if (maxSize >= 0) {
        session.maxSize(maxSize);
      }
      if (acceptTypes != null) {
        session.acceptTypes(acceptTypes);
      }
      Json listening = Json.event("listening").put("uri", bound.toString());
      if (fingerprint != null) {
        listening.put("fingerprint", fingerprint);
      }
      out.println(listening);
      out.flush();
      done.await();
    }
    return Parley.OK;
  }

  /** Writes each message to its file and digest as the bytes arrive. */
  private final class Saver implements SessionListener {
    private final PrintWriter out;
    private final CountDownLatch done;
    private final Map<String, Receiving> open = new ConcurrentHashMap<>();

    Saver(PrintWriter out, CountDownLatch done) {
      this.out = out;
      this.done = done;
    }

    @Override
    public void started(MsrpSession session, IncomingMessage message) {
      String id = message.messageId();
      if (saveDir != null && (id.equals(".") || id.equals(".."))) {
        // An ident may be "." or "..": never a file name under --save-dir.
        synchronized (out) {
          out.println(Json.event("error").put("error", "Message-ID " + id + " is no file name"));
          out.flush();
        }
        return;
      }
      open.put(id, new Receiving(id));
    }

    @Override
    public void bytes(MsrpSession session, IncomingMessage message, long position, ByteBuf slice) {
      Receiving r = open.get(message.messageId());
      if (r != null) {
        r.write(position, slice);
      }
    }

    @Override
    public void completed(MsrpSession session, IncomingMessage message, boolean aborted) {
      Receiving r = open.remove(message.messageId());
      if (r == null) {
        return;
      }
      r.close();
      synchronized (out) {
        out.println(
            Json.event(aborted ? "aborted" : "message")
                .put("session", session.localUri().sessionId())
                .put("message_id", message.messageId())
                .put("content_type", message.contentType())
                .put("bytes", message.received())
                .put("sha256", r.sha256()));
        out.flush();
      }
      done.countDown();
    }
  }

  /** One message being saved. */
  private final class Receiving {
    private final MessageDigest digest;
    private final FileChannel file;
    private long next;

    Receiving(String messageId) {
      try {
        digest = MessageDigest.getInstance("SHA-256");
        file =
            saveDir == null
                ? null
                : SafeFiles.createNew(saveDir, messageId).channel(); // never an existing file
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void write(long position, ByteBuf slice) {
      if (position == next) {
        digest.update(slice.nioBuffer());
        next += slice.readableBytes();
      }
      if (file != null) {
        try {
          slice.getBytes(slice.readerIndex(), file, position, slice.readableBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    void close() {
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    String sha256() {
      return Hex.of(digest.digest());
    }
  }
}
