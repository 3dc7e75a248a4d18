package org.parley.msrp.session;

import java.util.Objects;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.FailureReport;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;

/**
 * How a message is sent (RFC 4975 §7.1.2): the Success-Report and Failure-Report it asks for, and
 * its Message-ID.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Name</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>successReport</td><td>no</td><td>the receiver sends a REPORT with {@code 000 200}
 *       when the whole message arrived</td></tr>
 *   <tr><td>failureReport</td><td>yes</td><td>yes: every chunk is answered and the send waits
 *       for the 200s; partial: only errors are answered; no: nothing is answered</td></tr>
 *   <tr><td>messageId</td><td>random</td><td>the Message-ID of every chunk</td></tr>
 *   <tr><td>progress</td><td>none</td><td>called with the body bytes done so far: answered
 *       with 200 for Failure-Report {@code yes}, written to the socket otherwise</td></tr>
 * </table>
 */
public final class SendOptions {
  /** Success-Report no, Failure-Report yes, a random Message-ID. */
  public static final SendOptions DEFAULT = builder().build();

  private final SuccessReport successReport;
  private final FailureReport failureReport;
  private final @Nullable String messageId;
  private final @Nullable LongConsumer progress;

  private SendOptions(Builder b) {
    this.successReport = b.successReport;
    this.failureReport = b.failureReport;
    this.messageId = b.messageId;
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  public SuccessReport successReport() {
    return successReport;
  }

  public FailureReport failureReport() {
    return failureReport;
  }

  /** The Message-ID to use, or null for a fresh random one per message. */
  public @Nullable String messageId() {
    return messageId;
  }

  /** What hears the bytes done so far, or null. */
  public @Nullable LongConsumer progress() {
    return progress;
  }

  /** Builds {@link SendOptions}. */
  public static final class Builder {
    private SuccessReport successReport = SuccessReport.NO;
    private FailureReport failureReport = FailureReport.YES;
    private @Nullable String messageId;
    private @Nullable LongConsumer progress;

    private Builder() {}

    public Builder successReport(SuccessReport r) {
      this.successReport = Objects.requireNonNull(r);
      return this;
    }

    public Builder failureReport(FailureReport r) {
      this.failureReport = Objects.requireNonNull(r);
      return this;
    }

    /**
     * A Message-ID of the sender's choice.
     *
     * @throws org.parley.msrp.MsrpSyntaxException when it is not an {@code ident}
     */
    public Builder messageId(@Nullable String id) {
      this.messageId = id == null ? null : TransactionIds.check(id);
      return this;
    }

    /**
     * Hears how many body bytes of the message are done (a running total, growing): answered with
     * 200 for Failure-Report {@code yes}, handed to the socket for {@code partial} and {@code no}.
     * Called on the connection's event loop once per chunk: keep it short, do not block.
     */
    public Builder progress(LongConsumer progress) {
      this.progress = progress;
      return this;
    }

    public SendOptions build() {
      return new SendOptions(this);
    }
  }
}
