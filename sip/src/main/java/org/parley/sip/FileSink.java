package org.parley.sip;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.parley.im.FileHash;

/**
 * Where an accepted file offer's message goes: each byte written at its position in the file as it
 * comes, hashed on the way when the chunks come in order (else the file is hashed once at the end),
 * and the SHA-1 and size checked against the offer when the message completes. Called on the MSRP
 * connection's event loop.
 */
final class FileSink {
  private final Path path;
  private final String name;
  private final String expectedSha1;
  private final long expectedSize;
  private final FileChannel channel;
  private final FileHash hash = FileHash.sha1();
  private final CompletableFuture<FileTransferResult> result = new CompletableFuture<>();
  private boolean inOrder = true;
  private long end;
  private boolean started;

  FileSink(Path path, String name, String expectedSha1, long expectedSize, FileChannel channel) {
    this.path = path;
    this.name = name;
    this.expectedSha1 = expectedSha1;
    this.expectedSize = expectedSize;
    this.channel = channel;
  }

  CompletableFuture<FileTransferResult> result() {
    return result;
  }

  /** Whether a message is already being written: a file session carries one message. */
  synchronized boolean start() {
    if (started || result.isDone()) {
      return false;
    }
    started = true;
    return true;
  }

  synchronized void write(long position, ByteBuf slice) {
    if (result.isDone()) {
      return;
    }
    try {
      int n = slice.readableBytes();
      for (ByteBuffer b : slice.nioBuffers(slice.readerIndex(), n)) {
        ByteBuffer forHash = b.duplicate();
        long at = position;
        while (b.hasRemaining()) {
          at += channel.write(b, at);
        }
        if (inOrder && position == hash.length()) {
          hash.update(forHash);
        } else {
          inOrder = false;
        }
        position = at;
      }
      end = Math.max(end, position);
    } catch (IOException e) {
      fail(e);
    }
  }

  synchronized void completed(boolean aborted) {
    if (result.isDone()) {
      return;
    }
    if (aborted) {
      fail(new IOException("the transfer was aborted after " + end + " bytes"));
      return;
    }
    try {
      channel.close();
      String sha1 = inOrder && hash.length() == end ? hash.hashValue() : FileHash.of(path);
      boolean verified =
          (expectedSha1 == null || expectedSha1.equalsIgnoreCase(sha1))
              && (expectedSize < 0 || expectedSize == end);
      result.complete(new FileTransferResult(name, end, sha1, verified, path));
    } catch (IOException e) {
      fail(e);
    }
  }

  /** The session ended, or the write failed, before the file was whole. */
  synchronized void fail(Throwable e) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // failing already
    }
    result.completeExceptionally(e);
  }
}
