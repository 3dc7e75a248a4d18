package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpRule;

/**
 * Every example message of RFC 4975 and RFC 4976 (src/test/resources/rfc): decoded without error,
 * re-encoded byte-exact, and decoded the same when split at every offset and byte by byte.
 */
class RfcFixturesTest {
  /**
   * The RFC 4975 §5.1 figure shows its two chunks without To-Path and From-Path, which the grammar
   * requires: the decoder must refuse them, naming the missing header.
   */
  static final Set<String> BREAK_THE_GRAMMAR =
      Set.of("rfc4975-5.1-chunk-1.msrp", "rfc4975-5.1-chunk-2.msrp");

  static Stream<String> fixtures() throws IOException {
    return Arrays.stream(read("index.txt").split("\n")).map(String::trim).filter(s -> !s.isEmpty());
  }

  static String read(String name) throws IOException {
    return new String(bytes(name), StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(String name) throws IOException {
    try (InputStream in = RfcFixturesTest.class.getResourceAsStream("/rfc/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void decodesAndReencodesByteExact(String name) throws IOException {
    byte[] wire = bytes(name);
    List<Object> events = Codec.decode(wire);
    if (BREAK_THE_GRAMMAR.contains(name)) {
      assertThat(events).hasSize(1);
      Codec.Error e = (Codec.Error) events.get(0);
      assertThat(e.rule()).isEqualTo(MsrpRule.MISSING_HEADER);
      assertThat(e.action()).isEqualTo(MsrpDecodeError.Action.RESPOND_400);
      return;
    }
    assertThat(events).hasSizeBetween(2, 3);
    assertThat(events.get(0)).isInstanceOf(MsrpHead.class);
    assertThat(events.get(events.size() - 1)).isInstanceOf(ContinuationFlag.class);
    assertThat(new String(Codec.encode(events), StandardCharsets.ISO_8859_1))
        .isEqualTo(new String(wire, StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void decodesTheSameSplitAnywhere(String name) throws IOException {
    byte[] wire = bytes(name);
    List<Object> whole = Codec.decode(wire);
    for (int cut = 1; cut < wire.length; cut++) {
      assertThat(Codec.decode(wire, new int[] {cut}, MsrpDecoderConfig.DEFAULT))
          .as("cut at %d", cut)
          .isEqualTo(whole);
    }
    assertThat(Codec.decodeByteByByte(wire)).isEqualTo(whole);
  }
}
