package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Frames as another stack writes them (msrp-java: 8-character transaction ids, 32-digit
 * Message-IDs, {@code Byte-Range: 1-*}/total), back to back, cut into reads at every pair of
 * places: the decoder sees the same frames whatever the reads.
 */
@Timeout(120)
class PeerFramesSplitTest {
  private static String frame(String tid, String messageId, String body) {
    return "MSRP "
        + tid
        + " SEND\r\n"
        + "To-Path: msrp://127.0.0.1:45155/SAQk8tSBfM6q8tm8;tcp\r\n"
        + "From-Path: msrp://127.0.0.1:42435/1q1s0f54;tcp\r\n"
        + "Message-ID: "
        + messageId
        + "\r\n"
        + "Byte-Range: 1-*/"
        + body.length()
        + "\r\n"
        + "Content-Type: text/plain\r\n\r\n"
        + body
        + "\r\n-------"
        + tid
        + "$\r\n";
  }

  @Test
  void backToBackFramesDecodeAlikeCutAnywhere() {
    byte[] wire =
        (frame("0qbd22B1", "9c013b5484a400a96b8be43b20d28c3", "message 86")
                + frame("0qbd22Bv", "72175491c1c140a7a31b0bf92a9e8928", "message 87")
                + frame("022HCr0W", "131c02b4ccbb454d85d53460b3eddbcc", "message 88"))
            .getBytes(StandardCharsets.ISO_8859_1);
    List<Object> whole = Codec.decode(wire);
    assertThat(whole).hasSize(9);
    for (int a = 1; a < wire.length; a++) {
      assertThat(Codec.decode(wire, new int[] {a}, MsrpDecoderConfig.DEFAULT))
          .as("cut at %d", a)
          .isEqualTo(whole);
      for (int b = a + 1; b < wire.length; b += 7) {
        assertThat(Codec.decode(wire, new int[] {a, b}, MsrpDecoderConfig.DEFAULT))
            .as("cut at %d and %d", a, b)
            .isEqualTo(whole);
      }
    }
  }
}
