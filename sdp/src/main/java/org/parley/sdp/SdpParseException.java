package org.parley.sdp;

/**
 * A session description that breaks a rule of RFC 8866 or of a message-media attribute. It names
 * the 1-based line number ({@code 0} when the text was not parsed from a description), the {@link
 * SdpRule} and what is wrong.
 */
public final class SdpParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int lineNumber;
  private final SdpRule rule;
  private final String detail;

  public SdpParseException(int lineNumber, SdpRule rule, String detail) {
    super((lineNumber > 0 ? "line " + lineNumber + ": " : "") + rule.grammar() + ": " + detail);
    this.lineNumber = lineNumber;
    this.rule = rule;
    this.detail = detail;
  }

  /** The 1-based number of the offending line, or {@code 0} for a value that was not parsed. */
  public int lineNumber() {
    return lineNumber;
  }

  /** The rule broken. */
  public SdpRule rule() {
    return rule;
  }

  /** What is wrong, in words, without the line number or the rule. */
  public String detail() {
    return detail;
  }
}
