package org.parley.msrp;

/**
 * The rules of RFC 4975 (§6 and §9) and of the codec's limits that input can break. Every syntax
 * error in Parley names one of these, so that a log line or a test can say exactly what was wrong.
 */
public enum MsrpRule {
  /**
   * {@code MSRP-URI = msrp-scheme "://" authority ["/" session-id] ";" transport *(";"
   * URI-parameter)}
   */
  MSRP_URI("MSRP-URI"),
  /** {@code msrp-scheme = "msrp" / "msrps"} */
  MSRP_SCHEME("msrp-scheme"),
  /** {@code userinfo} of RFC 3986, restricted by RFC 4975 §6 to unreserved characters. */
  USERINFO("userinfo"),
  /** {@code host = IP-literal / IPv4address / reg-name} (RFC 3986). */
  HOST("host"),
  /** {@code port = *DIGIT}, at most 65535. */
  PORT("port"),
  /** {@code session-id = 1*( unreserved / "+" / "=" / "/" )} */
  SESSION_ID("session-id"),
  /** {@code transport = "tcp" / 1*ALPHANUM} */
  TRANSPORT("transport"),
  /** {@code URI-parameter = token ["=" token]} */
  URI_PARAMETER("URI-parameter"),

  /** {@code req-start = pMSRP SP transact-id SP method CRLF}, {@code resp-start}. */
  START_LINE("req-start / resp-start"),
  /** {@code transact-id = ident}, {@code ident = ALPHANUM 3*31ident-char}. */
  TRANSACT_ID("transact-id"),
  /** {@code method = mSEND / mREPORT / other-method}, {@code other-method = 1*UPALPHA}. */
  METHOD("method"),
  /** {@code status-code = 3DIGIT}. */
  STATUS_CODE("status-code"),
  /** {@code comment = utf8text}. */
  COMMENT("comment"),
  /** {@code header = hname ":" SP hval}; also a line that does not end with CRLF. */
  HEADER("header"),
  /** {@code hname = ALPHA *token-char}. */
  HNAME("hname"),
  /** {@code hval = utf8text}, {@code utf8text = *(HTAB / %x20-7E / UTF8-NONASCII)}. */
  HVAL("hval"),
  /** A header that may appear once appeared again. */
  DUPLICATE_HEADER("headers"),
  /**
   * {@code headers = To-Path CRLF From-Path CRLF 1*( header CRLF )}: a required header is missing.
   */
  MISSING_HEADER("headers"),
  /** {@code To-Path = "To-Path:" SP MSRP-URI *( SP MSRP-URI )} */
  TO_PATH("To-Path"),
  /** {@code From-Path = "From-Path:" SP MSRP-URI *( SP MSRP-URI )} */
  FROM_PATH("From-Path"),
  /** {@code Use-Path = "Use-Path:" SP MSRP-URI *( SP MSRP-URI )} (RFC 4976). */
  USE_PATH("Use-Path"),
  /** {@code Message-ID = "Message-ID:" SP ident} */
  MESSAGE_ID("Message-ID"),
  /** {@code Success-Report = "Success-Report:" SP ("yes" / "no")} */
  SUCCESS_REPORT("Success-Report"),
  /** {@code Failure-Report = "Failure-Report:" SP ("yes" / "no" / "partial")} */
  FAILURE_REPORT("Failure-Report"),
  /** {@code Byte-Range = "Byte-Range:" SP range-start "-" range-end "/" total} */
  BYTE_RANGE("Byte-Range"),
  /** {@code Status = "Status:" SP namespace SP status-code [SP text-reason]} */
  STATUS("Status"),
  /** {@code Content-Type = "Content-Type:" SP media-type} */
  CONTENT_TYPE("Content-Type"),
  /** {@code Expires}, {@code Min-Expires}, {@code Max-Expires} = {@code 1*DIGIT} (RFC 4976). */
  EXPIRES("Expires"),
  /** {@code end-line = "-------" transact-id continuation-flag CRLF} */
  END_LINE("end-line"),
  /** {@code continuation-flag = "+" / "$" / "#"} */
  CONTINUATION_FLAG("continuation-flag"),
  /** The connection ended before the end-line of the frame being read. */
  TRUNCATED("end-line"),
  /**
   * {@code content-stuff}: the body holds its own end-line ({@code CRLF "-------" transact-id
   * continuation-flag}), which RFC 4975 §7.1 forbids the sender to send.
   */
  CONTENT_HAS_END_LINE("content-stuff"),
  /** A chunk or message was larger than the receiver's configured maximum (answer 413). */
  CONTENT_TOO_LARGE("limit: content size"),
  /** The start line was longer than the configured maximum. */
  START_LINE_TOO_LONG("limit: start line"),
  /** The header block was larger than the configured maximum. */
  HEADER_BLOCK_TOO_LARGE("limit: header block"),
  /** The frame had more header lines than the configured maximum. */
  TOO_MANY_HEADERS("limit: header count");

  private final String grammar;

  MsrpRule(String grammar) {
    this.grammar = grammar;
  }

  /** The ABNF rule (or limit) as the RFC names it, for messages. */
  public String grammar() {
    return grammar;
  }
}
