package org.parley.msrp.session;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpTls;

/**
 * The connection an {@link MsrpSession} is bound to, over the session's life: the active side's
 * connect and binding SEND (RFC 4975 §5.4), the passive side's binding by the first request,
 * whether the connection is the session's own, shared with the stack's other sessions or the
 * peer's, the keep-alive, the read suspension, and what closing the session does to the connection.
 * The only owner of that state; its methods may be called from any thread.
 */
final class SessionConnection {
  private static final AtomicReferenceFieldUpdater<SessionConnection, MsrpConnection> SUSPENDED =
      AtomicReferenceFieldUpdater.newUpdater(
          SessionConnection.class, MsrpConnection.class, "suspended");

  private final MsrpSession session;
  private volatile @Nullable MsrpConnection connection;

  // Made when first asked for, as most sessions never are (guarded by this).
  private @Nullable CompletableFuture<Void> boundFuture;
  private boolean everBound;
  private boolean closed;
  private volatile boolean own;
  private volatile boolean connectedByUs;

  /** {@code true} while the session holds one of the stack's counts on a shared connection. */
  private volatile boolean leased;

  /** The connection the session stopped reading from, or null (see {@link #suspendReading}). */
  private volatile @Nullable MsrpConnection suspended; // through SUSPENDED: no object per session

  private volatile @Nullable KeepAlive keepAlive;

  /** Why the last connection closed under the session, or null (see {@link #closeCause}). */
  private volatile @Nullable Throwable closeCause;

  SessionConnection(MsrpSession session) {
    this.session = session;
  }

  @Nullable MsrpConnection connection() {
    return connection;
  }

  void own(boolean own) {
    this.own = own;
  }

  CompletableFuture<Void> bound() {
    synchronized (this) {
      if (boundFuture == null) {
        boundFuture = new CompletableFuture<>();
        if (everBound) {
          boundFuture.complete(null);
        } else if (closed) {
          boundFuture.completeExceptionally(closedBeforeBound());
        }
      }
      return boundFuture;
    }
  }

  private static IllegalStateException closedBeforeBound() {
    return new IllegalStateException("the session was closed before it was bound");
  }

  private void markBound() {
    CompletableFuture<Void> b;
    synchronized (this) {
      everBound = true;
      b = boundFuture;
    }
    if (b != null) {
      b.complete(null);
    }
  }

  /** The passive side is bound by the first request that arrives for it. */
  void boundBy(MsrpConnection c) {
    if (connection == null) {
      connection = c;
      markBound();
    }
  }

  /**
   * Connects (or takes a shared connection) and binds it with an empty SEND. A shared connection
   * the peer closed just before the bind went out (it had no session left on it) is no failure of
   * ours: the bind is tried once more on a fresh connection.
   */
  CompletableFuture<Void> bind(InetSocketAddress address, @Nullable MsrpTls tls, boolean mayRetry) {
    boolean ownOne = own;
    MsrpStack stack = session.stack();
    SharedConnections.Lease lease = stack.shared().lease(address, tls, ownOne);
    // Only a connection that was open already can have been closed by the peer under us (a fresh
    // connect may also be done by now, on loopback: that is no reason to try again).
    boolean reused = lease.reused();
    return lease
        .future()
        .thenCompose(
            c -> {
              connection = c;
              connectedByUs = true;
              leased = !ownOne;
              return stack
                  .transactions()
                  .request(c, session.emptySend(), null, ContinuationFlag.END)
                  .response();
            })
        .handle(
            (r, e) -> {
              if (e == null) {
                requireSuccess(r);
                markBound();
                return CompletableFuture.<Void>completedFuture(null);
              }
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              MsrpConnection c = connection;
              if (mayRetry
                  && reused
                  && !ownOne
                  && c != null
                  && !c.isOpen()
                  && cause instanceof ClosedChannelException) {
                stack.shared().release(c);
                leased = false;
                connection = null;
                return bind(address, tls, false);
              }
              return CompletableFuture.<Void>failedFuture(cause);
            })
        .thenCompose(f -> f);
  }

  static void requireSuccess(MsrpResponse r) {
    if (!r.isSuccess()) {
      throw new MsrpResponseException(r);
    }
  }

  void connectionClosed(MsrpConnection c) {
    if (connection == c) {
      closeCause = c.closeCause();
      connection = null;
      keepAlive(null, null);
      SUSPENDED.compareAndSet(this, c, null); // the count goes with the connection
      session.listener().closed(session);
    }
  }

  void suspendReading() {
    MsrpConnection c = connection;
    if (c != null && SUSPENDED.compareAndSet(this, null, c)) {
      ReadSuspensions.suspend(c);
    }
  }

  void resumeReading() {
    MsrpConnection c = SUSPENDED.getAndSet(this, null);
    if (c != null) {
      ReadSuspensions.resume(c);
    }
  }

  boolean readingSuspended() {
    return suspended != null;
  }

  /** See {@link MsrpSession#closeCause}. */
  @Nullable Throwable closeCause() {
    return closeCause;
  }

  /** See {@link MsrpSession#keepAlive(Duration, Duration)}; null stops. */
  void keepAlive(@Nullable Duration interval, @Nullable Duration timeout) {
    KeepAlive previous = keepAlive;
    if (previous != null) {
      previous.stop();
      keepAlive = null;
    }
    if (interval == null || timeout == null) {
      return;
    }
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "a keep-alive interval and time-out are positive: " + interval + ", " + timeout);
    }
    MsrpConnection c = connection;
    if (c == null) {
      throw new IllegalStateException("the session is not connected");
    }
    if (session.remotePath().isEmpty()) {
      throw new IllegalStateException("the session has no remote path to send keep-alives to");
    }
    keepAlive = new KeepAlive(session, c, interval, timeout);
  }

  /** The session closed: its connection is let go of as its kind says. */
  void close() {
    CompletableFuture<Void> b;
    synchronized (this) {
      closed = true;
      b = boundFuture;
    }
    if (b != null) {
      b.completeExceptionally(closedBeforeBound());
    }
    keepAlive(null, null);
    resumeReading();
    MsrpStack stack = session.stack();
    stack.remove(session);
    MsrpConnection c = connection;
    if (c == null) {
      return;
    }
    // A shared connection we connected: the last holder closes it. Our own: closed. One the peer
    // connected (we were bound by its request) is the peer's to close: it may be binding its next
    // session on it right now. If no session of ours is on it a while later, the stack closes it.
    if (leased) {
      leased = false;
      stack.shared().release(c);
      return;
    }
    if (own && connectedByUs) {
      c.close();
    } else if (!stack.usedByOthers(c, session)) {
      stack.shared().closeWhenUnused(c, used -> stack.usedByOthers(used, null));
    }
  }
}
