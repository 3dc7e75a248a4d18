package org.parley.msrp;

/**
 * Input that breaks a rule of RFC 4975. It names the {@link MsrpRule} and the offset of the
 * offending character in the text that was parsed (for a header value, counted from the value's
 * first character).
 */
public final class MsrpSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final MsrpRule rule;
  private final int offset;
  private final String detail;

  public MsrpSyntaxException(MsrpRule rule, int offset, String detail) {
    super(rule.grammar() + ": " + detail + " (at offset " + offset + ")");
    this.rule = rule;
    this.offset = offset;
    this.detail = detail;
  }

  /** The rule broken. */
  public MsrpRule rule() {
    return rule;
  }

  /** Offset of the offending character in the parsed text. */
  public int offset() {
    return offset;
  }

  /** What is wrong, in words, without the rule or the offset. */
  public String detail() {
    return detail;
  }
}
