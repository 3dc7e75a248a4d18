package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The body of an outgoing message, read one chunk at a time and in order: each {@link #read} starts
 * where the previous one ended.
 */
interface ChunkSource extends AutoCloseable {
  /**
   * The message's size in bytes, or {@link org.parley.msrp.ByteRange#UNKNOWN} while it is not known
   * (a stream that has not ended yet).
   */
  long size();

  /**
   * Up to {@code length} bytes from {@code offset}: exactly {@code length} unless the source ends
   * first, and after the read that reaches the end, {@link #size} is known.
   */
  ByteBuf read(long offset, int length) throws IOException;

  /**
   * {@code true} when {@link #read} may block (disk, a stream), so it must not run on an event
   * loop.
   */
  boolean blocking();

  @Override
  void close();

  /** A message held in memory; chunks are views of the array, not copies. */
  static ChunkSource of(byte[] data) {
    return new ChunkSource() {
      @Override
      public long size() {
        return data.length;
      }

      @Override
      public ByteBuf read(long offset, int length) {
        return Unpooled.wrappedBuffer(data, (int) offset, length);
      }

      @Override
      public boolean blocking() {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * A message in a buffer the application owns; chunks are retained slices, so the socket takes
   * direct buffers without a copy. The buffer's reference count is the application's: it keeps it
   * unchanged until the send completes.
   */
  static ChunkSource of(ByteBuf data) {
    int base = data.readerIndex();
    long size = data.readableBytes();
    return new ChunkSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public ByteBuf read(long offset, int length) {
        return data.retainedSlice(base + (int) offset, length);
      }

      @Override
      public boolean blocking() {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * A file, read with positional reads into pooled direct buffers, so that only the chunks in
   * flight are in memory and the socket takes them without another copy.
   */
  static ChunkSource open(Path file) throws IOException {
    return open(file, 0, -1);
  }

  /**
   * {@code length} bytes of a file from {@code from} ({@code -1}: to its end), as {@link
   * #open(Path)} reads a whole file; the message's offsets start at 0 at {@code from}.
   *
   * @throws IllegalArgumentException when the range is not inside the file
   */
  static ChunkSource open(Path file, long from, long length) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long size;
    try {
      long fileSize = channel.size();
      if (from < 0 || from > fileSize || length < -1 || (length >= 0 && from + length > fileSize)) {
        throw new IllegalArgumentException(
            "the range " + from + "+" + length + " is not inside " + fileSize + " bytes");
      }
      size = length < 0 ? fileSize - from : length;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new ChunkSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public ByteBuf read(long offset, int length) throws IOException {
        ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(length);
        try {
          while (b.readableBytes() < length) {
            int n =
                b.writeBytes(
                    channel, from + offset + b.readableBytes(), length - b.readableBytes());
            if (n < 0) {
              throw new EOFException(file + " shrank below " + size + " bytes while being sent");
            }
          }
          return b;
        } catch (IOException | RuntimeException e) {
          b.release();
          throw e;
        }
      }

      @Override
      public boolean blocking() {
        return true;
      }

      @Override
      public void close() {
        try {
          channel.close();
        } catch (IOException e) {
          // Nothing was written through the channel; a failed close loses nothing.
        }
      }
    };
  }

  /**
   * A stream of unknown length, read chunk by chunk as the connection takes them; the size becomes
   * known when the stream ends. One byte is read ahead so that the last chunk is known as the last
   * (its flag is {@code $}). The stream is closed with the source.
   */
  static ChunkSource of(InputStream in) {
    return new ChunkSource() {
      private int ahead = -1;
      private long size = org.parley.msrp.ByteRange.UNKNOWN;

      @Override
      public long size() {
        return size;
      }

      @Override
      public ByteBuf read(long offset, int length) throws IOException {
        ByteBuf b = ByteBufAllocator.DEFAULT.heapBuffer(length);
        try {
          if (ahead >= 0) {
            b.writeByte(ahead);
            ahead = -1;
          }
          while (b.readableBytes() < length) {
            int n = b.writeBytes(in, length - b.readableBytes());
            if (n < 0) {
              size = offset + b.readableBytes();
              return b;
            }
          }
          ahead = in.read();
          if (ahead < 0) {
            size = offset + length;
          }
          return b;
        } catch (IOException | RuntimeException e) {
          b.release();
          throw e;
        }
      }

      @Override
      public boolean blocking() {
        return true;
      }

      @Override
      public void close() {
        try {
          in.close();
        } catch (IOException e) {
          // The stream was only read from; a failed close loses nothing.
        }
      }
    };
  }
}
