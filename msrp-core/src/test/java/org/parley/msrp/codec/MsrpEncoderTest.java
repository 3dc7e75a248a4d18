package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHeaders;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpSyntaxException;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;

/** {@link MsrpEncoder}: byte-exact output, frame ordering, and the end-line collision check. */
class MsrpEncoderTest {
  static final String TO = "msrp://bob.example.com:8888/9di4eae923wzd;tcp";
  static final String FROM = "msrp://alicepc.example.com:7777/iau39soe2843z;tcp";
  static final String SEND_HEAD =
      "MSRP d93kswow SEND\r\n"
          + "To-Path: "
          + TO
          + "\r\n"
          + "From-Path: "
          + FROM
          + "\r\n"
          + "Message-ID: 12339sdqwer\r\n"
          + "Byte-Range: 1-16/16\r\n"
          + "Content-Type: text/plain\r\n";

  EmbeddedChannel ch;

  /** Body buffers handed to the channel; all must be released by the end of each test. */
  final List<ByteBuf> written = new ArrayList<>();

  @BeforeEach
  void setUp() {
    ch = new EmbeddedChannel(new MsrpEncoder());
  }

  @AfterEach
  void tearDown() {
    output(); // releases anything left
    assertThat(ch.finish()).as("nothing left in the channel").isFalse();
    for (ByteBuf b : written) {
      assertThat(b.refCnt()).as("body buffer released").isZero();
    }
  }

  static MsrpRequest send() {
    return MsrpRequest.builder(MsrpMethod.SEND)
        .transactionId("d93kswow")
        .toPath(List.of(MsrpUri.parse(TO)))
        .fromPath(List.of(MsrpUri.parse(FROM)))
        .messageId("12339sdqwer")
        .byteRange(ByteRange.of(1, 16, 16))
        .contentType("text/plain")
        .build();
  }

  static MsrpHeaders paths(String to, String from) {
    return MsrpHeaders.builder().add("To-Path", to).add("From-Path", from).build();
  }

  ByteBuf body(String s) {
    ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    written.add(b);
    return b;
  }

  /** Everything written so far, as a string (bytes as ISO-8859-1), output buffers released. */
  String output() {
    return new String(CodecPropertyTest.drain(ch), StandardCharsets.ISO_8859_1);
  }

  static MsrpRule ruleOf(Throwable t) {
    assertThat(t)
        .isInstanceOf(EncoderException.class)
        .hasCauseInstanceOf(MsrpSyntaxException.class);
    return ((MsrpSyntaxException) t.getCause()).rule();
  }

  // ---------------------------------------------------------------------------------------------
  // Byte-exact output

  @Test
  void headTwoBodyBuffersAndFlag() {
    ch.writeOutbound(send());
    ch.writeOutbound(body("Hi, I'm "));
    ch.writeOutbound(body("Alice!\r\n"));
    ch.writeOutbound(ContinuationFlag.END);
    assertThat(output())
        .isEqualTo(SEND_HEAD + "\r\n" + "Hi, I'm Alice!\r\n" + "\r\n" + "-------d93kswow$\r\n");
  }

  @Test
  void headAndFlagWithoutBodyHaveNoBlankLine() {
    ch.writeOutbound(send());
    ch.writeOutbound(ContinuationFlag.MORE);
    assertThat(output()).isEqualTo(SEND_HEAD + "-------d93kswow+\r\n");
  }

  @Test
  void emptyBufferMakesAnEmptyBody() {
    ch.writeOutbound(send());
    ch.writeOutbound(body(""));
    ch.writeOutbound(ContinuationFlag.ABORT);
    assertThat(output()).isEqualTo(SEND_HEAD + "\r\n" + "\r\n" + "-------d93kswow#\r\n");
  }

