package org.parley.msrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * How {@link RepeatedHeaders} keeps the previous head's lines (the decoding is in codec's tests).
 */
class RepeatedHeadersLinesTest {
  @Test
  void linesAreKeptEndToEndAndALineThatChangesLengthMovesTheOthers() {
    RepeatedHeaders r = new RepeatedHeaders();
    byte[][] lines = {
      crlf("To-Path: msrp://b.example.com:8888/s1;tcp"),
      crlf("From-Path: msrp://a.example.com:7777/s2;tcp"),
      crlf("Message-ID: m1"),
      crlf("Byte-Range: 1-9/99"),
    };
    int total = 0;
    for (int i = 0; i < lines.length; i++) {
      r.remember(i, lines[i], 0, lines[i].length);
      total += lines[i].length;
    }
    r.headDone(MsrpHeaders.builder().build(), lines.length);
    // One array for the head, not one (of at least 64 bytes) per line: idle connections keep it.
    assertThat(r.bufferedBytes()).isLessThanOrEqualTo(total + RepeatedHeaders.SLACK);
    // Line 2 grows and line 3 shrinks; lines 0, 1 and the new 2 and 3 are each found again.
    lines[2] = crlf("Message-ID: a-much-longer-message-id-0123456789");
    lines[3] = crlf("Byte-Range: 1-9/9");
    r.remember(2, lines[2], 0, lines[2].length);
    r.remember(3, lines[3], 0, lines[3].length);
    for (int i = 0; i < lines.length; i++) {
      assertThat(r.repeatAt(lines[i], 0, lines[i].length, i))
          .as("line %d", i)
          .isEqualTo(lines[i].length);
    }
    assertThat(r.repeatAt(lines[1], 0, lines[1].length, 2)).isEqualTo(-1);
    // A line too long to remember is never a repeat, and the lines after it still are.
    byte[] longLine = crlf("X-Long: " + "x".repeat(RepeatedHeaders.MAX_LINE));
    r.remember(1, longLine, 0, longLine.length);
    assertThat(r.repeatAt(longLine, 0, longLine.length, 1)).isEqualTo(-1);
    assertThat(r.repeatAt(lines[3], 0, lines[3].length, 3)).isEqualTo(lines[3].length);
  }

  private static byte[] crlf(String line) {
    return (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }
}
