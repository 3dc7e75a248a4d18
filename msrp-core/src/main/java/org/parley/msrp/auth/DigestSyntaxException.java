package org.parley.msrp.auth;

/**
 * A digest header value that breaks a rule of RFC 4976 §7 / RFC 2617, or asks for what RFC 4976
 * §9.1 forbids (Basic, MD5-sess, auth-int). It names the {@link DigestRule} and the offset of the
 * offending character in the value (-1 when the error is about the value as a whole).
 */
public final class DigestSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final DigestRule rule;
  private final int offset;
  private final String detail;

  public DigestSyntaxException(DigestRule rule, int offset, String detail) {
    super(rule.grammar() + ": " + detail + " (at offset " + offset + ")");
    this.rule = rule;
    this.offset = offset;
    this.detail = detail;
  }

  /** The rule broken. */
  public DigestRule rule() {
    return rule;
  }

  /** Offset of the offending character in the header value, or -1. */
  public int offset() {
    return offset;
  }

  /** What is wrong, in words, without the rule or the offset. */
  public String detail() {
    return detail;
  }
}
