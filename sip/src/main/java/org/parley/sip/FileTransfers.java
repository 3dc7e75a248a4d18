package org.parley.sip;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.im.FileDescription;
import org.parley.sdp.FileRange;
import org.parley.sdp.FileSelector;
import org.parley.sip.file.FileSender;
import org.parley.sip.file.FileSink;
import org.parley.sip.file.PartialFile;

/**
 * This end's RFC 5547 transfers ({@link SipAgent#sendFile}, {@link SipAgent#pullFile}): the INVITE
 * each sends (a {@code sendonly} or {@code recvonly} stream with the file's attributes), then the
 * {@link FileSender} or the {@link FileSink} of the {@code org.parley.sip.file} package once the
 * session is up.
 */
final class FileTransfers {
  /** How long a pull waits, once the file is whole, for the sender's BYE before saying its own. */
  private static final Duration PULL_BYE_GRACE = Duration.ofSeconds(10);

  /** How a transfer invites: {@link SipAgent#invite}. */
  interface Inviter {
    CompletableFuture<ChatSession> invite(String uri, InviteOptions options, ChatListener l);
  }

  private final AgentContext ctx;
  private final Inviter inviter;

  FileTransfers(AgentContext ctx, Inviter inviter) {
    this.ctx = ctx;
    this.inviter = inviter;
  }

  /**
   * The agent's file threads: a cached pool of daemon threads named {@code prefix} and a number,
   * which hash, read and write files (and block for the MSRP stack).
   */
  static ExecutorService threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** See {@link SipAgent#sendFile(String, Path, String, FileProgress)}. */
  CompletableFuture<FileTransferResult> push(
      String uri, Path file, String type, FileProgress progress) {
    String contentType = type == null ? "application/octet-stream" : type;
    CompletableFuture<FileDescription> described = new CompletableFuture<>();
    try {
      ctx.files()
          .execute(
              () -> {
                try {
                  described.complete(FileDescription.of(file, contentType));
                } catch (IOException | RuntimeException e) {
                  described.completeExceptionally(e);
                }
              });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new SipFailure(SipFailure.Kind.CLOSED, "closed"));
    }
    return described.thenCompose(
        description -> {
          InviteOptions options =
              InviteOptions.builder()
                  .acceptTypes(contentType)
                  .filePush(
                      FileAttributes.selector(description),
                      FileAttributes.date(description),
                      FileDescription.newTransferId())
                  .build();
          ChatListener none = (session, message) -> {};
          return inviter
              .invite(uri, options, none)
              .thenCompose(
                  session -> {
                    Chat chat = (Chat) session;
                    return FileSender.send(
                        chat,
                        chat::markUsed,
                        file,
                        contentType,
                        description.name(),
                        description.size(),
                        description.sha1(),
                        chat.plan().fileRange(),
                        progress);
                  });
        });
  }

  /** See {@link SipAgent#pullFile}. */
  CompletableFuture<FileTransferResult> pull(
      String uri, FileSelector asked, Path dir, FileProgress progress) {
    PartialPull start = PartialPull.find(dir, asked);
    FileSelector selector = start.selector();
    long have = start.have();
    String name = FileOffer.safeName(selector.name());
    String sha1 = FileOffer.sha1(selector);
    long size = selector.size().orElse(-1);
    PartialFile file = PartialFile.of(dir, name);
    FileSink sink;
    try {
      sink = new FileSink(file, name, sha1, size, have, ctx.files(), ctx.diskBudget(), progress);
      if (sha1 != null && size > 0) {
        file.describe(selector.toString());
      } else {
        file.forgetSelector(); // the sender's answer says what the file is (FileSink.described)
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    InviteOptions options =
        InviteOptions.builder()
            .acceptTypes("*")
            .filePull(
                selector,
                FileDescription.newTransferId(),
                have > 0 ? FileRange.of(have + 1, size) : null,
                sink)
            .build();
    CompletableFuture<ChatSession> session = inviter.invite(uri, options, FileOffer.endsWith(sink));
    session.whenComplete(
        (s, e) -> {
          if (e != null) {
            sink.fail(e);
          }
        });
    return sink.result()
        .whenComplete(
            (r, e) -> {
              if (e == null) { // the sender says BYE once our success report came; else we do
                session.thenAccept(
                    s ->
                        ctx.schedule(
                            () -> {
                              if (!ctx.dialogs().closed()) {
                                s.bye();
                              }
                            },
                            PULL_BYE_GRACE.toMillis(),
                            TimeUnit.MILLISECONDS));
              }
            });
  }
}
