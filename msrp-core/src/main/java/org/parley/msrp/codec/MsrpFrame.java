package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;

/**
 * One whole frame: head, body and the end-line's flag. Made by the {@link MsrpChunkAggregator} for
 * applications that want frames whole, and accepted by the {@link MsrpEncoder}. Holds its body;
 * whoever ends up with a frame releases it.
 */
public final class MsrpFrame extends DefaultByteBufHolder {
  private final MsrpHead head;
  private final boolean hasBody;
  private final ContinuationFlag flag;

  /**
   * A frame.
   *
   * @param hasBody whether the frame has a body section (a blank line after the headers); false for
   *     requests and responses without one, whose content must then be empty
   */
  public MsrpFrame(MsrpHead head, ByteBuf content, boolean hasBody, ContinuationFlag flag) {
    super(content);
    if (!hasBody && content.isReadable()) {
      throw new IllegalArgumentException("a frame without a body section has no content");
    }
    this.head = head;
    this.hasBody = hasBody;
    this.flag = flag;
  }

  public MsrpHead head() {
    return head;
  }

  /** Whether the frame has a body section (possibly empty). */
  public boolean hasBody() {
    return hasBody;
  }

  public ContinuationFlag flag() {
    return flag;
  }

  @Override
  public MsrpFrame replace(ByteBuf content) {
    return new MsrpFrame(head, content, hasBody, flag);
  }

  @Override
  public MsrpFrame copy() {
    return replace(content().copy());
  }

  @Override
  public MsrpFrame duplicate() {
    return replace(content().duplicate());
  }

  @Override
  public MsrpFrame retainedDuplicate() {
    return replace(content().retainedDuplicate());
  }

  @Override
  public MsrpFrame retain() {
    super.retain();
    return this;
  }

  @Override
  public MsrpFrame retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public MsrpFrame touch() {
    super.touch();
    return this;
  }

  @Override
  public MsrpFrame touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return head + " [" + content().readableBytes() + " bytes] " + flag.symbol();
  }
}
