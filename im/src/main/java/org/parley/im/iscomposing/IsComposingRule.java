package org.parley.im.iscomposing;

/**
 * The rules of RFC 3994's {@code application/im-iscomposing+xml} that input can break. Every {@link
 * IsComposingParseException} names one.
 */
public enum IsComposingRule {
  /** The document is larger than the bound given to the parser. */
  SIZE("document size bound"),
  /** The document is UTF-8. */
  ENCODING("UTF-8"),
  /** A document type declaration is refused: no entities, internal or external. */
  DOCTYPE("no <!DOCTYPE>"),
  /** Well-formed XML 1.0 with namespaces. */
  XML("well-formed XML"),
  /** The root is {@code isComposing} in {@code urn:ietf:params:xml:ns:im-iscomposing}. */
  ROOT("<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\">"),
  /** {@code isComposing = state [lastactive] [contenttype] [refresh]}: each once, text only. */
  ELEMENT("isComposing = state [lastactive] [contenttype] [refresh]"),
  /** {@code state} is {@code active} or {@code idle}. */
  STATE("state = \"active\" / \"idle\""),
  /** {@code lastactive} is an {@code xs:dateTime} (RFC 3339). */
  LASTACTIVE("lastactive = xs:dateTime"),
  /** {@code refresh} is an {@code xs:positiveInteger}, seconds. */
  REFRESH("refresh = xs:positiveInteger");

  private final String grammar;

  IsComposingRule(String grammar) {
    this.grammar = grammar;
  }

  /** The rule, as the RFC's schema writes it. */
  public String grammar() {
    return grammar;
  }
}
