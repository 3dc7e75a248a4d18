package org.parley.msrp.transport;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import org.parley.msrp.ContinuationFlag;

/**
 * A frame written in parts while it holds its connection's frame slot: the head was written when
 * {@link MsrpConnection#open} completed; {@link #body} writes pieces of the body as they are read,
 * and {@link #end} writes the end-line and lets the next writer go. A streaming sender checks
 * {@link #othersWaiting} between pieces and ends its chunk with {@link ContinuationFlag#MORE} when
 * another frame waits (RFC 4975 §7.1.1), so a short message is never stuck behind a large one.
 * Methods may be called from any thread, in order; each returns when the bytes were handed to the
 * socket.
 */
public final class FrameStream {
  private final MsrpConnection connection;

  FrameStream(MsrpConnection connection) {
    this.connection = connection;
  }

  /** Writes and flushes a piece of the body; takes over the buffer's reference. */
  public CompletableFuture<Void> body(ByteBuf piece) {
    return connection.streamBody(this, piece);
  }

  /** Writes the end-line and frees the slot. */
  public CompletableFuture<Void> end(ContinuationFlag flag) {
    return connection.streamEnd(this, flag);
  }

  /** {@code true} while another frame waits for this one to end. */
  public boolean othersWaiting() {
    return connection.slot().othersWaiting();
  }
}
