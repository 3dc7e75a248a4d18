package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.codec.MsrpDecodeError;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpListener;
import org.parley.msrp.transport.MsrpTransport;

/**
 * A passive MSRP peer that checks RFC 4975 §7.1's header rules on every request it reads, as strict
 * peers (msrp-java among them) do, records every frame, and answers each request with 200 when its
 * end-line arrives (as Failure-Report allows). The rules: To-Path and From-Path on every request; a
 * Message-ID on every SEND and REPORT (§7.1.1, §7.1.2); a Byte-Range on every SEND; a Content-Type
 * on a SEND with a body; a Status on a REPORT; a body that fits its Byte-Range (as many bytes as
 * {@code end - start + 1} when the end is known, the message's total reached when the chunk ends
 * with {@code $}). The codec checks that the end-line's transaction id is the start line's.
 */
final class StrictPeer implements FrameHandler, AutoCloseable {
  /** A request as read: its head, its body and the flag that ended it. */
  record Frame(MsrpRequest request, byte[] body, ContinuationFlag flag) {}

  final MsrpTransport transport = MsrpTransport.builder().build();
  final MsrpListener listener;
  final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  final List<String> violations = new CopyOnWriteArrayList<>();
  final BlockingQueue<MsrpResponse> responses = new LinkedBlockingQueue<>();
  private final Map<MsrpConnection, Reading> reading = new ConcurrentHashMap<>();
  volatile MsrpConnection connection;

  /** When set, the peer stops reading at the head of a streamed chunk (Byte-Range end *). */
  volatile boolean pauseOnStream;

  final java.util.concurrent.CompletableFuture<MsrpConnection> paused =
      new java.util.concurrent.CompletableFuture<>();

  private static final class Reading {
    final MsrpRequest request;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Reading(MsrpRequest request) {
      this.request = request;
    }
  }

  StrictPeer() {
    listener = transport.listen(new InetSocketAddress("127.0.0.1", 0), null, this).join();
  }

  MsrpUri uri(String sessionId) {
    return MsrpUri.parse(
        "msrp://127.0.0.1:" + listener.localAddress().getPort() + "/" + sessionId + ";tcp");
  }

  /** The next request read, within a generous bound. */
  Frame next() throws InterruptedException {
    Frame f = frames.poll(30, TimeUnit.SECONDS);
    if (f == null) {
      throw new AssertionError("no request within 30 s");
    }
    return f;
  }

  @Override
  public void head(MsrpConnection c, MsrpHead head) {
    connection = c;
    if (head instanceof MsrpResponse) {
      responses.add((MsrpResponse) head);
      return;
    }
    MsrpRequest r = (MsrpRequest) head;
    String what = r.method() + " " + r.transactionId();
    if (r.toPath().isEmpty() || r.fromPath().isEmpty()) {
      violations.add(what + ": no To-Path or From-Path");
    }
    boolean send = r.method().equals(MsrpMethod.SEND);
    boolean report = r.method().equals(MsrpMethod.REPORT);
    if ((send || report) && r.messageId() == null) {
      violations.add(what + ": no Message-ID");
    }
    if (send && r.byteRange() == null) {
      violations.add(what + ": no Byte-Range");
    }
    if (report && r.headers().status() == null) {
      violations.add(what + ": no Status");
    }
    reading.put(c, new Reading(r));
    if (pauseOnStream
        && send
        && r.byteRange() != null
        && r.byteRange().end() == ByteRange.UNKNOWN) {
      pauseOnStream = false;
      c.channel().config().setAutoRead(false);
      paused.complete(c);
    }
  }

  /** Reads again after {@link #pauseOnStream} stopped it. */
  void resume() {
    paused.join().channel().config().setAutoRead(true);
  }

  @Override
  public void content(MsrpConnection c, ByteBuf slice) {
    Reading in = reading.get(c);
    if (in == null) {
      return; // a response's (none has a body we keep)
    }
    byte[] b = new byte[slice.readableBytes()];
    slice.getBytes(slice.readerIndex(), b);
    in.body.writeBytes(b);
  }

  @Override
  public void end(MsrpConnection c, ContinuationFlag flag) {
    Reading in = reading.remove(c);
    if (in == null) {
      return; // the end-line of a response
    }
    MsrpRequest r = in.request;
    byte[] body = in.body.toByteArray();
    String what = r.method() + " " + r.transactionId();
    ByteRange range = r.byteRange();
    if (r.method().equals(MsrpMethod.SEND)) {
      if (body.length > 0 && r.contentType() == null) {
        violations.add(what + ": a body without Content-Type");
      }
      if (range != null && range.end() != ByteRange.UNKNOWN && flag != ContinuationFlag.ABORT) {
        long expected = range.end() - range.start() + 1;
        if (expected != body.length) {
          violations.add(what + ": Byte-Range " + range + " but " + body.length + " bytes");
        }
      }
      if (range != null && flag == ContinuationFlag.END && range.total() != ByteRange.UNKNOWN) {
        if (range.start() - 1 + body.length != range.total()) {
          violations.add(what + ": ends the message with $ short of its total " + range);
        }
      }
    }
    frames.add(new Frame(r, body, flag));
    FailureReport fr = r.failureReport();
    if (!r.method().equals(MsrpMethod.REPORT) && fr == FailureReport.YES) {
      c.send(MsrpResponse.to(r, 200, "OK"), null, ContinuationFlag.END);
    }
  }

  @Override
  public void error(MsrpConnection c, MsrpDecodeError error) {
    violations.add("decode error: " + error);
  }

  @Override
  public void close() {
    listener.close();
    transport.close();
  }
}
