package org.parley.im.cpim;

/**
 * Input that breaks a rule of RFC 3862. It names the {@link CpimRule} and the offset of the
 * offending byte (UTF-8 bytes): in a parsed message, counted from the message's first byte; for a
 * header added to {@link CpimMessage.Builder}, from the first byte of the line it makes ({@code
 * name ":" params SP value}); for a value given to a factory ({@link CpimAddress#of}, {@link
 * MimeHeader#of}), from that value's first byte.
 */
public final class CpimSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final CpimRule rule;
  private final int offset;
  private final String detail;

  /** An error of {@code rule} at {@code offset}; {@code detail} says what is wrong. */
  public CpimSyntaxException(CpimRule rule, int offset, String detail) {
    super(rule.grammar() + ": " + detail + " (at offset " + offset + ")");
    this.rule = rule;
    this.offset = offset;
    this.detail = detail;
  }

  /** The rule broken. */
  public CpimRule rule() {
    return rule;
  }

  /** Offset of the offending byte. */
  public int offset() {
    return offset;
  }

  /** What is wrong, in words, without the rule or the offset. */
  public String detail() {
    return detail;
  }
}
