package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpRequest;

/**
 * A whole message joined from its chunks by the {@link MsrpMessageAggregator}: the first chunk's
 * head, every byte in order, and how the message ended ({@link ContinuationFlag#END}, or {@link
 * ContinuationFlag#ABORT} with the bytes received until then).
 */
public final class MsrpMessage extends DefaultByteBufHolder {
  private final MsrpRequest head;
  private final ContinuationFlag end;

  public MsrpMessage(MsrpRequest head, ByteBuf content, ContinuationFlag end) {
    super(content);
    this.head = head;
    this.end = end;
  }

  /** The head of the first chunk that arrived. */
  public MsrpRequest head() {
    return head;
  }

  /** Message-ID. */
  public @Nullable String messageId() {
    return head.messageId();
  }

  /** {@link ContinuationFlag#END} for a complete message, {@link ContinuationFlag#ABORT} else. */
  public ContinuationFlag end() {
    return end;
  }

  @Override
  public MsrpMessage replace(ByteBuf content) {
    return new MsrpMessage(head, content, end);
  }

  @Override
  public MsrpMessage retain() {
    super.retain();
    return this;
  }

  @Override
  public String toString() {
    return "MsrpMessage[" + messageId() + ", " + content().readableBytes() + " bytes, " + end + "]";
  }
}
