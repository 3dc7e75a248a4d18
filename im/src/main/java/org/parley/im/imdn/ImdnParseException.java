package org.parley.im.imdn;

/**
 * An IMDN header or document that breaks a rule of RFC 5438. It names the {@link ImdnRule} and
 * where: for a document, the 1-based line and column ({@code 0} when unknown); for a header value,
 * the byte offset in the value ({@code -1} for a document).
 */
public final class ImdnParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final ImdnRule rule;
  private final String detail;
  private final int line;
  private final int column;
  private final int offset;

  private ImdnParseException(ImdnRule rule, String detail, int line, int column, int offset) {
    super(
        rule.grammar()
            + ": "
            + detail
            + (offset >= 0
                ? " (at offset " + offset + ")"
                : line > 0 ? " (line " + line + ", column " + column + ")" : ""));
    this.rule = rule;
    this.detail = detail;
    this.line = line;
    this.column = column;
    this.offset = offset;
  }

  /** An error in a document, at a line and column (0 when unknown). */
  static ImdnParseException inDocument(ImdnRule rule, int line, int column, String detail) {
    return new ImdnParseException(rule, detail, line, column, -1);
  }

  /** An error in a header value, at a byte offset in it. */
  static ImdnParseException inHeader(ImdnRule rule, int offset, String detail) {
    return new ImdnParseException(rule, detail, 0, 0, offset);
  }

  /** The rule broken. */
  public ImdnRule rule() {
    return rule;
  }

  /** What is wrong, in words, without the rule or the position. */
  public String detail() {
    return detail;
  }

  /** The 1-based line in the document, or 0. */
  public int line() {
    return line;
  }

  /** The 1-based column in the document, or 0. */
  public int column() {
    return column;
  }

  /** The byte offset in the header value, or {@code -1} for an error in a document. */
  public int offset() {
    return offset;
  }
}
