package org.parley.sip.file;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.im.FileHash;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.sdp.FileSelector;
import org.parley.sip.FileProgress;
import org.parley.sip.FileTransferResult;

/**
 * Where a received file's message goes: each slice written at its position in {@code NAME.part} on
 * the agent's file threads (one task after another, never on the MSRP event loop), hashed on the
 * way when the chunks come in order (else the file is hashed once at the end), and the SHA-1 and
 * size checked against the offer when the message completes; then the part becomes the file (under
 * a free name: {@link PartialFile#complete}), or, when they do not match, stays {@code NAME.part}.
 *
 * <p>Disk stays bounded: a message whose Byte-Range total is larger than the offer's size or than
 * what is left of the agent's {@link DiskBudget} is refused when it starts, every slice is taken
 * from the budget before it is queued, and a slice beyond the offer's size or the budget is
 * refused; a refusal fails the transfer and drops the session's max-size to 0, so that the rest of
 * the message is answered with 413 (RFC 4975 §8.6).
 *
 * <p>Memory stays bounded: slices are retained until written, and while more than {@link
 * #HIGH_WATER} bytes wait for the disk the session stops reading from its connection ({@link
 * MsrpSession#suspendReading}), until they are down to {@link #LOW_WATER}; TCP holds the sender
 * back meanwhile.
 *
 * <p>A transfer that resumes a part of {@code resumeFrom} bytes takes a message of the missing
 * bytes only and appends it, after hashing the part (cut back to {@code resumeFrom}); a message the
 * size of the whole file instead (a sender that did not honour the answer's {@code file-range})
 * replaces the part. A transfer that breaks off keeps the part, cut back to the bytes known to be
 * in place from the start, so that it can be resumed (only when the offer gave a SHA-1 and size to
 * recognise the file by).
 */
public final class FileSink {
  /** Bytes waiting for the disk above which the connection stops being read: 4 MB. */
  public static final long HIGH_WATER = 4L << 20;

  /** Bytes waiting for the disk at which the connection is read again: 1 MB. */
  public static final long LOW_WATER = 1L << 20;

  private final PartialFile file;
  private final String name;
  // Set before the message can start (the constructor, or the pull's answer: described).
  private volatile String expectedSha1;
  private volatile long expectedSize;
  private final long resumeFrom;
  private final FileChannel channel;
  private final Executor disk;
  private final DiskBudget budget;
  private final AtomicLong taken = new AtomicLong();
  private final ThrottledProgress progress;
  private final FileHash hash = FileHash.sha1();
  private final CompletableFuture<FileTransferResult> result = new CompletableFuture<>();
  private final AtomicLong queued = new AtomicLong();
  private volatile MsrpSession session;
  private boolean started; // guarded by this
  private volatile long from; // where the message goes in the file, once started
  private volatile boolean refused; // set on the event loop

  private final AtomicLong maxQueued = new AtomicLong();
  private volatile Runnable onSuspend;

  // On the disk executor, one task at a time.
  private long base;
  private long end;
  private long written;
  private boolean inOrder = true;
  private boolean prepared;

  /**
   * Opens (creates) the part file, never through a symbolic link; a fresh transfer ({@code
   * resumeFrom} 0) empties it.
   *
   * @param expectedSize the offer's size, or -1
   * @param resumeFrom bytes of the part in place, to resume after
   * @param budget the agent's disk budget, which every byte written is taken from
   */
  public FileSink(
      PartialFile file,
      String name,
      String expectedSha1,
      long expectedSize,
      long resumeFrom,
      Executor pool,
      DiskBudget budget,
      FileProgress progress)
      throws IOException {
    this.file = file;
    this.name = name;
    this.expectedSha1 = expectedSha1;
    this.expectedSize = expectedSize;
    this.resumeFrom = resumeFrom;
    this.disk = new SerialExecutor(pool);
    this.budget = budget;
    this.progress = new ThrottledProgress(progress, expectedSize);
    this.channel = file.open();
    if (resumeFrom == 0) {
      channel.truncate(0);
    }
  }

  public CompletableFuture<FileTransferResult> result() {
    return result;
  }

