package org.parley.im.iscomposing;

/**
 * An is-composing document that breaks a rule of RFC 3994. It names the {@link IsComposingRule},
 * and the 1-based line and column when the XML parser knows them ({@code 0} otherwise).
 */
public final class IsComposingParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final IsComposingRule rule;
  private final String detail;
  private final int line;
  private final int column;

  IsComposingParseException(IsComposingRule rule, int line, int column, String detail) {
    super(
        rule.grammar()
            + ": "
            + detail
            + (line > 0 ? " (line " + line + ", column " + column + ")" : ""));
    this.rule = rule;
    this.detail = detail;
    this.line = line;
    this.column = column;
  }

  /** The rule broken. */
  public IsComposingRule rule() {
    return rule;
  }

  /** What is wrong, in words. */
  public String detail() {
    return detail;
  }

  /** The 1-based line, or 0. */
  public int line() {
    return line;
  }

  /** The 1-based column, or 0. */
  public int column() {
    return column;
  }
}
