package org.parley.msrp;

import org.jspecify.annotations.Nullable;

/**
 * The headers of RFC 4975 and RFC 4976 whose values have a type, each with the parser of its value
 * (which throws {@link MsrpSyntaxException} naming the rule broken). Each may appear once in a
 * head; {@link MsrpHeader#typed} holds the parsed value.
 */
enum KnownHeader {
  TO_PATH(HeaderName.TO_PATH),
  FROM_PATH(HeaderName.FROM_PATH),
  USE_PATH(HeaderName.USE_PATH),
  MESSAGE_ID(HeaderName.MESSAGE_ID),
  SUCCESS_REPORT(HeaderName.SUCCESS_REPORT),
  FAILURE_REPORT(HeaderName.FAILURE_REPORT),
  BYTE_RANGE(HeaderName.BYTE_RANGE),
  STATUS(HeaderName.STATUS),
  CONTENT_TYPE(HeaderName.CONTENT_TYPE),
  EXPIRES(HeaderName.EXPIRES),
  MIN_EXPIRES(HeaderName.MIN_EXPIRES),
  MAX_EXPIRES(HeaderName.MAX_EXPIRES);

  private static final KnownHeader[] VALUES = values();

  /** The name as the RFC spells it. */
  final String spelling;

  /** This header's bit in a set of headers held in an int. */
  final int bit;

  KnownHeader(String spelling) {
    this.spelling = spelling;
    this.bit = 1 << ordinal(); // twelve constants: one int holds them all
  }

  /**
   * The typed value of {@code value}; throws {@link MsrpSyntaxException} when it breaks the rule.
   */
  Object parse(String value) {
    switch (this) {
      case TO_PATH:
        return HeaderValues.path(value, MsrpRule.TO_PATH);
      case FROM_PATH:
        return HeaderValues.path(value, MsrpRule.FROM_PATH);
      case USE_PATH:
        return HeaderValues.path(value, MsrpRule.USE_PATH);
      case MESSAGE_ID:
        HeaderValues.ident(value, MsrpRule.MESSAGE_ID);
        return value;
      case SUCCESS_REPORT:
        return HeaderValues.successReport(value);
      case FAILURE_REPORT:
        return HeaderValues.failureReport(value);
      case BYTE_RANGE:
        return HeaderValues.byteRange(value);
      case STATUS:
        return HeaderValues.status(value);
      case CONTENT_TYPE:
        HeaderValues.mediaType(value);
        return value;
      case EXPIRES:
      case MIN_EXPIRES:
      case MAX_EXPIRES:
      default:
        return HeaderValues.expires(value);
    }
  }

  /** The known header of that name, compared without case, or null. */
  @SuppressWarnings("ReferenceEquality") // the interned constants first, then by value below
  static @Nullable KnownHeader of(String name) {
    for (KnownHeader k : VALUES) {
      if (k.spelling == name) {
        return k;
      }
    }
    for (KnownHeader k : VALUES) {
      if (k.spelling.equalsIgnoreCase(name)) {
        return k;
      }
    }
    return null;
  }
}
