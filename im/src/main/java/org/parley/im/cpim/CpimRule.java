package org.parley.im.cpim;

/**
 * The rules of RFC 3862 (and of RFC 5322 for the encapsulated MIME headers) that input can break.
 * Every {@link CpimSyntaxException} names one; {@link #grammar()} quotes the production.
 */
public enum CpimRule {
  /**
   * The overall layout: message headers, an empty line, the encapsulated MIME headers, an empty
   * line, the content (RFC 3862 §2).
   */
  MESSAGE("Message/CPIM = Headers CRLF MIME-headers CRLF content"),
  /** One message header line (RFC 3862 §3.1). */
  HEADER("Header = Header-name \":\" *( \";\" Parameter ) SP Header-value CRLF"),
  /** {@code Header-name = [ Name-prefix "." ] Name}, {@code Name = 1*NAMECHAR}. */
  HEADER_NAME("Header-name = [ Name-prefix \".\" ] Name"),
  /** A name prefix must be declared by an NS header before it is used (RFC 3862 §3.4). */
  NAME_PREFIX("Name-prefix declared by a preceding NS header"),
  /** {@code Parameter = Lang-param / Ext-param}, {@code Ext-param = Param-name "=" Param-value}. */
  PARAMETER("Parameter = Lang-param / Ext-param"),
  /** {@code Lang-param = "lang=" Language-tag} (Language-tag of RFC 3066). */
  LANG_PARAM("Lang-param = \"lang=\" Language-tag"),
  /** {@code String = DQUOTE *( Str-char / Escape ) DQUOTE}. */
  STRING("String = DQUOTE *( Str-char / Escape ) DQUOTE"),
  /** The character escape mechanism (RFC 3862 §2.3). */
  ESCAPE(
      "Escape = \"\\\" ( \"u\" 4(HEXDIG) / \"b\" / \"t\" / \"n\" / \"r\" / DQUOTE / \"'\" / \"\\\" )"),
  /** {@code Header-value = *HEADERCHAR}: UTF-8 without control characters. */
  HEADER_VALUE("Header-value = *HEADERCHAR"),
  /** RFC 3862 §4.1. */
  FROM_HEADER("From-header = \"From\" \": \" [ Formal-name ] \"<\" URI \">\""),
  /** RFC 3862 §4.2. */
  TO_HEADER("To-header = \"To\" \": \" [ Formal-name ] \"<\" URI \">\""),
  /** RFC 3862 §4.3. */
  CC_HEADER("cc-header = \"cc\" \": \" [ Formal-name ] \"<\" URI \">\""),
  /** An address outside a header: {@code [ Formal-name ] "<" URI ">"}. */
  ADDRESS("[ Formal-name ] \"<\" URI \">\""),
  /** RFC 3862 §4.4, with date-time of RFC 3339. */
  DATETIME_HEADER("DateTime-header = \"DateTime\" \": \" date-time"),
  /** RFC 3862 §4.5. */
  SUBJECT_HEADER("Subject-header = \"Subject\" \":\" [ \";\" Lang-param ] SP *HEADERCHAR"),
  /** RFC 3862 §4.6. */
  NS_HEADER("NS-header = \"NS\" \": \" [ Name-prefix ] \"<\" URI \">\""),
  /** RFC 3862 §4.7. */
  REQUIRE_HEADER("Require-header = \"Require\" \": \" Header-name *( \",\" Header-name )"),
  /** From and DateTime appear at most once, and so does a Subject for one language. */
  DUPLICATE_HEADER("header appears at most once"),
  /** An encapsulated MIME header field (RFC 5322 §2.2, RFC 2045). */
  MIME_HEADER("field = field-name \":\" unstructured CRLF"),
  /** A size bound of {@link CpimLimits} was exceeded. */
  LIMIT("size limit");

  private final String grammar;

  CpimRule(String grammar) {
    this.grammar = grammar;
  }

  /** The rule's production, as the RFC writes it. */
  public String grammar() {
    return grammar;
  }
}
