package org.parley.msrp.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpUri;

/**
 * Emitted by the {@link MsrpDecoder} in place of a frame that breaks a rule. It names the rule, the
 * offset of the offending byte counted from the first byte the decoder read on this connection, and
 * what RFC 4975 asks the connection to do about it ({@link #action}).
 */
public final class MsrpDecodeError {
  /** What the connection layer should do. */
  public enum Action {
    /**
     * The frame was a request whose transaction id is known: answer it with 400 (RFC 4975 §7.2).
     * The decoder has skipped the frame and goes on with the next one.
     */
    RESPOND_400,
    /**
     * The request is larger than the receiver accepts: answer it with 413 (RFC 4975 §7.2); the rest
     * of the frame is dropped.
     */
    RESPOND_413,
    /** The frame was a response; it is dropped (responses are never answered). */
    DISCARD,
    /**
     * Framing is lost (the start line or the end-line is broken, or the input ended mid-frame):
     * close the connection. The decoder ignores any further input.
     */
    CLOSE
  }

  private final MsrpRule rule;
  private final long offset;
  private final String detail;
  private final Action action;
  private final @Nullable String transactionId;
  private final List<MsrpUri> toPath;
  private final List<MsrpUri> fromPath;

  /** An error; the decoder and the aggregators make these. */
  public MsrpDecodeError(
      MsrpRule rule,
      long offset,
      String detail,
      Action action,
      @Nullable String transactionId,
      List<MsrpUri> toPath,
      List<MsrpUri> fromPath) {
    this.rule = rule;
    this.offset = offset;
    this.detail = detail;
    this.action = action;
    this.transactionId = transactionId;
    this.toPath = toPath;
    this.fromPath = fromPath;
  }

  /** The rule broken. */
  public MsrpRule rule() {
    return rule;
  }

  /** Offset of the offending byte in the connection's input, from 0. */
  public long offset() {
    return offset;
  }

  /** What is wrong, in words. */
  public String detail() {
    return detail;
  }

  public Action action() {
    return action;
  }

  /** The frame's transaction id, or null when the start line could not be read. */
  public @Nullable String transactionId() {
    return transactionId;
  }

  /** The frame's To-Path if it was read before the error, else empty. */
  public List<MsrpUri> toPath() {
    return toPath;
  }

  /** The frame's From-Path if it was read before the error, else empty. */
  public List<MsrpUri> fromPath() {
    return fromPath;
  }

  @Override
  public String toString() {
    return rule.grammar() + ": " + detail + " at byte " + offset + " (" + action + ")";
  }
}
