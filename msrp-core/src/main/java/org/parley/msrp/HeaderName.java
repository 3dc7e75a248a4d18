package org.parley.msrp;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The header names of RFC 4975 and RFC 4976, spelled as the RFCs spell them. Names compare without
 * case; a header is written back with the spelling it arrived with.
 */
public final class HeaderName {
  public static final String TO_PATH = "To-Path";
  public static final String FROM_PATH = "From-Path";
  public static final String MESSAGE_ID = "Message-ID";
  public static final String SUCCESS_REPORT = "Success-Report";
  public static final String FAILURE_REPORT = "Failure-Report";
  public static final String BYTE_RANGE = "Byte-Range";
  public static final String STATUS = "Status";
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String CONTENT_ID = "Content-ID";
  public static final String CONTENT_DESCRIPTION = "Content-Description";
  public static final String CONTENT_DISPOSITION = "Content-Disposition";
  public static final String USE_PATH = "Use-Path";
  public static final String EXPIRES = "Expires";
  public static final String MIN_EXPIRES = "Min-Expires";
  public static final String MAX_EXPIRES = "Max-Expires";
  public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  public static final String AUTHORIZATION = "Authorization";
  public static final String AUTHENTICATION_INFO = "Authentication-Info";

  /** Every name above. */
  static final String[] ALL = {
    TO_PATH,
    FROM_PATH,
    MESSAGE_ID,
    SUCCESS_REPORT,
    FAILURE_REPORT,
    BYTE_RANGE,
    STATUS,
    CONTENT_TYPE,
    CONTENT_ID,
    CONTENT_DESCRIPTION,
    CONTENT_DISPOSITION,
    USE_PATH,
    EXPIRES,
    MIN_EXPIRES,
    MAX_EXPIRES,
    WWW_AUTHENTICATE,
    AUTHORIZATION,
    AUTHENTICATION_INFO
  };

  private static final byte[][] ALL_BYTES = new byte[ALL.length][];

  static {
    for (int i = 0; i < ALL.length; i++) {
      ALL_BYTES[i] = ALL[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  private HeaderName() {}

  /**
   * The constant above whose bytes are exactly {@code b[off, off+len)}, or null. Lets {@link
   * MsrpHeadParser} name the usual headers without allocating.
   */
  static @Nullable String lookup(byte[] b, int off, int len) {
    for (int i = 0; i < ALL_BYTES.length; i++) {
      byte[] n = ALL_BYTES[i];
      if (n.length == len && n[0] == b[off] && n[len - 1] == b[off + len - 1] && same(n, b, off)) {
        return ALL[i];
      }
    }
    return null;
  }

  private static boolean same(byte[] name, byte[] b, int off) {
    for (int k = 1; k < name.length - 1; k++) {
      if (name[k] != b[off + k]) {
        return false;
      }
    }
    return true;
  }
}