  /**
   * A pull's answer (on the agent's thread, before the ACK, so before the sender can send): the
   * sender's {@code file-selector} gives the SHA-1 and size this end did not ask with. They are
   * checked at the end like those asked with, and kept beside the part ({@link
   * PartialFile#describe}), so that a pull that breaks off can be resumed by name alone. A hash or
   * size this end asked with is kept as it is.
   */
  public synchronized void described(FileSelector answer) {
    if (started || answer == null) {
      return;
    }
    String sha1 =
        answer.hashes().stream()
            .filter(h -> h.algorithm().equalsIgnoreCase("sha-1"))
            .map(FileSelector.Hash::value)
            .findFirst()
            .orElse(null);
    if (expectedSha1 == null && sha1 != null) {
      expectedSha1 = sha1;
    }
    if (expectedSize < 0 && answer.size().isPresent()) {
      expectedSize = answer.size().getAsLong();
      progress.total(expectedSize);
    }
    String keptSha1 = expectedSha1;
    long keptSize = expectedSize;
    if (keptSha1 != null && keptSize > 0) {
      String selector;
      try {
        selector =
            FileSelector.builder()
                .name(name)
                .size(keptSize)
                .hash(FileHash.SHA_1, keptSha1)
                .build()
                .toString();
      } catch (IllegalArgumentException e) {
        return; // a hash that is no SHA-1: the file will not match it, and is not resumed
      }
      disk.execute(
          () -> {
            try {
              file.describe(selector);
            } catch (IOException e) {
              // not resumable then; the transfer itself goes on
            }
          });
    }
  }

  /** The session whose connection stops being read while the disk lags. */
  public void session(MsrpSession session) {
    this.session = session;
  }

  public MsrpSession session() {
    return session;
  }

  /**
   * A message began (on the event loop): whether it is the file's. A file session carries one
   * message; its size says whether it is the missing part or the whole file.
   */
  public synchronized boolean start(long total) {
    if (started || result.isDone()) {
      return false;
    }
    started = true;
    // Appended after the part, unless the message is the whole file (a sender that ignored the
    // answer's file-range): then it replaces the part.
    boolean whole = total >= 0 && total == expectedSize && resumeFrom > 0;
    long at = whole ? 0 : resumeFrom;
    this.from = at;
    if (total >= 0 && expectedSize >= 0 && at + total > expectedSize) {
      refuse("a message of " + total + " bytes for a file of " + expectedSize);
      return false;
    }
    if (total > budget.left()) {
      refuse("a message of " + total + " bytes, beyond the disk budget left");
      return false;
    }
    disk.execute(() -> prepare(at));
    return true;
  }

  /** Bytes at {@code position} of the message (on the event loop): queued for the disk. */
  public void write(long position, ByteBuf slice) {
    if (result.isDone() || refused) {
      return;
    }
    int n = slice.readableBytes();
    if (expectedSize >= 0 && from + position + n > expectedSize) {
      refuse("more bytes than the " + expectedSize + " announced");
      return;
    }
    if (!budget.take(n)) {
      refuse("the disk budget is used up (" + budget.left() + " bytes left)");
      return;
    }
    taken.addAndGet(n);
    ByteBuf b = slice.retainedSlice();
    long q = queued.addAndGet(n);
    maxQueued.accumulateAndGet(q, Math::max);
    disk.execute(() -> writeNow(position, b));
    MsrpSession s = session;
    if (q > HIGH_WATER && s != null && !s.readingSuspended()) {
      s.suspendReading();
      Runnable hook = onSuspend;
      if (hook != null) {
        hook.run();
      }
      if (queued.get() <= LOW_WATER) { // drained meanwhile: its resume may have come first
        s.resumeReading();
      }
    }
  }

  /**
   * Bytes that may not be written (on the event loop): none reach the disk, the session answers the
   * rest of the message with 413 (its max-size drops to 0), and the transfer fails.
   */
  private void refuse(String why) {
    refused = true;
    MsrpSession s = session;
    if (s != null) {
      s.maxSize(0);
    }
    fail(new IOException("refused (413): " + why));
  }

