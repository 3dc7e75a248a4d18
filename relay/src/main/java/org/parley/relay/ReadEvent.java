package org.parley.relay;

import io.netty.buffer.ByteBuf;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.codec.MsrpDecodeError;

/** What the decoder hands a {@link Peer}, queued in order while the frame being read waits. */
sealed interface ReadEvent {
  /** A frame's start line and headers. */
  record Head(MsrpHead head) implements ReadEvent {}

  /** A slice of a frame's body; its reference is the queue's while queued. */
  record Body(ByteBuf slice) implements ReadEvent {}

  /** A frame's end-line. */
  record End(ContinuationFlag flag) implements ReadEvent {}

  /** A frame the decoder refused. */
  record Broken(MsrpDecodeError error) implements ReadEvent {}
}
