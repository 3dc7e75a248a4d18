package org.parley.cli;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.parley.im.SafeFiles;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.Hosts;
import org.parley.msrp.MsrpSyntaxException;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.SessionListener;
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
      "Wait for MSRP messages at a URI (passive side); a JSON line for each one.",
      "Port 0 in the URI takes a free port; the 'listening' line shows it (and, with TLS, the",
      "certificate's sha-256 fingerprint, for the sender's --fingerprint).",
      "Without SDP there is no peer to match (RFC 4975 §7.3): any sender that knows the URI is",
      "taken, over any connection. Sessions set up by SIP (chat, send-file) take only their peer."
    })
final class MsrpListenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--uri",
      paramLabel = "MSRP-URI",
      required = true,
      description = "The session's own URI, e.g. 'msrp://127.0.0.1:7000/s1;tcp'.")
  String uri;

  @Option(
      names = "--tls",
      description = "Listen for msrps (TLS); implied by an msrps:// URI. Needs --cert and --key.")
  boolean tls;

  @Option(names = "--cert", paramLabel = "FILE", description = "PEM certificate (chain) for TLS.")
  java.io.File cert;

  @Option(names = "--key", paramLabel = "FILE", description = "PEM private key (PKCS#8) for TLS.")
  java.io.File key;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Save each message whole to DIR/MESSAGE-ID (a new file: 'ID (1)' when that name is"
              + " taken, never an existing file nor through a link).")
  Path saveDir;

  /** {@code --save-dir}, the name before {@code --dir}: hidden, for the scripts that use it. */
  @Option(names = "--save-dir", paramLabel = "DIR", hidden = true)
  void oldSaveDir(Path value) {
    saveDir = value;
  }

  @Option(
      names = "--max-size",
      paramLabel = "BYTES",
      defaultValue = "-1",
      description = "Refuse messages over N bytes with 413 (a=max-size; default: no limit).")
  long maxSize;

  @Option(
      names = "--accept-types",
      paramLabel = "TYPE",
      split = ",",
      description =
          "Media types taken (a=accept-types, e.g. text/plain,image/*); others get 415. Default:"
              + " all.")
  List<String> acceptTypes;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "0",
      description = "Exit after N messages (default 0: run until stopped).")
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
    String unusable = saveDir == null ? null : SaveDirectory.prepare(saveDir, "--dir");
    if (unusable != null) {
      out.println(Json.event("error").put("error", unusable));
      out.flush();
      return Parley.INVALID_INPUT;
    }
    // --count 0: no message counts down, the command runs until it is stopped (interrupted).
    CountDownLatch done = new CountDownLatch(count > 0 ? count : 1);
    try (MsrpStack stack = MsrpStack.builder().build()) {
      String host = Hosts.unbracketed(local.host());
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
        // An ident may be "." or "..": never a file name under --dir.
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
      String sha256 = r.sha256(aborted ? -1 : message.received());
      r.close();
      synchronized (out) {
        out.println(
            Json.event(aborted ? "aborted" : "message")
                .put("session", session.localUri().sessionId())
                .put("message_id", message.messageId())
                .put("content_type", message.contentType())
                .put("bytes", message.received())
                .put("sha256", sha256));
        out.flush();
      }
      if (count > 0) {
        done.countDown();
      }
    }
  }

  /**
   * One message being saved and hashed. Bytes that come in order are hashed as they come; bytes
   * that come ahead of a gap go to the saved file (or, without --dir, to a temporary file) and are
   * hashed from there once the message is whole, so the hash is always the whole message's. Memory
   * stays bounded whatever order the chunks come in.
   */
  private final class Receiving {
    private final MessageDigest digest;
    private final FileChannel file;
    private FileChannel spill;
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
      try {
        if (file != null) {
          slice.getBytes(slice.readerIndex(), file, position, slice.readableBytes());
        }
        if (position == next) {
          digest.update(slice.nioBuffer());
          next += slice.readableBytes();
        } else if (file == null) {
          slice.getBytes(slice.readerIndex(), spill(), position, slice.readableBytes());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Where bytes that came ahead of a gap wait, without --dir: a file deleted on close. */
    private FileChannel spill() throws IOException {
      if (spill == null) {
        Path tmp = Files.createTempFile("parley-msrp-", ".part");
        spill =
            FileChannel.open(
                tmp,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
      }
      return spill;
    }

    void close() {
      try {
        if (file != null) {
          file.close();
        }
        if (spill != null) {
          spill.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The sha-256 of the message's {@code length} bytes: those hashed in order, then the rest read
     * back from the file they were written to. {@code -1} (an aborted message): of the bytes that
     * came in order from the start.
     */
    String sha256(long length) {
      FileChannel from = file != null ? file : spill;
      if (length > next && from != null) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
          while (next < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - next));
            int n = from.read(buffer, next);
            if (n < 0) {
              break;
            }
            buffer.flip();
            digest.update(buffer);
            next += n;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return Hex.of(digest.digest());
    }
  }
}
