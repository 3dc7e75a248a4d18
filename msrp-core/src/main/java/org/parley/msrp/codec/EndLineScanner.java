package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpSyntaxException;

/**
 * Watches outgoing body bytes for {@code CRLF "-------" transact-id continuation-flag}, across
 * buffers. Stricter than the decoder (which also wants the CRLF after the flag), so that no peer's
 * parser can mistake body bytes for the end-line. The search is the decoder's ({@link EndLine}).
 */
final class EndLineScanner {
  static final byte[] DASHES = "-------".getBytes(StandardCharsets.US_ASCII);

  private final EndLine endLine = new EndLine(false);

  /** How many bytes of the end-line the body's last bytes match. */
  private int matched;

  /** Starts a frame. The body starts after a CRLF, which counts as the pattern's first bytes. */
  void reset(String transactionId) {
    endLine.set(transactionId);
    matched = 2;
  }

  String transactionId() {
    return endLine.transactionId();
  }

  /**
   * Checks a body buffer (without moving its indexes) and advances the state.
   *
   * @throws MsrpSyntaxException when the buffer completes the end-line; the state is unchanged
   */
  void check(ByteBuf buf) {
    int r = buf.readerIndex();
    int w = buf.writerIndex();
    int length = endLine.length();
    int m = matched;
    int i = r;
    while (m > 0 && i < w) {
      if (endLine.accepts(m, buf.getByte(i))) {
        m++;
        i++;
        if (m == length) {
          throw collision(i - r);
        }
      } else {
        m = 0; // the pattern holds no other CR: a new match starts at a CR, looked for below
      }
    }
    if (i == w) {
      matched = m;
      return;
    }
    int at = endLine.search(buf, i, w);
    if (at >= 0) {
      throw collision(at - r);
    }
    matched = w - (-at - 1);
  }

  private MsrpSyntaxException collision(int at) {
    return new MsrpSyntaxException(
        MsrpRule.CONTENT_HAS_END_LINE,
        at,
        "the body holds the end-line of transaction " + endLine.transactionId());
  }
}