  @Test
  void responsesWithAndWithoutComment() {
    ch.writeOutbound(MsrpResponse.of("d93kswow", 200, "OK", paths(FROM, TO)));
    ch.writeOutbound(ContinuationFlag.END);
    ch.writeOutbound(MsrpResponse.of("dkei38sd", 481, null, paths(FROM, TO)));
    ch.writeOutbound(ContinuationFlag.END);
    ch.writeOutbound(MsrpResponse.of("dkei38se", 200, "\u00e7a va \u2603", paths(FROM, TO)));
    ch.writeOutbound(ContinuationFlag.END);
    String paths = "To-Path: " + FROM + "\r\nFrom-Path: " + TO + "\r\n";
    String utf8Comment =
        new String(
            "\u00e7a va \u2603".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    assertThat(output())
        .isEqualTo(
            "MSRP d93kswow 200 OK\r\n"
                + paths
                + "-------d93kswow$\r\n"
                + "MSRP dkei38sd 481\r\n"
                + paths
                + "-------dkei38sd$\r\n"
                + "MSRP dkei38se 200 "
                + utf8Comment
                + "\r\n"
                + paths
                + "-------dkei38se$\r\n");
  }

  @Test
  void wholeFrameWithBody() {
    ByteBuf content = body("Hi, I'm Alice!");
    ch.writeOutbound(new MsrpFrame(send(), content, true, ContinuationFlag.END));
    assertThat(output())
        .isEqualTo(SEND_HEAD + "\r\n" + "Hi, I'm Alice!" + "\r\n" + "-------d93kswow$\r\n");
  }

  @Test
  void wholeFrameWithEmptyBody() {
    ch.writeOutbound(new MsrpFrame(send(), body(""), true, ContinuationFlag.MORE));
    assertThat(output()).isEqualTo(SEND_HEAD + "\r\n" + "\r\n" + "-------d93kswow+\r\n");
  }

  @Test
  void wholeFrameWithoutBody() {
    MsrpResponse ok = MsrpResponse.of("d93kswow", 200, "OK", paths(FROM, TO));
    ch.writeOutbound(new MsrpFrame(ok, Unpooled.EMPTY_BUFFER, false, ContinuationFlag.END));
    assertThat(output())
        .isEqualTo(
            "MSRP d93kswow 200 OK\r\nTo-Path: "
                + FROM
                + "\r\nFrom-Path: "
                + TO
                + "\r\n-------d93kswow$\r\n");
  }

  @Test
  void framesAndPiecesInterleaveAcrossFrames() {
    ch.writeOutbound(send());
    ch.writeOutbound(body("a"));
    ch.writeOutbound(ContinuationFlag.MORE);
    ch.writeOutbound(new MsrpFrame(send(), body("b"), true, ContinuationFlag.END));
    assertThat(output())
        .isEqualTo(
            SEND_HEAD
                + "\r\na\r\n-------d93kswow+\r\n"
                + SEND_HEAD
                + "\r\nb\r\n-------d93kswow$\r\n");
  }

  @Test
  void encodedFramesDecodeBack() {
    ch.writeOutbound(send());
    ch.writeOutbound(body("Hi, I'm "));
    ch.writeOutbound(body("Alice!"));
    ch.writeOutbound(ContinuationFlag.END);
    byte[] wire = output().getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Codec.decode(wire))
        .containsExactly(
            send(), new Codec.Body(Codec.ascii("Hi, I'm Alice!")), ContinuationFlag.END);
  }

  // ---------------------------------------------------------------------------------------------
  // Ordering

  @Test
  void bodyWithoutHeadFails() {
    ByteBuf b = body("x");
    assertThatThrownBy(() -> ch.writeOutbound(b)).isInstanceOf(EncoderException.class);
    assertThat(output()).isEmpty();
  }

  @Test
  void flagWithoutHeadFails() {
    assertThatThrownBy(() -> ch.writeOutbound(ContinuationFlag.END))
        .isInstanceOf(EncoderException.class);
    assertThat(output()).isEmpty();
  }

  @Test
  void twoHeadsInARowFail() {
    ch.writeOutbound(send());
    assertThatThrownBy(() -> ch.writeOutbound(send())).isInstanceOf(EncoderException.class);
    ch.writeOutbound(ContinuationFlag.END);
    assertThat(output()).isEqualTo(SEND_HEAD + "-------d93kswow$\r\n");
  }

  @Test
  void wholeFrameInsideAnOpenFrameFails() {
    ch.writeOutbound(send());
    ByteBuf b = body("x");
    assertThatThrownBy(() -> ch.writeOutbound(new MsrpFrame(send(), b, true, ContinuationFlag.END)))
        .isInstanceOf(EncoderException.class);
    ch.writeOutbound(ContinuationFlag.END);
    assertThat(output()).isEqualTo(SEND_HEAD + "-------d93kswow$\r\n");
  }

