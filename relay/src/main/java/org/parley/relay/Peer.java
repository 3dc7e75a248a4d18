package org.parley.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.codec.MsrpAnswers;
import org.parley.msrp.codec.MsrpDecodeError;
import org.parley.msrp.transport.MsrpConnection;

/**
 * One connection of the relay, incoming or outgoing: it reads, {@link Router} decides, its {@link
 * Outbound} schedules what is written to it. It holds what it read (in order, as {@link
 * ReadEvent}s, through a queue that holds at most the rest of one socket read while its frame
 * waits: reading stops meanwhile), the Use-Path URIs it holds (managed by {@link Bindings}) and its
 * AUTH state.
 *
 * <p>Reading stops ({@code autoRead} off) while any of three reasons holds: the frame being read
 * waits for its next hop ({@link #WAIT}), the next hop's connection is not writable ({@link
 * #DOWNSTREAM}), or this connection itself is not writable, so that answers to it cannot pile up
 * ({@link #SELF}).
 *
 * <p>Everything here runs on the connection's event loop, except {@link #wake} and {@link
 * #wakeFromDownstream}, which hop onto it.
 */
final class Peer {
  static final int WAIT = 1;
  static final int DOWNSTREAM = 2;
  static final int SELF = 4;

  private final Relay relay;
  private final MsrpConnection connection;
  private final Channel channel;
  private final EventLoop loop;
  private final Outbound out;
  private final Relay.Local local;

  private final ArrayDeque<ReadEvent> queue = new ArrayDeque<>(4); // grows when reads come fast
  private Inbound current;
  private MsrpRequest currentRequest;
  private int pauses;
  private boolean draining;
  private volatile boolean closing;

  private final Nonces nonces = new Nonces();
  private final List<Binding> bindings = new ArrayList<>(2);
  private int authAttempts;
  private boolean succeeded;
  private volatile boolean identifiedRelay;
  private int refused;

  private final Watchdog watchdog;

  Peer(Relay relay, MsrpConnection connection, Relay.Local local) {
    this.relay = relay;
    this.connection = connection;
    this.channel = connection.channel();
    this.loop = channel.eventLoop();
    this.local = local;
    this.out = new Outbound(this, relay.metrics(), relay.limits());
    this.watchdog = new Watchdog(this, relay.limits());
  }

  /** Its clocks: the handler ahead of its decoder. */
  Watchdog watchdog() {
    return watchdog;
  }

  MsrpConnection connection() {
    return connection;
  }

  Channel channel() {
    return channel;
  }

  Outbound out() {
    return out;
  }

  /** The listener it came in on, or null for a connection the relay opened. */
  /** Whether this is a client's connection over a WebSocket listener (RFC 7977). */
  boolean overWebSocket() {
    return local != null && local.ws();
  }

  Relay.Local local() {
    return local;
  }

  boolean outgoing() {
    return local == null;
  }

  boolean open() {
    return !closing && channel.isActive();
  }

  String remote() {
    return String.valueOf(channel.remoteAddress());
  }

  InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  /** The nonces this connection was given (RFC 4976 §6.3: a nonce belongs to its connection). */
  Nonces nonces() {
    return nonces;
  }

  /** Counts an unsuccessful AUTH; returns how many there were in a row. */
  int authFailed() {
    return ++authAttempts;
  }

  /** An AUTH succeeded: the count of unsuccessful ones starts again. */
  void authSucceeded() {
    authAttempts = 0;
    succeeded = true;
    relay.admission().authenticated(channel);
  }

  /**
   * The connection presented the certificate of a configured peer relay: it needs no probation (RFC
   * 4976 §6.1 is about unauthenticated clients).
   */
  void identifiedAsRelay() {
    identifiedRelay = true;
    succeeded = true;
  }

  boolean isIdentifiedRelay() {
    return identifiedRelay;
  }

  /** The Use-Path URIs this connection holds; {@link Bindings} alone changes them. */
  List<Binding> bindings() {
    return bindings;
  }

