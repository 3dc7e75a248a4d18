package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The body of an outgoing message, read one chunk at a time. */
interface ChunkSource extends AutoCloseable {
  /** The message's size in bytes, fixed when the source was opened. */
  long size();

  /** The {@code length} bytes from {@code offset}. */
  ByteBuf read(long offset, int length) throws IOException;

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
      public void close() {}
    };
  }

  /** A file, read with positional reads so that only one chunk is in memory at a time. */
  static ChunkSource open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long size;
    try {
      size = channel.size();
    } catch (IOException e) {
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
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
          if (channel.read(b, offset + b.position()) < 0) {
            throw new EOFException(file + " shrank below " + size + " bytes while being sent");
          }
        }
        b.flip();
        return Unpooled.wrappedBuffer(b);
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
}
