package org.parley.sip;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.parley.msrp.session.MsrpSession;
import org.parley.sdp.FileRange;
import org.parley.sdp.FileSelector;
import org.parley.sip.file.FileSink;
import org.parley.sip.file.PartialFile;

/**
 * An incoming RFC 5547 push: an INVITE whose {@code m=message} stream is {@code a=sendonly} with an
 * {@code a=file-selector}. {@link #accept} answers {@code a=recvonly} and writes the file to a
 * directory as it arrives; {@link #refuse} declines the INVITE with 603. Without a decision it is
 * answered 480 after the agent's ring time-out.
 *
 * <p><b>Resuming.</b> The file is written to {@code NAME.part} (beside it {@code
 * NAME.part.selector} keeps the offer's file-selector) and becomes {@code NAME} once whole. When a
 * transfer breaks off (connection lost, session ended), the part stays, cut back to the bytes known
 * to be in place from the start, provided the offer named the file's SHA-1 and size. When the same
 * file is offered again (same SHA-1 and size), {@link #accept} answers with {@code
 * a=file-range:K+1-SIZE} for the missing bytes only; the sender sends them as one MSRP message
 * (Byte-Range from 1), they are appended, and the whole file's SHA-1 is checked. RFC 5547 §8 has
 * the answerer echo the offer's file-range; answering with a narrower one is Parley's extension: a
 * sender that ignores it sends the whole file, which is recognised by its size and replaces the
 * part, so the result is right either way. {@link #discardPartial} starts over instead.
 */
public final class FileOffer {
  private final Invitation invitation;
  private final FileSelector selector;
  private final String transferId;
  private volatile FileSink sink;
  private final CompletableFuture<SessionEnd> ended = new CompletableFuture<>();

  FileOffer(Invitation invitation) {
    this.invitation = invitation;
    this.selector = invitation.plan().fileSelector();
    this.transferId = invitation.plan().fileTransferId();
  }

  Invitation invitation() {
    return invitation;
  }

  /** The sender's address (From URI). */
  public String from() {
    return invitation.from();
  }

  /** The offered file name (without any directory part), or {@code "file"} when none was given. */
  public String name() {
    return safeName(selector.name());
  }

  /** {@code name} without any directory part; {@code "file"} for none, "." or "..". */
  static String safeName(String n) {
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
    return sha1(selector);
  }

  static String sha1(FileSelector selector) {
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
   * Bytes of this file that an earlier, broken transfer left in {@code dir} and that {@link
   * #accept} would not ask for again; 0 when there are none.
   */
  public long partial(Path dir) {
    return PartialFile.of(dir, name()).resumable(sha1(), size());
  }

  /** Deletes what an earlier, broken transfer of a file of this name left in {@code dir}. */
  public void discardPartial(Path dir) {
    PartialFile.of(dir, name()).discard();
  }

  /** {@link #accept(Path, FileProgress)} without progress. */
  public CompletableFuture<FileTransferResult> accept(Path dir) {
    return accept(dir, FileProgress.NONE);
  }

  /**
   * Accepts: the file is written to {@code dir}/{@link #name()}, or to {@code NAME (1).EXT}, ...
   * when that name is taken (a file is never replaced; a file that does not match the offer's hash
   * or size stays {@code NAME.part}: see {@link FileTransferResult#path}), resuming a broken
   * transfer of the same file (see the class comment). Completes once the whole file is on disk and
   * hashed; fails when the session ends first, the file cannot be written, or the INVITE cannot be
   * answered.
   *
   * @param progress hears the bytes on disk (counting those a resume did not move again)
   */
  public CompletableFuture<FileTransferResult> accept(Path dir, FileProgress progress) {
    PartialFile file = PartialFile.of(dir, name());
    long have = file.resumable(sha1(), size());
    FileRange offered = invitation.plan().fileRange();
    FileRange missing = null;
    long from = have;
    if (offered != null && offered.start() > 1) {
      // The sender resumes of its own accord (a=file-range in the offer): its range must start
      // where, or before, our part ends.
      from = offered.start() - 1;
      if (have < from) {
        invitation.decline(488);
        return CompletableFuture.failedFuture(
            new SipFailure(
                SipFailure.Kind.NOT_ACCEPTABLE,
                "file-range-attr "
                    + offered
                    + " offered, but only "
                    + have
                    + " bytes of "
                    + name()
                    + " are here"));
      }
    } else if (have > 0) {
      missing = FileRange.of(have + 1, size());
    }
    FileSink sink;
    try {
      sink =
          new FileSink(
              file,
              name(),
              sha1(),
              size(),
              from,
              invitation.context().files(),
              invitation.context().diskBudget(),
              progress);
      if (sha1() != null && size() > 0) {
        file.describe(selector.toString());
      }
    } catch (IOException e) {
      invitation.decline(500);
      return CompletableFuture.failedFuture(e);
    }
    this.sink = sink;
    invitation
        .acceptFile(sink, endsWith(sink), missing)
        .whenComplete(
            (s, e) -> {
              if (e != null) {
                sink.fail(e);
                ended.completeExceptionally(e);
              } else {
                s.ended().whenComplete((end, x) -> ended.complete(end));
              }
            });
    return sink.result();
  }

  /** A session listener that fails the sink when the session ends before the file is whole. */
  static ChatListener endsWith(FileSink sink) {
    return new ChatListener() {
      @Override
      public void message(ChatSession session, ChatMessage message) {}

      @Override
      public void ended(ChatSession session, SessionEnd end) {
        sink.ended(new SipFailure(SipFailure.Kind.MEDIA, "the session ended: " + end));
      }
    };
  }

  /** The sink of the accepted file, or null (for tests). */
  FileSink sink() {
    return sink;
  }

  /** The MSRP session the accepted file arrives on, or null (for tests). */
  MsrpSession msrpSession() {
    FileSink s = sink;
    return s == null ? null : s.session();
  }

  /**
   * Completes when the session of the accepted offer ended (the sender says BYE once it has this
   * end's success report, just after the file is whole); fails when it never came up. An
   * application that stops right after the file arrived can wait for this (briefly), so that its
   * own BYE does not overtake the success report on its way to the sender.
   */
  public CompletableFuture<SessionEnd> ended() {
    return ended;
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
