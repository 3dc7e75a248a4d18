package org.parley.interop.msrpjava;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.parley.msrp.ByteRange;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.SessionListener;

/**
 * One Parley endpoint for the driver: its own {@link MsrpStack} listening on loopback and one
 * session, whose complete messages and REPORTs go to queues.
 */
public final class ParleySide implements SessionListener, AutoCloseable {
  /** A message Parley delivered whole (or aborted). */
  public record Received(
      String messageId, String contentType, byte[] body, boolean aborted, long nanos) {}

  /** A REPORT Parley heard for one of its messages. */
  public record Report(String messageId, int status) {}

  public final MsrpStack stack;
  public final MsrpSession session;
  public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  public final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
  private final Map<IncomingMessage, byte[]> bodies = new ConcurrentHashMap<>();

  /**
   * @param stack a stack of the caller's (its chunk size and streaming as the case needs); closed
   *     with this side
   */
  public ParleySide(MsrpStack stack) {
    this.stack = stack;
    InetSocketAddress at =
        stack.listen(new InetSocketAddress("127.0.0.1", 0), null).join().localAddress();
    MsrpUri uri =
        MsrpUri.parse("msrp://127.0.0.1:" + at.getPort() + "/" + TransactionIds.next() + ";tcp");
    this.session = stack.session(uri, this);
  }

  /** Parley's URI, for msrp-java's To-Path. */
  public URI uri() {
    return URI.create(session.localUri().toString());
  }

  /** The peer's URI as the remote path (it would come from the peer's SDP). */
  public void peer(URI peer) {
    session.remotePath(List.of(MsrpUri.parse(peer.toString())));
  }

  @Override
  public void started(MsrpSession s, IncomingMessage m) {
    long total = m.total();
    bodies.put(m, new byte[total < 0 ? 0 : (int) total]);
  }

  @Override
  public void bytes(MsrpSession s, IncomingMessage m, long position, ByteBuf slice) {
    byte[] body = bodies.get(m);
    slice.getBytes(slice.readerIndex(), body, (int) position, slice.readableBytes());
  }

  @Override
  public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
    received.add(
        new Received(m.messageId(), m.contentType(), bodies.remove(m), aborted, System.nanoTime()));
  }

  @Override
  public void report(MsrpSession s, String messageId, MsrpStatus status, ByteRange range) {
    reports.add(new Report(messageId, status.code()));
  }

  @Override
  public void close() {
    session.close();
    stack.close();
  }
}
