package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;

/**
 * Test harness: runs bytes through a decoder in given pieces and turns the output into comparable
 * events (heads, body bytes per frame, flags, errors), and events back into bytes.
 */
public final class Codec {
  private Codec() {}

  /** Body bytes of one frame, joined from all its slices. */
  public record Body(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Body && Arrays.equals(bytes, ((Body) o).bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Body[" + new String(bytes, StandardCharsets.ISO_8859_1) + "]";
    }
  }

  /** An error as compared in tests: rule, offset, action (the detail is free text). */
  public record Error(org.parley.msrp.MsrpRule rule, long offset, MsrpDecodeError.Action action) {}

  /** Decodes the input whole. */
  public static List<Object> decode(byte[] input) {
    return decode(input, new int[0], MsrpDecoderConfig.DEFAULT);
  }

  /** Decodes the input given to the decoder in pieces cut at {@code cuts} (ascending offsets). */
  public static List<Object> decode(byte[] input, int[] cuts, MsrpDecoderConfig config) {
    MsrpDecoder decoder = new MsrpDecoder(config);
    List<Object> raw = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : input.length;
      // Heap and direct pieces in turn: the decoder reads direct memory by address.
      ByteBuf piece =
          (i % 2 == 0 ? Unpooled.directBuffer(to - from) : Unpooled.buffer(to - from))
              .writeBytes(input, from, to - from);
      decoder.decode(piece, raw);
      assertThat(piece.isReadable()).as("the decoder consumes all input").isFalse();
      piece.release();
      from = to;
    }
    decoder.decodeEnd(raw);
    assertThat(decoder.position()).isEqualTo(input.length);
    assertThat(decoder.bufferedBytes())
        .as("bytes the decoder holds")
        .isLessThanOrEqualTo(MsrpDecoder.maxBufferedBytes(config));
    return events(raw);
  }

  /** Decodes one byte at a time. */
  public static List<Object> decodeByteByByte(byte[] input) {
    int[] cuts = new int[Math.max(0, input.length - 1)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    return decode(input, cuts, MsrpDecoderConfig.DEFAULT);
  }

  /** Joins body slices of a frame into one {@link Body}, releasing them; maps errors. */
  static List<Object> events(List<Object> raw) {
    List<Object> out = new ArrayList<>();
    ByteArrayOutputStream body = null;
    for (Object o : raw) {
      if (o instanceof ByteBuf) {
        ByteBuf b = (ByteBuf) o;
        if (body == null) {
          body = new ByteArrayOutputStream();
        }
        byte[] bytes = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), bytes);
        body.writeBytes(bytes);
        b.release();
        continue;
      }
      if (body != null) {
        out.add(new Body(body.toByteArray()));
        body = null;
      }
      if (o instanceof MsrpDecodeError) {
        MsrpDecodeError e = (MsrpDecodeError) o;
        out.add(new Error(e.rule(), e.offset(), e.action()));
      } else {
        out.add(o);
      }
    }
    if (body != null) {
      out.add(new Body(body.toByteArray()));
    }
    return out;
  }

  /** Encodes events (heads, bodies, flags) with an {@link MsrpEncoder}. */
  public static byte[] encode(List<Object> events) {
    EmbeddedChannel ch = new EmbeddedChannel(new MsrpEncoder());
    try {
      for (Object e : events) {
        if (e instanceof Body) {
          ch.writeOutbound(Unpooled.wrappedBuffer(((Body) e).bytes()));
        } else if (e instanceof MsrpHead || e instanceof ContinuationFlag) {
          ch.writeOutbound(e);
        } else {
          throw new IllegalArgumentException("cannot encode " + e);
        }
      }
    } catch (RuntimeException e) {
      ch.finishAndReleaseAll(); // what was encoded before the refusal
      throw e;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      out.writeBytes(bytes);
      b.release();
    }
    assertThat(ch.finish()).isFalse();
    return out.toByteArray();
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces each LF of a readable text with CRLF. */
  public static byte[] crlf(String s) {
    return ascii(s.replace("\n", "\r\n"));
  }
}
