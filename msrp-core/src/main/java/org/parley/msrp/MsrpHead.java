package org.parley.msrp;

import java.util.List;

/**
 * The start line and headers of a frame: an {@link MsrpRequest} or an {@link MsrpResponse}. The
 * decoder emits the head as soon as its headers are complete; the body follows as {@code ByteBuf}
 * slices and the frame ends with its {@link ContinuationFlag}.
 */
public sealed interface MsrpHead permits MsrpRequest, MsrpResponse {
  /** {@code transact-id}. */
  String transactionId();

  /** The header block, in wire order. */
  MsrpHeaders headers();

  /** To-Path. */
  default List<MsrpUri> toPath() {
    return headers().toPath();
  }

  /** From-Path. */
  default List<MsrpUri> fromPath() {
    return headers().fromPath();
  }
}