  /** The message ended (on the event loop): whole, or aborted. */
  public void completed(boolean aborted) {
    disk.execute(
        () -> {
          if (aborted) {
            abandon(
                new IOException(
                    refused
                        ? "refused (413): larger than announced or than the disk budget"
                        : "the transfer was aborted after " + end + " bytes"));
          } else {
            finish();
          }
        });
  }

  /** The transfer failed (any thread): the part is kept if it can be resumed. */
  public void fail(Throwable e) {
    disk.execute(() -> abandon(e));
  }

  /**
   * The session ended (any thread). Handed through the connection's event loop first: whatever that
   * loop read before (the last chunk, whose success report let the sender say BYE) reaches the disk
   * first, so a session that ends just after its file does not fail it.
   */
  public void ended(Throwable e) {
    MsrpSession s = session;
    MsrpConnection c = s == null ? null : s.connection();
    if (c != null) {
      try {
        c.channel().eventLoop().execute(() -> fail(e));
        return;
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // the loop is gone: nothing more can come from it
      }
    }
    fail(e);
  }

  /** The most bytes that waited for the disk at once (for tests). */
  public long maxQueued() {
    return maxQueued.get();
  }

  /**
   * Runs {@code hook} on the event loop each time the sink stops the connection's reads (tests).
   */
  public void onSuspend(Runnable hook) {
    this.onSuspend = hook;
  }

  // On the disk executor.

  private void prepare(long from) {
    try {
      base = from;
      if (from == 0) {
        channel.truncate(0);
      } else {
        channel.truncate(from);
        hashPrefix(from);
      }
      end = from;
      prepared = true;
    } catch (IOException e) {
      abandon(e);
    }
  }

  private void hashPrefix(long length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try (FileChannel in = file.read()) {
      long at = 0;
      while (at < length) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), length - at));
        int n = in.read(buffer, at);
        if (n < 0) {
          throw new IOException(file.part() + " is shorter than " + length + " bytes");
        }
        buffer.flip();
        hash.update(buffer);
        at += n;
      }
    }
  }

  private void writeNow(long position, ByteBuf b) {
    int n = b.readableBytes();
    try {
      if (prepared && !result.isDone()) {
        long at = base + position;
        for (ByteBuffer nio : b.nioBuffers(b.readerIndex(), n)) {
          ByteBuffer forHash = nio.duplicate();
          long from = at;
          while (nio.hasRemaining()) {
            at += channel.write(nio, at);
          }
          if (inOrder && from == hash.length()) {
            hash.update(forHash);
          } else {
            inOrder = false;
          }
        }
        end = Math.max(end, at);
        written += n;
        progress.update(base + written);
      }
    } catch (IOException e) {
      abandon(e);
    } finally {
      b.release();
      if (queued.addAndGet(-n) <= LOW_WATER) {
        MsrpSession s = session;
        if (s != null) {
          s.resumeReading();
        }
      }
    }
  }

  private void finish() {
    if (result.isDone()) {
      return;
    }
    try {
      channel.close();
      String sha1 = inOrder && hash.length() == end ? hash.hashValue() : FileHash.of(file.part());
      boolean verified =
          (expectedSha1 == null || expectedSha1.equalsIgnoreCase(sha1))
              && (expectedSize < 0 || expectedSize == end);
      // A file that does not match its offer never takes the name: it stays NAME.part.
      Path path = verified ? file.complete() : file.keepMismatch();
      progress.last(end);
      result.complete(new FileTransferResult(name, end, sha1, verified, path, base));
    } catch (IOException e) {
      abandon(e);
    }
  }

  private void abandon(Throwable e) {
    if (result.isDone()) {
      return;
    }
    // What is surely in place from the start: the bytes hashed in order (the part as it was, when
    // the message never started).
    long keep = prepared ? hash.length() : resumeFrom;
    boolean resumable = expectedSha1 != null && expectedSize > 0 && keep > 0;
    try {
      if (resumable) {
        channel.truncate(keep);
      }
      channel.close();
    } catch (IOException ignored) {
      resumable = false;
    }
    if (!resumable) {
      file.discard();
      budget.giveBack(taken.getAndSet(0));
    }
    result.completeExceptionally(e);
  }
}
