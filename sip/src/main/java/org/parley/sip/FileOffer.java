package org.parley.sip;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import org.parley.sdp.FileSelector;

/**
 * An incoming RFC 5547 push: an INVITE whose {@code m=message} stream is {@code a=sendonly} with an
 * {@code a=file-selector}. {@link #accept} answers {@code a=recvonly} and writes the file to a
 * directory as it arrives; {@link #refuse} declines the INVITE with 603. Without a decision it is
 * answered 480 after the agent's ring time-out.
 */
public final class FileOffer {
  private final Invitation invitation;
  private final FileSelector selector;
  private final String transferId;

  FileOffer(Invitation invitation) {
    this.invitation = invitation;
    this.selector = invitation.plan().fileSelector();
    this.transferId = invitation.plan().fileTransferId();
  }

  /** The sender's address (From URI). */
  public String from() {
    return invitation.from();
  }

  /** The offered file name (without any directory part), or {@code "file"} when none was given. */
  public String name() {
    String n = selector.name();
    Path p = n == null ? null : Path.of(n.replace('\\', '/')).getFileName();
    String name = p == null ? "" : p.toString();
    return name.isEmpty() || name.equals("..") || name.equals(".") ? "file" : name;
  }

  /** The file type, or {@code null}. */
  public String type() {
    return selector.type();
  }

  /** The size announced, or -1. */
  public long size() {
    return selector.size().orElse(-1);
  }

  /** The announced SHA-1 hash-value, or {@code null}. */
  public String sha1() {
    return selector.hashes().stream()
        .filter(h -> h.algorithm().equalsIgnoreCase("sha-1"))
        .map(FileSelector.Hash::value)
        .findFirst()
        .orElse(null);
  }

  /** The {@code a=file-transfer-id}, or {@code null}. */
  public String transferId() {
    return transferId;
  }

  /**
   * Accepts: the file is written to {@code dir}/{@link #name()} (replacing a file of that name).
   * Completes once the whole file is on disk and hashed; fails when the session ends first, the
   * file cannot be written, or the INVITE cannot be answered.
   */
  public CompletableFuture<FileTransferResult> accept(Path dir) {
    Path path = dir.resolve(name());
    FileSink sink;
    try {
      FileChannel channel =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
      sink = new FileSink(path, name(), sha1(), size(), channel);
    } catch (IOException e) {
      invitation.decline(500);
      return CompletableFuture.failedFuture(e);
    }
    invitation
        .acceptFile(
            sink,
            new ChatListener() {
              @Override
              public void message(ChatSession session, ChatMessage message) {}

              @Override
              public void ended(ChatSession session, SessionEnd end) {
                sink.fail(new SipFailure(SipFailure.Kind.MEDIA, "the session ended: " + end));
              }
            })
        .whenComplete(
            (s, e) -> {
              if (e != null) {
                sink.fail(e);
                try {
                  Files.deleteIfExists(path);
                } catch (IOException ignored) {
                  // best effort
                }
              }
            });
    return sink.result();
  }

  /** Refuses the file: the INVITE is declined with 603. */
  public void refuse() {
    invitation.decline(603);
  }

  @Override
  public String toString() {
    return "FileOffer[" + selector + " from " + from() + "]";
  }
}