  /** A request of this connection succeeded: it is past its probation (RFC 4976 §6.1). */
  void succeeded() {
    succeeded = true;
  }

  /** Whether any request of this connection succeeded. */
  boolean hasSucceeded() {
    return succeeded;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** An event from the decoder; a body slice is retained while queued. */
  void event(ReadEvent e) {
    if (closing) {
      return;
    }
    if (e instanceof ReadEvent.Body body) {
      ByteBuf b = body.slice().retain();
      relay.metrics().queued(b.readableBytes());
    }
    queue.add(e);
    if (current instanceof Forward f) {
      f.starved(false);
    }
    drain();
  }

  /** Handles queued events until one must wait. */
  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      ReadEvent e;
      while ((e = queue.peek()) != null) {
        // Read the size first: handle() hands the slice on or releases it.
        long size = e instanceof ReadEvent.Body body ? body.slice().readableBytes() : 0;
        if (!handle(e)) {
          pause(WAIT);
          return;
        }
        queue.poll();
        if (size > 0) {
          relay.metrics().queued(-size);
        }
      }
      unpause(WAIT);
      if (current instanceof Forward f) {
        f.starved(true);
        Outbound t = f.target();
        if (t != null) {
          t.starved(f);
        }
      }
    } finally {
      draining = false;
    }
  }

  private boolean handle(ReadEvent e) {
    if (e instanceof ReadEvent.Head h) {
      head(h);
      return true;
    }
    if (e instanceof ReadEvent.Body body) {
      return current == null ? release(body.slice()) : current.content(body.slice());
    }
    if (e instanceof ReadEvent.End end) {
      return end(end.flag());
    }
    if (current != null && current != Inbound.DISCARD && !end(ContinuationFlag.ABORT)) {
      return false; // an error after a head (the input ended mid-frame): abort what was relayed
    }
    decodeError(((ReadEvent.Broken) e).error());
    return true;
  }

  private boolean end(ContinuationFlag flag) {
    Inbound in = current;
    if (in != null && !in.end(flag)) {
      return false;
    }
    ended(in);
    return true;
  }

  private static boolean release(ByteBuf b) {
    b.release();
    return true;
  }

  private void head(ReadEvent.Head h) {
    watchdog.headRead();
    if (h.head() instanceof MsrpResponse response) {
      relay.responses().handle(this, response);
      current = Inbound.DISCARD;
      currentRequest = null;
      return;
    }
    MsrpRequest request = (MsrpRequest) h.head();
    currentRequest = request;
    current = relay.router().route(this, request);
  }

  private void ended(Inbound in) {
    watchdog.frameEnded();
    MsrpRequest request = currentRequest;
    current = null;
    currentRequest = null;
    if (in instanceof Forward f) {
      if (f.cut()) {
        // Stopped on its way (a bad Byte-Range, a body or a time past its bound): the sender's.
        if (f.refusal() != 0 && !f.isUpstreamGone()) {
          answer(request, f.refusal(), f.refusalReason());
        }
        return;
      }
      if (f.send() && request.failureReport() == FailureReport.YES && !f.isUpstreamGone()) {
        // SEND is acknowledged hop by hop, as soon as it is received (RFC 4976 §6.4.1).
        out.sendWhole(MsrpResponse.to(request, 200, "OK"));
      }
      f.reportFailure();
    } else if (in instanceof Authenticator.AuthFrame auth) {
      relay.authenticator().handle(this, auth.request());
    }
  }

  /** A frame the decoder refused: answered and/or closed as {@link MsrpAnswers#toError} says. */
  private void decodeError(MsrpDecodeError e) {
    relay.log().decodeError(this, e);
    current = null;
    watchdog.frameEnded();
    MsrpUri self = localOf();
    MsrpAnswers.Verdict v = MsrpAnswers.toError(e, self);
    if (v.response() != null) {
      relay.metrics().error(v.response().code(), false);
      CompletableFuture<Void> sent = out.sendWholeThen(v.response());
      if (v.close()) {
        sent.whenComplete((x, error) -> loop.execute(() -> close(e.rule().grammar())));
      } else {
        countFailure();
      }
    } else if (v.close()) {
      close(e.rule().grammar());
    }
  }

  /** The URI this relay answers as on this connection when a broken request names none. */
  private MsrpUri localOf() {
    return relay.localFor(this).uri();
  }

  /**
   * A request refused before any succeeded: after {@link RelayLimits#maxAuthAttempts} of them the
   * connection is closed (RFC 4976 §6.1: several unsuccessful requests in the probation period).
   */
  void countFailure() {
    if (!succeeded && !outgoing() && ++refused >= relay.limits().maxAuthAttempts()) {
      close("too many refused requests before any succeeded");
    }
  }

  /** Answers a request this relay refuses, as RFC 4975 §7.2 says ({@link MsrpAnswers#to}). */
  void answer(MsrpRequest request, int code, String comment) {
    relay.metrics().error(code, false);
    MsrpResponse r = MsrpAnswers.to(request, code, comment);
    if (r != null) {
      out.sendWhole(r);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Backpressure

  void pause(int reason) {
    int before = pauses;
    pauses |= reason;
    if (before == 0) {
      relay.pausedChanged(1);
      if (!closing) {
        channel.config().setAutoRead(false);
      }
    }
  }

  void unpause(int reason) {
    int before = pauses;
    pauses &= ~reason;
    if (before != 0 && pauses == 0) {
      relay.pausedChanged(-1);
      if (!closing) {
        channel.config().setAutoRead(true);
      }
    }
  }

  /**
   * The frame being read may go on (its slot was granted, its next hop connected or failed). Always
   * a task, never a call: callers may hold an {@link Outbound}'s monitor, and a drain takes others.
   */
  void wake() {
    loop.execute(this::drain);
  }

  /** The next hop is writable again. */
  void wakeFromDownstream() {
    loop.execute(() -> unpause(DOWNSTREAM));
  }

  /** This connection's writability changed. */
  void writabilityChanged() {
    if (channel.isWritable()) {
      unpause(SELF);
    } else {
      pause(SELF);
    }
    out.writabilityChanged();
  }

  /** Closes the connection for a reason worth a log line. */
  void close(String reason) {
    if (!closing && channel.isActive()) {
      relay.log().dropped(this, reason);
      relay.metrics().connectionsDropped.increment();
      channel.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  /** The connection is closed: what it was relaying ends, its bindings go. */
  void closed() {
    if (closing) {
      return;
    }
    closing = true;
    watchdog.stop();
    // What was read but not yet relayed is dropped, except that a frame in progress is ended with
    // '#' downstream: nothing more of it can come.
    for (ReadEvent e : queue) {
      if (e instanceof ReadEvent.Body body) {
        relay.metrics().queued(-body.slice().readableBytes());
        body.slice().release();
      }
    }
    queue.clear();
    if (current instanceof Forward f) {
      f.upstreamGone();
      queue.add(new ReadEvent.End(ContinuationFlag.ABORT)); // it goes when its slot is granted
      drain();
    }
    // A frame still waiting for its slot keeps its WAIT pause until it is granted and drained.
    int keep = queue.isEmpty() ? 0 : (pauses & WAIT);
    if (pauses != 0 && keep == 0) {
      relay.pausedChanged(-1);
    }
    pauses = keep;
    out.closed();
    relay.bindings().closed(this);
    relay.peerClosed(this);
  }

  /**
   * The relay shuts down: the SEND being read and every SEND forwarded on this connection and not
   * yet answered get a failure REPORT (408) when Failure-Report asks for one.
   *
   * @return the REPORTs' writes
   */
  List<CompletableFuture<Void>> shutdown() {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    if (current instanceof Forward f && !f.ended()) {
      writes.add(f.report(408, "Relay Shutting Down"));
    }
    for (Pending p : out.transactions().takeAll()) {
      writes.add(p.forward.report(408, "Relay Shutting Down"));
    }
    return writes;
  }
}
