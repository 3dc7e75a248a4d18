package org.parley.sip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.parley.im.FileHash;
import org.parley.sdp.FileRange;
import org.parley.sdp.FileSelector;
import org.parley.sip.file.FileSender;

/**
 * An incoming RFC 5547 pull: an INVITE whose {@code m=message} stream is {@code a=recvonly} with an
 * {@code a=file-selector} naming the file the caller wants (by name, hash, size, type: the
 * application decides what matches) and, to resume, an {@code a=file-range}. {@link #serve} answers
 * {@code a=sendonly} and sends the file (or the range) once the session is up, then ends it; {@link
 * #refuse} declines with 603. Without a decision it is answered 480 after the agent's ring
 * time-out.
 */
public final class FilePullRequest {
  private final Invitation invitation;
  private final FileSelector selector;

  FilePullRequest(Invitation invitation) {
    this.invitation = invitation;
    this.selector = invitation.plan().fileSelector();
  }

  Invitation invitation() {
    return invitation;
  }

  /** The caller's address (From URI). */
  public String from() {
    return invitation.from();
  }

  /** The file-selector as the caller wrote it. */
  public FileSelector selector() {
    return selector;
  }

  /** The file name asked for (without any directory part), or null when the selector has none. */
  public String name() {
    return selector.name() == null ? null : FileOffer.safeName(selector.name());
  }

  /** The SHA-1 hash-value asked for, or null. */
  public String sha1() {
    return FileOffer.sha1(selector);
  }

  /** The size asked for, or -1. */
  public long size() {
    return selector.size().orElse(-1);
  }

  /** The {@code a=file-transfer-id}, or null. */
  public String transferId() {
    return invitation.plan().fileTransferId();
  }

  /** The part of the file asked for ({@code a=file-range}), or null for the whole file. */
  public FileRange range() {
    return invitation.plan().fileRange();
  }

  /** {@link #serve(Path, FileProgress)} without progress. */
  public CompletableFuture<FileTransferResult> serve(Path file) {
    return serve(file, FileProgress.NONE);
  }

  /**
   * Sends {@code file} (the range asked for, if any) as the selector's type (else {@code
   * application/octet-stream}) and ends the session. The answer's {@code a=file-selector} describes
   * the file served: the caller's name and type with the file's size and SHA-1 (hashed first, on
   * the agent's file threads, unless the caller gave both); a caller that asked by name alone
   * learns what to check the file against, and what to resume with (a caller that reads no selector
   * from the answer is not affected). Completes when every chunk was answered 200; fails when the
   * file cannot be read, the range is outside it ({@link SipFailure.Kind#NOT_ACCEPTABLE}), or the
   * session fails. The result's {@code sha1} is the file's.
   */
  public CompletableFuture<FileTransferResult> serve(Path file, FileProgress progress) {
    String type = selector.type() != null ? selector.type() : "application/octet-stream";
    Path fileName = file.getFileName();
    String name = fileName == null ? "file" : fileName.toString();
    CompletableFuture<FileSelector> described = new CompletableFuture<>();
    try {
      invitation.context().files().execute(() -> describe(file, name, described));
    } catch (RejectedExecutionException e) {
      described.completeExceptionally(new SipFailure(SipFailure.Kind.CLOSED, "closed"));
    }
    FileRange range = range();
    ChatListener none = (session, message) -> {};
    return described
        .whenComplete(
            (d, e) -> {
              if (e != null) {
                invitation.decline(500);
              }
            })
        .thenCompose(
            d ->
                invitation
                    .acceptPull(d.toString(), none)
                    .thenCompose(
                        session ->
                            FileSender.send(
                                session,
                                ((Chat) session)::markUsed,
                                file,
                                type,
                                name,
                                d.size().orElse(-1),
                                FileOffer.sha1(d),
                                range,
                                progress)));
  }

  /**
   * What the answer says of {@code file}: the name asked for (else the file's), the type asked for,
   * and the size and SHA-1, taken from the selector when it gives both, else read from the file.
   */
  private void describe(Path file, String name, CompletableFuture<FileSelector> result) {
    try {
      long size = Files.size(file);
      String sha1 = sha1();
      if (sha1 == null || size() != size) {
        sha1 = FileHash.of(file);
      }
      FileSelector.Builder b =
          FileSelector.builder()
              .name(selector.name() != null ? selector.name() : name)
              .size(size)
              .hash(FileHash.SHA_1, sha1);
      try {
        b.type(selector.type());
      } catch (IllegalArgumentException e) {
        // a type the selector grammar took but a file-selector cannot carry back: left out
      }
      result.complete(b.build());
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  /** Refuses: the INVITE is declined with 603. */
  public void refuse() {
    invitation.decline(603);
  }

  @Override
  public String toString() {
    return "FilePullRequest[" + selector + " from " + from() + "]";
  }
}
