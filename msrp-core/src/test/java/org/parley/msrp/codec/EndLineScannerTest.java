package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.parley.msrp.MsrpSyntaxException;

/**
 * The encoder's end-line check on bodies long enough for its sampled search: it must agree with a
 * plain search at every position, in heap and direct buffers, whole or cut into pieces.
 */
class EndLineScannerTest {
  private static final String TID = "d93kswow";
  private static final byte[] END = ("\r\n-------" + TID + "$").getBytes(StandardCharsets.US_ASCII);

  @Property(tries = 300)
  void agreesWithAPlainSearch(
      @ForAll long seed,
      @ForAll @IntRange(min = 256, max = 4000) int size,
      @ForAll @IntRange(min = 0, max = 3) int pieces,
      @ForAll boolean direct) {
    byte[] body = body(new Random(seed), size);
    Integer expected = plainSearch(body);
    Integer found = scan(body, pieces + 1, direct);
    assertThat(found).isEqualTo(expected);
  }

  @Test
  void findsTheEndLineAtEveryOffsetOfALargeBody() {
    Random random = new Random(7);
    for (int at = 0; at + END.length <= 1024; at++) {
      byte[] body = noise(random, 1024);
      System.arraycopy(END, 0, body, at, END.length);
      for (boolean direct : new boolean[] {false, true}) {
        assertThat(scan(body, 1, direct)).as("at %d, direct %s", at, direct).isEqualTo(at);
      }
    }
  }

  @Test
  void passesBodiesFullOfNearMisses() {
    StringBuilder b = new StringBuilder();
    while (b.length() < 5000) {
      b.append("\r\n-------").append(TID, 0, 5).append("\r\n-------").append(TID).append('x');
      b.append("\r\n------").append(TID).append("$ -------").append(TID).append('+');
    }
    byte[] body = b.toString().getBytes(StandardCharsets.US_ASCII);
    assertThat(plainSearch(body)).isNull();
    assertThat(scan(body, 1, false)).isNull();
    assertThat(scan(body, 3, true)).isNull();
  }

  /** Random bytes with end-line fragments, sometimes a whole end-line, mixed in. */
  private static byte[] body(Random random, int size) {
    byte[] body = noise(random, size);
    int fragments = random.nextInt(20);
    for (int i = 0; i < fragments; i++) {
      int len = 1 + random.nextInt(END.length);
      if (random.nextInt(10) == 0) {
        len = END.length;
      }
      int at = random.nextInt(size - len + 1);
      System.arraycopy(END, 0, body, at, len);
      if (len == END.length) {
        body[at + len - 1] = (byte) "$+#".charAt(random.nextInt(3));
      }
    }
    return body;
  }

  private static byte[] noise(Random random, int size) {
    byte[] body = new byte[size];
    random.nextBytes(body);
    return body;
  }

  /** Where the first whole end-line starts, the body's start counting as after a CRLF; or null. */
  private static Integer plainSearch(byte[] body) {
    byte[] framed = new byte[body.length + 2];
    framed[0] = '\r';
    framed[1] = '\n';
    System.arraycopy(body, 0, framed, 2, body.length);
    for (int s = 0; s + END.length <= framed.length; s++) {
      boolean match = true;
      for (int k = 0; k < END.length - 1 && match; k++) {
        match = framed[s + k] == END[k];
      }
      byte flag = framed[s + END.length - 1];
      if (match && (flag == '$' || flag == '+' || flag == '#')) {
        return s - 2;
      }
    }
    return null;
  }

  /**
   * Feeds the body in {@code pieces} buffers; the offset the collision names, from the start of the
   * buffer that completed it, is turned back into a body offset.
   */
  private static Integer scan(byte[] body, int pieces, boolean direct) {
    EndLineScanner scanner = new EndLineScanner();
    scanner.reset(TID);
    int from = 0;
    for (int p = 0; p < pieces; p++) {
      int to = p == pieces - 1 ? body.length : body.length * (p + 1) / pieces;
      ByteBuf buf =
          direct
              ? Unpooled.directBuffer(to - from)
              : Unpooled.buffer(to - from + 16).writerIndex(8);
      if (!direct) {
        buf.readerIndex(8);
      }
      buf.writeBytes(body, from, to - from);
      try {
        Throwable t = catchThrowable(() -> scanner.check(buf));
        if (t != null) {
          assertThat(t).isInstanceOf(MsrpSyntaxException.class);
          // Refused by the buffer that completes the first end-line, not earlier, not later.
          assertThat(plainSearch(java.util.Arrays.copyOf(body, from))).isNull();
          Integer start = plainSearch(java.util.Arrays.copyOf(body, to));
          assertThat(start).isNotNull();
          if (pieces == 1 && start >= 0) {
            assertThat(((MsrpSyntaxException) t).offset()).isEqualTo(start);
          }
          return start;
        }
      } finally {
        buf.release();
      }
      from = to;
    }
    return null;
  }
}
