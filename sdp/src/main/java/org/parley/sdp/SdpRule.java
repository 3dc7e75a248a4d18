package org.parley.sdp;

/**
 * The rules of RFC 8866 §9 and of the message-media attributes (RFC 4975 §9, RFC 4145, RFC 8122,
 * RFC 5547, RFC 6714, RFC 7701) that input can break. Every {@link SdpParseException} names one.
 */
public enum SdpRule {
  /** A line is {@code <type>=<value>} followed by CRLF (LF alone is accepted). */
  LINE("type \"=\" value CRLF"),
  /** The fields must come in the order of {@code session-description}, once where once is meant. */
  SESSION_DESCRIPTION(
      "session-description = version-field origin-field session-name-field ... *media-description"),
  /** {@code version-field = %s"v" "=" 1*DIGIT CRLF}; the only version is 0. */
  VERSION_FIELD("version-field"),
  /**
   * {@code origin-field = %s"o" "=" username SP sess-id SP sess-version SP nettype SP addrtype SP
   * unicast-address CRLF}
   */
  ORIGIN_FIELD("origin-field"),
  /** {@code connection-field = %s"c" "=" nettype SP addrtype SP connection-address CRLF} */
  CONNECTION_FIELD("connection-field"),
  /** {@code bandwidth-field = %s"b" "=" bwtype ":" bandwidth CRLF} */
  BANDWIDTH_FIELD("bandwidth-field"),
  /** {@code time-field = %s"t" "=" start-time SP stop-time} */
  TIME_FIELD("time-field"),
  /** {@code repeat-field = %s"r" "=" repeat-interval SP typed-time 1*(SP typed-time)} */
  REPEAT_FIELD("repeat-field"),
  /** {@code zone-field = %s"z" "=" time SP ["-"] typed-time *(SP time SP ["-"] typed-time)} */
  ZONE_FIELD("zone-field"),
  /** {@code key-field = %s"k" "=" key-type CRLF} */
  KEY_FIELD("key-field"),
  /**
   * {@code attribute-field = %s"a" "=" attribute CRLF}, {@code attribute = attribute-name [":"
   * attribute-value]}
   */
  ATTRIBUTE_FIELD("attribute-field"),
  /** {@code media-field = %s"m" "=" media SP port ["/" integer] SP proto 1*(SP fmt) CRLF} */
  MEDIA_FIELD("media-field"),
  /** {@code path = "path:" MSRP-URI *(SP MSRP-URI)} (RFC 4975) */
  PATH("path"),
  /** {@code accept-types = "accept-types:" format-list} (RFC 4975) */
  ACCEPT_TYPES("accept-types"),
  /** {@code accept-wrapped-types = "accept-wrapped-types:" wrapped-types} (RFC 4975) */
  ACCEPT_WRAPPED_TYPES("accept-wrapped-types"),
  /**
   * {@code max-size = "max-size:" max-size-value}, {@code max-size-value = 1*(DIGIT)} (RFC 4975)
   */
  MAX_SIZE("max-size"),
  /**
   * {@code setup-attr = "setup:" role}, {@code role = "active" / "passive" / "actpass" /
   * "holdconn"}
   */
  SETUP("setup-attr"),
  /** {@code conn-attr = "connection:" conn-value}, {@code conn-value = "new" / "existing"} */
  CONNECTION("conn-attr"),
  /** {@code fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint} (RFC 8122) */
  FINGERPRINT("fingerprint-attribute"),
  /** {@code sendrecv / sendonly / recvonly / inactive}: one direction per media (RFC 3264). */
  DIRECTION("direction attribute"),
  /** {@code msrp-cema} is a property attribute without a value (RFC 6714). */
  MSRP_CEMA("msrp-cema"),
  /** {@code chatroom-attr = "chatroom" [":" chat-token *(SP chat-token)]} (RFC 7701) */
  CHATROOM("chatroom-attr"),
  /** {@code file-selector-attr = "file-selector" [":" selector *(SP selector)]} (RFC 5547) */
  FILE_SELECTOR("file-selector-attr"),
  /** {@code file-transfer-id-attr = "file-transfer-id:" token} (RFC 5547) */
  FILE_TRANSFER_ID("file-transfer-id-attr"),
  /** {@code file-disposition-attr = "file-disposition:" token} (RFC 5547) */
  FILE_DISPOSITION("file-disposition-attr"),
  /** {@code file-date-attr = "file-date:" date-param *(SP date-param)} (RFC 5547) */
  FILE_DATE("file-date-attr"),
  /** {@code file-icon-attr = "file-icon:" cid-url} (RFC 5547) */
  FILE_ICON("file-icon-attr"),
  /** {@code file-range-attr = "file-range:" start-offset "-" stop-offset} (RFC 5547) */
  FILE_RANGE("file-range-attr"),
  /** An attribute that may appear once per media description appeared again. */
  DUPLICATE_ATTRIBUTE("attribute appears once"),
  /**
   * {@code SIP-URI = "sip:" [userinfo] hostport uri-parameters [headers]} (RFC 3261, 2001 form).
   */
  SIP_URI("SIP-URI");

  private final String grammar;

  SdpRule(String grammar) {
    this.grammar = grammar;
  }

  /** The rule's name or production, as the RFC writes it. */
  public String grammar() {
    return grammar;
  }
}