  @Test
  void flagAfterAFinishedFrameFails() {
    ch.writeOutbound(send());
    ch.writeOutbound(ContinuationFlag.END);
    assertThatThrownBy(() -> ch.writeOutbound(ContinuationFlag.END))
        .isInstanceOf(EncoderException.class);
    assertThat(output()).isEqualTo(SEND_HEAD + "-------d93kswow$\r\n");
  }

  // ---------------------------------------------------------------------------------------------
  // End-line collisions

  @Test
  void endLineSplitAcrossBuffersIsRefusedAndTheFrameCanEndWithMore() {
    ch.writeOutbound(send());
    ch.writeOutbound(body("first part\r\n---"));
    Throwable t = catchThrowable(() -> ch.writeOutbound(body("----d93kswow$ and more")));
    assertThat(ruleOf(t)).isEqualTo(MsrpRule.CONTENT_HAS_END_LINE);
    ch.writeOutbound(ContinuationFlag.MORE);
    assertThat(output())
        .isEqualTo(SEND_HEAD + "\r\n" + "first part\r\n---" + "\r\n" + "-------d93kswow+\r\n");
  }

  @Test
  void endLineSplitInsideTheTransactionIdIsRefused() {
    ch.writeOutbound(send());
    ch.writeOutbound(body("x\r\n-------d93k"));
    ch.writeOutbound(body("sw"));
    Throwable t = catchThrowable(() -> ch.writeOutbound(body("ow#")));
    assertThat(ruleOf(t)).isEqualTo(MsrpRule.CONTENT_HAS_END_LINE);
    ch.writeOutbound(ContinuationFlag.MORE);
    assertThat(output())
        .isEqualTo(SEND_HEAD + "\r\nx\r\n-------d93ksw" + "\r\n-------d93kswow+\r\n");
  }

  @Test
  void endLineAtTheVeryStartOfTheBodyIsRefused() {
    // The blank line before the body supplies the end-line's CRLF.
    ch.writeOutbound(send());
    Throwable t = catchThrowable(() -> ch.writeOutbound(body("-------d93kswow+\r\n")));
    assertThat(ruleOf(t)).isEqualTo(MsrpRule.CONTENT_HAS_END_LINE);
    ch.writeOutbound(ContinuationFlag.MORE);
    assertThat(output()).isEqualTo(SEND_HEAD + "-------d93kswow+\r\n");
  }

  @Test
  void endLineRefusedAfterAnEmptyBuffer() {
    ch.writeOutbound(send());
    ch.writeOutbound(body(""));
    Throwable t = catchThrowable(() -> ch.writeOutbound(body("-------d93kswow$")));
    assertThat(ruleOf(t)).isEqualTo(MsrpRule.CONTENT_HAS_END_LINE);
    ch.writeOutbound(ContinuationFlag.MORE);
    assertThat(output()).isEqualTo(SEND_HEAD + "\r\n" + "\r\n" + "-------d93kswow+\r\n");
  }

  @Test
  void wholeFrameWithEndLineIsRefusedBeforeWritingAnything() {
    MsrpFrame frame =
        new MsrpFrame(send(), body("abc\r\n-------d93kswow$def"), true, ContinuationFlag.END);
    Throwable t = catchThrowable(() -> ch.writeOutbound(frame));
    assertThat(ruleOf(t)).isEqualTo(MsrpRule.CONTENT_HAS_END_LINE);
    assertThat(output()).isEmpty();
    // The encoder is not left inside a frame.
    ch.writeOutbound(send());
    ch.writeOutbound(ContinuationFlag.END);
    assertThat(output()).isEqualTo(SEND_HEAD + "-------d93kswow$\r\n");
  }

