package org.parley.sip;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A message being put together from the parts an {@link org.parley.msrp.session.SessionListener}
 * hears, which may come in any order (each byte once). Memory grows with the bytes that came, never
 * with the size the sender announced: bytes in order are appended to a buffer that doubles as
 * needed, parts that come ahead of a gap wait in a tree by position until the gap is filled. Used
 * on one message's calls only, which the session never overlaps.
 */
final class MessageAssembly {
  private byte[] buffer = new byte[0];
  private int length;
  private final TreeMap<Long, byte[]> ahead = new TreeMap<>();
  private long aheadBytes;

  void write(long position, ByteBuf slice) {
    int n = slice.readableBytes();
    if (position != length) {
      byte[] part = new byte[n];
      slice.getBytes(slice.readerIndex(), part);
      ahead.put(position, part);
      aheadBytes += n;
      return;
    }
    room(n);
    slice.getBytes(slice.readerIndex(), buffer, length, n);
    length += n;
    for (Map.Entry<Long, byte[]> e = ahead.firstEntry();
        e != null && e.getKey() == length;
        e = ahead.firstEntry()) {
      byte[] part = ahead.pollFirstEntry().getValue();
      aheadBytes -= part.length;
      room(part.length);
      System.arraycopy(part, 0, buffer, length, part.length);
      length += part.length;
    }
  }

  private void room(int n) {
    int needed = Math.addExact(length, n);
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(needed, (int) Math.min(2L * buffer.length, 1 << 30)));
    }
  }

  /** The bytes from the start up to the first gap (the whole message once it is complete). */
  byte[] bytes() {
    return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
  }

  /** Bytes of memory the assembly holds for the message's bytes. */
  long heldBytes() {
    return buffer.length + aheadBytes;
  }
}
