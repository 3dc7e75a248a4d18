package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.EncoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpSyntaxException;

/**
 * Coverage-guided fuzzing of the {@link MsrpDecoder} (Jazzer). In {@code mvn verify} it runs once
 * over each input of its corpus ({@code MsrpDecoderFuzzTestInputs/decode} in the test resources);
 * {@code scripts/fuzz.sh} runs it in fuzzing mode.
 *
 * <p>The fuzz data chooses the limits (default or small), up to 16 read boundaries and whether each
 * read is a heap or direct buffer; the rest of it is the stream. For every input, with the checks
 * of {@link DecoderFuzzTest#run}: nothing is thrown; only heads, body buffers, flags and {@link
 * MsrpDecodeError}s come out; every read is consumed and the position is the input's length; the
 * bytes held never exceed {@link MsrpDecoder#maxBufferedBytes}; the events do not depend on the
 * reads. Then: the body bytes, the shortest start line per head and the shortest end-line per flag
 * fit in the input, and the frames before the first error, re-encoded, decode to the same events
 * and encode to the same bytes again. A body holding its own end-line without the CRLF after the
 * flag, which the decoder takes as body, is refused by the encoder (the sender's rule of RFC 4975
 * section 7.1) with {@link MsrpRule#CONTENT_HAS_END_LINE}; only the frames before it are
 * re-encoded.
 */
class MsrpDecoderFuzzTest {
  /** The shortest start line (a one-character transaction id), and end-line. */
  private static final int LEAST_START_LINE = "MSRP a 200\r\n".length();

  private static final int LEAST_END_LINE = "-------a$\r\n".length();

  @FuzzTest
  void decode(FuzzedDataProvider data) {
    MsrpDecoderConfig config =
        data.consumeBoolean() ? DecoderFuzzTest.SMALL : MsrpDecoderConfig.DEFAULT;
    long readSeed = data.consumeLong();
    int[] cuts = new int[data.consumeInt(0, 16)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = data.consumeInt(0, Integer.MAX_VALUE);
    }
    byte[] input = data.consumeRemainingAsBytes();
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] %= input.length + 1;
    }
    Arrays.sort(cuts);
    Supplier<String> info =
        () ->
            "config "
                + (config == DecoderFuzzTest.SMALL ? "SMALL" : "DEFAULT")
                + ", cuts "
                + Arrays.toString(cuts)
                + ", input ("
                + input.length
                + " bytes):\n"
                + CodecPropertyTest.Gen.show(input);

    List<Object> split = DecoderFuzzTest.run(input, cuts, config, new Random(readSeed), info);
    List<Object> whole =
        DecoderFuzzTest.run(input, new int[0], config, new Random(~readSeed), info);
    assertThat(split).as("events do not depend on the reads; %s", info).isEqualTo(whole);

    long bytes = 0;
    for (Object o : whole) {
      if (o instanceof Codec.Body) {
        bytes += ((Codec.Body) o).bytes().length;
      } else if (o instanceof MsrpHead) {
        bytes += LEAST_START_LINE;
      } else if (o instanceof ContinuationFlag) {
        bytes += LEAST_END_LINE;
      }
    }
    assertThat(bytes)
        .as("body bytes plus the least start and end-lines fit in the input; %s", info)
        .isLessThanOrEqualTo(input.length);

    List<Object> frames = completeFramesBeforeTheFirstError(whole);
    int refused = firstFrameHoldingItsEndLine(frames);
    if (refused >= 0) {
      // The decoder takes such a body (the end-line needs CRLF after the flag); the sender's rule
      // (RFC 4975 section 7.1) is stricter, and the encoder refuses the body with the typed error.
      List<Object> frame = frames.subList(refused, frames.size());
      Throwable t = catchThrowable(() -> Codec.encode(frame.subList(0, frameLength(frame))));
      assertThat(t)
          .as("the encoder refuses the body; %s", info)
          .isInstanceOf(EncoderException.class);
      assertThat(t.getCause())
          .as("the refusal's cause; %s", info)
          .isInstanceOfSatisfying(
              MsrpSyntaxException.class,
              e -> assertThat(e.rule()).isEqualTo(MsrpRule.CONTENT_HAS_END_LINE));
      frames = new ArrayList<>(frames.subList(0, refused));
    }
    if (frames.isEmpty()) {
      return;
    }
    byte[] wire = Codec.encode(frames);
    List<Object> again =
        DecoderFuzzTest.run(
            wire, new int[0], MsrpDecoderConfig.DEFAULT, new Random(readSeed), info);
    assertThat(again).as("decode(encode(frames)) == frames; %s", info).isEqualTo(frames);
    assertThat(Codec.encode(again)).as("encode is stable; %s", info).isEqualTo(wire);
  }

  /**
   * The index of the head of the first frame whose body holds {@code CRLF "-------" transact-id
   * continuation-flag} (the CRLF before the body counts), or -1.
   */
  static int firstFrameHoldingItsEndLine(List<Object> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i) instanceof MsrpHead && frames.get(i + 1) instanceof Codec.Body) {
        String tid = ((MsrpHead) frames.get(i)).transactionId();
        String body =
            "\r\n"
                + new String(((Codec.Body) frames.get(i + 1)).bytes(), StandardCharsets.ISO_8859_1);
        for (char flag : new char[] {'$', '+', '#'}) {
          if (body.contains("\r\n-------" + tid + flag)) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  /** The number of events of the frame at the start of {@code events}: head, body, flag. */
  private static int frameLength(List<Object> events) {
    return events.get(1) instanceof Codec.Body ? 3 : 2;
  }

  /** The events up to the last flag that comes before any error. */
  static List<Object> completeFramesBeforeTheFirstError(List<Object> events) {
    int end = 0;
    for (int i = 0; i < events.size(); i++) {
      Object o = events.get(i);
      if (o instanceof Codec.Error) {
        break;
      }
      if (o instanceof ContinuationFlag) {
        end = i + 1;
      }
    }
    return new ArrayList<>(events.subList(0, end));
  }
}
