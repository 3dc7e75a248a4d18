package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpHeaders;
import org.parley.msrp.MsrpRule;

/**
 * A decoder reuses the previous frame's checked headers for lines that repeat byte for byte ({@link
 * RepeatedHeaders}); what it emits must be exactly what a fresh decoder emits for each frame, typed
 * values included, and the once-only rule must hold for a replayed line too.
 */
class RepeatedHeadersTest {
  private static final String[] LINES = {
    "To-Path: msrp://b.example.com:8888/s1;tcp",
    "To-Path: msrp://relay.example.net:2855/r9;tcp msrp://b.example.com:8888/s1;tcp",
    "From-Path: msrp://a.example.com:7777/s2;tcp",
    "From-Path: msrp://a.example.com:7777/s3;tcp",
    "Message-ID: m1234567",
    "Message-ID: m7654321",
    "Byte-Range: 1-5/5",
    "Byte-Range: 1-5/*",
    "Success-Report: yes",
    "Failure-Report: partial",
    "X-Extension: some value",
    "Content-Type: text/plain",
    "Content-Type: message/cpim",
  };

  private static final String[] ORDERS = {
    "TF", "FT", "TFMB", "TFMBSX", "FTMXB", "TMFBR", "TFXMBSR"
  };

  /**
   * A frame from the pool: the To-Path and From-Path always, the other headers as {@code order}.
   */
  private static String frame(Random random, int n) {
    String order = ORDERS[random.nextInt(ORDERS.length)];
    StringBuilder b = new StringBuilder("MSRP tid" + (1000 + n) + " SEND\r\n");
    for (char c : order.toCharArray()) {
      int pick = random.nextInt(2);
      String line;
      switch (c) {
        case 'T':
          line = LINES[pick];
          break;
        case 'F':
          line = LINES[2 + pick];
          break;
        case 'M':
          line = LINES[4 + pick];
          break;
        case 'B':
          line = LINES[6 + pick];
          break;
        case 'S':
          line = LINES[8];
          break;
        case 'R':
          line = LINES[9];
          break;
        default:
          line = LINES[10];
          break;
      }
      b.append(line).append("\r\n");
    }
    b.append(LINES[11 + random.nextInt(2)]).append("\r\n\r\nHello\r\n");
    return b.append("-------tid").append(1000 + n).append("$\r\n").toString();
  }

  @Test
  void aStreamOfFramesDecodesAsEachFrameAlone() {
    Random random = new Random(7);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Object> alone = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      byte[] f = frame(random, i).getBytes(StandardCharsets.ISO_8859_1);
      all.writeBytes(f);
      alone.addAll(Codec.decode(f));
    }
    List<Object> together = Codec.decode(all.toByteArray());
    assertThat(together).isEqualTo(alone);
    for (int i = 0; i < together.size(); i++) {
      if (together.get(i) instanceof MsrpHead) {
        MsrpHeaders t = ((MsrpHead) together.get(i)).headers();
        MsrpHeaders a = ((MsrpHead) alone.get(i)).headers();
        assertThat(t.toPath()).isEqualTo(a.toPath());
        assertThat(t.fromPath()).isEqualTo(a.fromPath());
        assertThat(t.messageId()).isEqualTo(a.messageId());
        assertThat(t.byteRange()).isEqualTo(a.byteRange());
        assertThat(t.successReport()).isEqualTo(a.successReport());
        assertThat(t.failureReport()).isEqualTo(a.failureReport());
        assertThat(t.contentType()).isEqualTo(a.contentType());
      }
    }
  }

  @Test
  void aReplayedLineStillMayAppearOnlyOnce() {
    String first =
        "MSRP tid00001 SEND\r\n"
            + "Message-ID: m1234567\r\n"
            + "To-Path: msrp://b.example.com:8888/s1;tcp\r\n"
            + "From-Path: msrp://a.example.com:7777/s2;tcp\r\n"
            + "-------tid00001$\r\n";
    // Line 1 repeats line 1 of the first frame, after a To-Path of its own on line 0.
    String second =
        "MSRP tid00002 SEND\r\n"
            + "To-Path: msrp://b.example.com:8888/s1;tcp\r\n"
            + "To-Path: msrp://b.example.com:8888/s1;tcp\r\n"
            + "From-Path: msrp://a.example.com:7777/s2;tcp\r\n"
            + "-------tid00002$\r\n";
    List<Object> events =
        Codec.decode((first + second + first).getBytes(StandardCharsets.ISO_8859_1));
    assertThat(events).hasSize(5);
    assertThat(events.get(0)).isInstanceOf(MsrpHead.class);
    assertThat(events.get(2))
        .isEqualTo(
            new Codec.Error(
                MsrpRule.DUPLICATE_HEADER,
                first.length()
                    + "MSRP tid00002 SEND\r\nTo-Path: msrp://b.example.com:8888/s1;tcp\r\n"
                        .length(),
                MsrpDecodeError.Action.RESPOND_400));
    // After the bad frame the lines are forgotten, and the first frame decodes as before.
    assertThat(events.get(3)).isEqualTo(events.get(0));
  }

  @Test
  void aQuietConnectionsDecoderFreesThePreviousHeadAndReadsTheNextInFull() {
    Random random = new Random(11);
    MsrpDecoder decoder = new MsrpDecoder();
    List<Object> out = new ArrayList<>();
    List<Object> alone = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] f = frame(random, i).getBytes(StandardCharsets.ISO_8859_1);
      alone.addAll(Codec.decode(f));
      // Half of each frame: a head in progress keeps what it has.
      int half = f.length / 2;
      decoder.decode(io.netty.buffer.Unpooled.wrappedBuffer(f, 0, half), out);
      assertThat(decoder.forgetPreviousHead()).isFalse();
      decoder.decode(io.netty.buffer.Unpooled.wrappedBuffer(f, half, f.length - half), out);
      int held = decoder.bufferedBytes();
      if (i % 2 == 0) {
        assertThat(decoder.forgetPreviousHead()).isTrue();
        assertThat(decoder.bufferedBytes()).isLessThan(held);
      }
    }
    assertThat(Codec.events(out)).isEqualTo(alone);
  }
}
