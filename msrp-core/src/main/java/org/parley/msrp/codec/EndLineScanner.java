package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpSyntaxException;

/**
 * Watches outgoing body bytes for {@code CRLF "-------" transact-id continuation-flag}, across
 * buffers. Stricter than the decoder (which also wants the CRLF after the flag), so that no peer's
 * parser can mistake body bytes for the end-line.
 */
final class EndLineScanner {
  static final byte[] DASHES = "-------".getBytes(StandardCharsets.US_ASCII);

  private final byte[] pattern = new byte[2 + 7 + 32 + 1];
  private int length;
  private int flagIndex;
  private int matched;
  private String transactionId;

  /** Starts a frame. The body starts after a CRLF, which counts as the pattern's first bytes. */
  void reset(String transactionId) {
    this.transactionId = transactionId;
    pattern[0] = '\r';
    pattern[1] = '\n';
    System.arraycopy(DASHES, 0, pattern, 2, 7);
    int n = transactionId.length();
    for (int i = 0; i < n; i++) {
      pattern[9 + i] = (byte) transactionId.charAt(i);
    }
    flagIndex = 9 + n;
    length = flagIndex + 1;
    matched = 2;
  }

  String transactionId() {
    return transactionId;
  }

  /**
   * Checks a body buffer (without moving its indexes) and advances the state.
   *
   * @throws MsrpSyntaxException when the buffer completes the end-line; the state is unchanged
   */
  void check(ByteBuf buf) {
    int r = buf.readerIndex();
    int w = buf.writerIndex();
    int m = matched;
    int i = r;
    while (m > 0 && i < w) {
      if (accepts(m, buf.getByte(i))) {
        m++;
        i++;
        if (m == length) {
          throw collision(i - r);
        }
      } else {
        m = 0; // the pattern holds no other CR: a new match starts at a CR, looked for below
      }
    }
    while (i < w) {
      int cr = buf.indexOf(i, w, (byte) '\r');
      if (cr < 0) {
        matched = 0;
        return;
      }
      int max = Math.min(w - cr, length);
      int k = 1;
      while (k < max && accepts(k, buf.getByte(cr + k))) {
        k++;
      }
      if (k == length) {
        throw collision(cr - r);
      }
      if (k == w - cr) {
        matched = k;
        return;
      }
      i = cr + 1;
    }
    matched = m;
  }

  private boolean accepts(int k, byte b) {
    return k == flagIndex ? (b == '$' || b == '+' || b == '#') : b == pattern[k];
  }

  private MsrpSyntaxException collision(int at) {
    return new MsrpSyntaxException(
        MsrpRule.CONTENT_HAS_END_LINE,
        at,
        "the body holds the end-line of transaction " + transactionId);
  }
}
