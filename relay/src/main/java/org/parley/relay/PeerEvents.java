package org.parley.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.codec.MsrpDecodeError;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;

/**
 * What every connection of the relay hears, handed to its {@link Peer} as {@link ReadEvent}s; one
 * for the connections clients and peer relays open, one for those the relay opens to next hops.
 * Runs on the connection's event loop.
 */
final class PeerEvents implements FrameHandler {
  private final Relay relay;
  private final boolean isIncoming;

  PeerEvents(Relay relay, boolean isIncoming) {
    this.relay = relay;
    this.isIncoming = isIncoming;
  }

  @Override
  public boolean admit(Channel channel) {
    return relay.admission().admit(channel);
  }

  @Override
  public void opened(MsrpConnection c) {
    relay.opened(c, isIncoming);
  }

  @Override
  public void head(MsrpConnection c, MsrpHead head) {
    Peer p = relay.peer(c);
    if (p != null) {
      p.event(new ReadEvent.Head(head));
    }
  }

  @Override
  public void content(MsrpConnection c, ByteBuf slice) {
    Peer p = relay.peer(c);
    if (p != null) {
      p.event(new ReadEvent.Body(slice));
    }
  }

  @Override
  public void end(MsrpConnection c, ContinuationFlag flag) {
    Peer p = relay.peer(c);
    if (p != null) {
      p.event(new ReadEvent.End(flag));
    }
  }

  @Override
  public void error(MsrpConnection c, MsrpDecodeError error) {
    Peer p = relay.peer(c);
    if (p != null) {
      p.event(new ReadEvent.Broken(error));
    }
  }

  @Override
  public void writabilityChanged(MsrpConnection c) {
    Peer p = relay.peer(c);
    if (p != null) {
      p.writabilityChanged();
    }
  }

  @Override
  public void closed(MsrpConnection c) {
    Peer p = relay.peer(c);
    if (p != null) {
      p.closed();
    }
  }
}
