package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpRequest;

/**
 * The decoder's sampled end-line search in the middle of a large read: a large frame followed, in
 * the same buffer, by another large frame, so that the first end-line lies where only the sampling
 * loop looks (not in the tail searched byte by byte), in a direct buffer and in a heap one. Every
 * position of the end-line relative to the samples is tried, with transaction ids of several
 * lengths (which set the stride).
 */
class EndLineSearchTest {
  private static byte[] frame(String tid, byte[] body, char flag) {
    String head =
        "MSRP "
            + tid
            + " SEND\r\n"
            + "To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\n"
            + "From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\r\n"
            + "Message-ID: m"
            + tid
            + "\r\n"
            // No end: the decoder cannot jump to where the end-line should be, it must search.
            + "Byte-Range: 1-*/*\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    out.writeBytes(("\r\n-------" + tid + flag + "\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @Test
  void findsEveryEndLineFollowedByMoreDataInOneRead() {
    Random random = new Random(11);
    for (String tid :
        new String[] {"a786hjs2", "x9k3", "q0Wp3kZ7rT5yU1iO", "t12345678901234567890"}) {
      int stride = 2 + 7 + tid.length() + 1 + 2 - 1;
      for (int size = 1024; size < 1024 + 9 * stride; size++) {
        byte[] first = new byte[size];
        random.nextBytes(first);
        byte[] second = new byte[4096 + random.nextInt(64)];
        random.nextBytes(second);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(frame(tid, first, '+'));
        wire.writeBytes(frame(tid + "b", second, '$'));
        byte[] input = wire.toByteArray();
        // One read: the first end-line is followed by a whole second frame. A direct buffer is
        // searched by address; a heap one (after an empty direct read) through a ByteBuffer.
        for (int[] cuts : new int[][] {{}, {0}}) {
          List<Object> events = Codec.decode(input, cuts, MsrpDecoderConfig.DEFAULT);
          String kind = cuts.length == 0 ? "direct" : "heap";
          assertThat(events).as("%s, tid %s, body %d", kind, tid, size).hasSize(6);
          assertThat(events.get(0)).isInstanceOf(MsrpRequest.class);
          assertThat(events.get(1)).isEqualTo(new Codec.Body(first));
          assertThat(events.get(2)).isEqualTo(ContinuationFlag.MORE);
          assertThat(events.get(4)).isEqualTo(new Codec.Body(second));
          assertThat(events.get(5)).isEqualTo(ContinuationFlag.END);
        }
      }
    }
  }
}
