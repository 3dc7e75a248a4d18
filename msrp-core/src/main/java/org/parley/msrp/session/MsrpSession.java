package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpTls;

/**
 * One MSRP session: its own URI, the path to the peer, and the connection it is bound to. The
 * active side {@linkplain #connect connects} to the first hop of the remote path and binds the
 * connection with an empty SEND (RFC 4975 §5.4); the passive side is bound by the first request
 * that arrives for it.
 */
public final class MsrpSession {
  private final MsrpStack stack;
  private final MsrpUri localUri;
  private final SessionListener listener;
  private final Map<String, IncomingMessage> incoming = new ConcurrentHashMap<>();
  private volatile List<MsrpUri> remotePath = List.of();
  private volatile MsrpConnection connection;
  private long chunkPosition;

  MsrpSession(MsrpStack stack, MsrpUri localUri, SessionListener listener) {
    this.stack = stack;
    this.localUri = localUri;
    this.listener = listener;
  }

  /** The session's own URI (the last URI of the peer's To-Path). */
  public MsrpUri localUri() {
    return localUri;
  }

  public List<MsrpUri> remotePath() {
    return remotePath;
  }

  /** The peer's path from its SDP {@code a=path}, first hop first. */
  public void remotePath(List<MsrpUri> path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a path holds at least one URI");
    }
    this.remotePath = List.copyOf(path);
  }

  /** The connection the session is bound to, or null. */
  public MsrpConnection connection() {
    return connection;
  }

  /**
   * Active side: connects to the first hop of the remote path and binds the connection with an
   * empty SEND; completes when the peer answered it with 200.
   *
   * @param tls client TLS settings for an msrps path, or null
   */
  public CompletableFuture<Void> connect(MsrpTls tls) {
    List<MsrpUri> path = remotePath;
    if (path.isEmpty()) {
      throw new IllegalStateException("set the remote path first");
    }
    MsrpUri first = path.get(0);
    if (!first.hasPort()) {
      throw new IllegalArgumentException("the first hop " + first + " has no port");
    }
    if (first.secure() != (tls != null)) {
      throw new IllegalArgumentException("msrps needs TLS settings, msrp none: " + first);
    }
    String host = first.host();
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return stack
        .transport()
        .connect(new InetSocketAddress(host, first.port()), tls, stack.handler())
        .thenCompose(
            c -> {
              connection = c;
              MsrpRequest bind =
                  headBuilder(TransactionIds.next()).byteRange(ByteRange.of(1, 0, 0)).build();
              return stack.request(c, bind, null, ContinuationFlag.END).response();
            })
        .thenAccept(MsrpSession::requireSuccess);
  }

  /**
   * Sends a message, split into chunks of the stack's chunk size; completes when every chunk was
   * answered with 200, fails with {@link MsrpResponseException} or {@link
   * TransactionTimeoutException} otherwise. Chunks are written one after the other as the
   * connection takes them, without waiting for responses, so several transactions are outstanding
   * at once.
   */
  public CompletableFuture<Void> send(String contentType, byte[] data) {
    MsrpConnection c = connection;
    if (c == null) {
      throw new IllegalStateException("the session is not connected");
    }
    String messageId = TransactionIds.next();
    int size = stack.chunkSize();
    int total = data.length;
    List<CompletableFuture<MsrpResponse>> responses = new ArrayList<>();
    CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
    int start = 0;
    do {
      int from = start;
      int end = Math.min(total, start + size);
      boolean last = end == total;
      MsrpRequest chunk =
          headBuilder(TransactionIds.next())
              .messageId(messageId)
              .byteRange(ByteRange.of(from + 1, end, total))
              .contentType(contentType)
              .build();
      CompletableFuture<MsrpResponse> response = new CompletableFuture<>();
      responses.add(response);
      written =
          written.thenCompose(
              v -> {
                MsrpStack.Sent sent =
                    stack.request(
                        c,
                        chunk,
                        Unpooled.wrappedBuffer(data, from, end - from),
                        last ? ContinuationFlag.END : ContinuationFlag.MORE);
                sent.response()
                    .whenComplete(
                        (r, e) -> {
                          if (e != null) {
                            response.completeExceptionally(e);
                          } else {
                            response.complete(r);
                          }
                        });
                return sent.written();
              });
      start = end;
    } while (start < total);
    CompletableFuture<Void> result = new CompletableFuture<>();
    written.whenComplete(
        (v, e) -> {
          if (e != null) {
            result.completeExceptionally(e);
          }
        });
    CompletableFuture.allOf(responses.toArray(new CompletableFuture<?>[0]))
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                result.completeExceptionally(
                    e instanceof java.util.concurrent.CompletionException ? e.getCause() : e);
                return;
              }
              try {
                for (CompletableFuture<MsrpResponse> r : responses) {
                  requireSuccess(r.join());
                }
                result.complete(null);
              } catch (MsrpResponseException ex) {
                result.completeExceptionally(ex);
              }
            });
    return result;
  }

  private static void requireSuccess(MsrpResponse r) {
    if (!r.isSuccess()) {
      throw new MsrpResponseException(r);
    }
  }

  private MsrpRequest.Builder headBuilder(String transactionId) {
    return MsrpRequest.builder(MsrpMethod.SEND)
        .transactionId(transactionId)
        .toPath(remotePath)
        .fromPath(List.of(localUri))
        .successReport(SuccessReport.NO)
        .failureReport(FailureReport.YES);
  }

  // Incoming, on the connection's event loop.

  void requestArrived(MsrpConnection c, MsrpRequest request) {
    if (connection == null) {
      connection = c; // the passive side is bound by the first request for the session
    }
    chunkPosition = request.byteRange() == null ? 0 : request.byteRange().start() - 1;
    if (!request.method().equals(MsrpMethod.SEND) || request.contentType() == null) {
      return;
    }
    String id = request.messageId();
    if (id == null) {
      return;
    }
    ByteRange range = request.byteRange();
    long total = range == null ? -1 : range.total();
    IncomingMessage m = incoming.get(id);
    if (m == null) {
      m = new IncomingMessage(id, request.contentType(), total);
      incoming.put(id, m);
      listener.started(this, m);
    } else {
      m.total(total);
    }
  }

  void bytesArrived(MsrpRequest request, ByteBuf slice) {
    IncomingMessage m = request.messageId() == null ? null : incoming.get(request.messageId());
    int n = slice.readableBytes();
    if (m != null && n > 0) {
      listener.bytes(this, m, chunkPosition, slice);
      m.add(n);
    }
    chunkPosition += n;
  }

  void requestEnded(MsrpConnection c, MsrpRequest request, ContinuationFlag flag) {
    if (request.method().equals(MsrpMethod.SEND)) {
      MsrpStack.answer(c, request, 200, "OK");
      IncomingMessage m = request.messageId() == null ? null : incoming.get(request.messageId());
      if (m != null && flag != ContinuationFlag.MORE) {
        incoming.remove(m.messageId());
        listener.completed(this, m, flag == ContinuationFlag.ABORT);
      }
    } else if (!request.method().known()) {
      MsrpStack.answer(c, request, 501, "Not Implemented");
    }
  }

  void connectionClosed(MsrpConnection c) {
    if (connection == c) {
      connection = null;
      listener.closed(this);
    }
  }

  /** Ends the session: it no longer takes requests, and its connection is closed. */
  public void close() {
    stack.remove(this);
    MsrpConnection c = connection;
    if (c != null) {
      c.close();
    }
  }

  @Override
  public String toString() {
    return "MsrpSession[" + localUri + "]";
  }
}
