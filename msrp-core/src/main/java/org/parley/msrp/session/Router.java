package org.parley.msrp.session;

import io.netty.buffer.ByteBuf;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.codec.MsrpAnswers;
import org.parley.msrp.codec.MsrpDecodeError;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;

/**
 * What every connection of one {@link MsrpStack} hears, sent where it belongs: a response to the
 * transaction it answers, a request to the inbox of the session the first URI of its To-Path names
 * (481 when there is none, or when the sender may not use it: RFC 4975 §7.3), its body and end-line
 * to the same inbox, a decoding error to its answer or a closed connection (never silence), and a
 * closed connection to everything that used it. Runs on the connection's event loop.
 */
final class Router implements FrameHandler {
  /** What each connection is receiving; created by its first request, used on its event loop. */
  private static final AttributeKey<InboundConnection> INBOUND =
      AttributeKey.valueOf("parley.msrp.inbound");

  private final MsrpStack stack;

  Router(MsrpStack stack) {
    this.stack = stack;
  }

  @Override
  public void head(MsrpConnection c, MsrpHead head) {
    InboundConnection in = c.channel().attr(INBOUND).get();
    if (in != null) {
      in.current = null;
    }
    if (head instanceof MsrpResponse) {
      stack.transactions().answered((MsrpResponse) head);
      return;
    }
    MsrpRequest request = (MsrpRequest) head;
    MsrpSession session = stack.find(request.toPath().get(0));
    if (session == null) {
      SessionInbox.answer(c, request, 481, "Session Does Not Exist");
      return;
    }
    SessionInbox inbox = session.inbox();
    if (!inbox.mayCome(c, request)) {
      // Not the peer the session was set up with, or not over its connection: for this sender
      // the session does not exist (RFC 4975 §7.3). The frame's body is skipped.
      SessionInbox.answer(c, request, 481, "Session Does Not Exist");
      return;
    }
    if (in == null) {
      in = new InboundConnection(c);
      c.channel().attr(INBOUND).set(in);
    }
    InboundFrame f = new InboundFrame(in, inbox, request);
    in.current = f;
    inbox.requestArrived(f);
  }

  @Override
  public void content(MsrpConnection c, ByteBuf slice) {
    InboundConnection in = c.channel().attr(INBOUND).get();
    InboundFrame f = in == null ? null : in.current;
    if (f != null) {
      f.inbox.bytesArrived(f, slice);
    }
  }

  @Override
  public void end(MsrpConnection c, ContinuationFlag flag) {
    InboundConnection in = c.channel().attr(INBOUND).get();
    InboundFrame f = in == null ? null : in.current;
    if (f != null) {
      in.current = null;
      f.inbox.requestEnded(f, flag);
    }
  }

  /** A frame the decoder refused gets its answer, or the connection is closed (no silence). */
  @Override
  public void error(MsrpConnection c, MsrpDecodeError error) {
    InboundConnection in = c.channel().attr(INBOUND).get();
    if (in != null && error.action() != MsrpDecodeError.Action.CLOSE) {
      in.current = null; // errors in a head: a frame cut off mid-body is aborted at the close
    }
    MsrpAnswers.Verdict v = MsrpAnswers.toError(error, selfUri(c));
    if (v.response() != null && v.close()) {
      c.send(v.response(), null, ContinuationFlag.END).whenComplete((x, e) -> c.close());
    } else if (v.response() != null) {
      c.send(v.response(), null, ContinuationFlag.END);
    } else if (v.close()) {
      c.close();
    }
  }

  @Override
  public void closed(MsrpConnection c) {
    InboundConnection in = c.channel().attr(INBOUND).getAndSet(null);
    if (in != null) {
      in.closed(); // aborts only what this connection leaves unfinished
    }
    stack.shared().connectionClosed(c);
    stack.transactions().connectionClosed(c);
    for (MsrpSession s : stack.sessions()) {
      s.link().connectionClosed(c);
    }
  }

  /**
   * The URI this side answers as on {@code c} when a broken request names none: the connection's
   * local address, without a session-id.
   */
  private static MsrpUri selfUri(MsrpConnection c) {
    InetSocketAddress local = c.localAddress();
    String host = local.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return MsrpUri.builder(host).secure(c.secure()).port(local.getPort()).build();
  }
}