  @Test
  void nearEndLinesAreAccepted() {
    String[] bodies = {
      "\r\n-------a786hjs2$\r\n", // another transaction's end-line
      "x-------d93kswow$\r\n", // the own id without CRLF before
      "\r\n-------d93kswowx", // the own id and a non-flag
      "\r\n-------d93kswow", // the own id at the end, no flag
      "\r\n-------d93kswo$", // a prefix of the own id and a flag
      "\r\n-------d93kswowz$", // a longer id
      "\r\n------d93kswow$", // six dashes
      "\r\n--------d93kswow$", // eight dashes
      "\r-------d93kswow$", // CR without LF
      "\n-------d93kswow$", // LF without CR
      "\r\r\n\r\n\n\r", // CR and LF runs
    };
    StringBuilder expected = new StringBuilder();
    for (String b : bodies) {
      ch.writeOutbound(send());
      ch.writeOutbound(body(b));
      ch.writeOutbound(ContinuationFlag.END);
      expected.append(SEND_HEAD).append("\r\n").append(b).append("\r\n-------d93kswow$\r\n");
    }
    assertThat(output()).isEqualTo(expected.toString());
  }

  @Test
  void nearEndLinesSplitAcrossBuffersAreAccepted() {
    ch.writeOutbound(send());
    ch.writeOutbound(body("\r"));
    ch.writeOutbound(body("\n---"));
    ch.writeOutbound(body("----d93ks"));
    ch.writeOutbound(body("wow"));
    ch.writeOutbound(body("=\r\n-------d93kswo"));
    ch.writeOutbound(body("W$"));
    ch.writeOutbound(ContinuationFlag.END);
    assertThat(output())
        .isEqualTo(
            SEND_HEAD
                + "\r\n\r\n-------d93kswow=\r\n-------d93kswoW$"
                + "\r\n-------d93kswow$\r\n");
  }

  @Test
  void theCheckRestartsForEachFrame() {
    // A partial end-line at the end of one frame's body does not carry into the next frame.
    ch.writeOutbound(send());
    ch.writeOutbound(body("\r\n-------d93kswow"));
    ch.writeOutbound(ContinuationFlag.MORE);
    MsrpRequest other = send().toBuilder().transactionId("zzzz1234").build();
    ch.writeOutbound(other);
    ch.writeOutbound(body("$ is fine here"));
    ch.writeOutbound(ContinuationFlag.END);
    assertThat(output())
        .isEqualTo(
            SEND_HEAD
                + "\r\n\r\n-------d93kswow\r\n-------d93kswow+\r\n"
                + SEND_HEAD.replace("d93kswow", "zzzz1234")
                + "\r\n$ is fine here\r\n-------zzzz1234$\r\n");
  }

  // ---------------------------------------------------------------------------------------------
  // Transaction ids

  @Test
  void transactionIdsAreSixteenCharIdentsAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = TransactionIds.next();
      assertThat(id).hasSize(16).matches("[A-Za-z0-9]{16}");
      assertThat(TransactionIds.check(id)).isEqualTo(id);
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }

  /**
   * A head is written the same into a buffer with an array (copied in place) and into a direct one
   * (through the thread's array), UTF-8 values and comments included, and a head longer than the
   * thread's array too.
   */
  @Test
  void aHeadIsTheSameBytesInAHeapAndInADirectBuffer() {
    MsrpHeaders.Builder long_ = MsrpHeaders.builder().add("To-Path", TO).add("From-Path", FROM);
    for (int i = 0; i < 60; i++) {
      long_.add("X-Long-" + i, "v".repeat(90));
    }
    List<MsrpResponse> heads =
        List.of(
            MsrpResponse.of(
                "tid12345",
                200,
                "très bien",
                MsrpHeaders.builder()
                    .add("To-Path", TO)
                    .add("From-Path", FROM)
                    .add("X-Note", "grüße ✓")
                    .build()),
            MsrpResponse.of("tid12346", 413, null, long_.build()));
    for (MsrpResponse head : heads) {
      ByteBuf heap = Unpooled.buffer(8);
      ByteBuf direct = Unpooled.directBuffer(8);
      try {
        MsrpEncoder.writeHead(head, heap);
        MsrpEncoder.writeHead(head, direct);
        assertThat(heap.hasArray()).isTrue();
        assertThat(direct.hasArray()).isFalse();
        String expected =
            "MSRP "
                + head.transactionId()
                + " "
                + head.code()
                + (head.comment() != null ? " " + head.comment() : "")
                + "\r\n"
                + head.headers().all().stream()
                    .map(h -> h.name() + ": " + h.value() + "\r\n")
                    .reduce("", String::concat);
        assertThat(heap.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(direct.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
      } finally {
        heap.release();
        direct.release();
      }
    }
  }
}
