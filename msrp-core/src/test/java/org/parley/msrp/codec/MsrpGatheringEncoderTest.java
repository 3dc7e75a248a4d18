package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpSyntaxException;

/**
 * {@link MsrpGatheringEncoder}: the bytes are {@link MsrpEncoder}'s, one write per event-loop turn,
 * large bodies uncopied and in order, a close hands on what was gathered, refusals as the
 * encoder's.
 */
@Timeout(30)
class MsrpGatheringEncoderTest {
  final EmbeddedChannel ch = new EmbeddedChannel(new MsrpGatheringEncoder());

  /** Buffers handed to the channel; all must be released by the end of each test. */
  final List<ByteBuf> bodies = new ArrayList<>();

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
    for (ByteBuf b : bodies) {
      assertThat(b.refCnt()).as("body released").isZero();
    }
  }

  /**
   * Writes and flushes through the pipeline: the channel's own methods would run the loop's tasks
   * at once (EmbeddedChannel), which here is what the test controls.
   */
  ChannelFuture put(Object msg) {
    return ch.pipeline().writeAndFlush(msg);
  }

  ByteBuf body(String s) {
    ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    bodies.add(b);
    return b;
  }

  ByteBuf body(int size) {
    ByteBuf b = Unpooled.buffer(size).writeZero(size);
    bodies.add(b);
    return b;
  }

  /** The buffers the channel wrote, in order. */
  List<ByteBuf> outbound() {
    List<ByteBuf> out = new ArrayList<>();
    Object m;
    while ((m = ch.readOutbound()) != null) {
      out.add((ByteBuf) m);
    }
    return out;
  }

  static String text(List<ByteBuf> bufs) {
    StringBuilder sb = new StringBuilder();
    for (ByteBuf b : bufs) {
      sb.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return sb.toString();
  }

  /** What a plain {@link MsrpEncoder} makes of the same writes. */
  static String plain(Object... msgs) {
    EmbeddedChannel p = new EmbeddedChannel(new MsrpEncoder());
    for (Object m : msgs) {
      if (m instanceof ByteBuf b) {
        p.writeOutbound(b.retainedDuplicate());
      } else {
        p.writeOutbound(m);
      }
    }
    List<ByteBuf> out = new ArrayList<>();
    Object o;
    while ((o = p.readOutbound()) != null) {
      out.add((ByteBuf) o);
    }
    p.finishAndReleaseAll();
    return text(out);
  }

  /** A response as a relay writes one: a whole frame. */
  static MsrpFrame ok() {
    MsrpResponse ok = MsrpResponse.to(MsrpEncoderTest.send(), 200, "OK");
    return new MsrpFrame(ok, Unpooled.EMPTY_BUFFER, false, ContinuationFlag.END);
  }

  @Test
  void aTurnsWritesGoOutAsOneBufferWithThePlainEncodersBytesWhenTheLoopRunsItsTasks() {
    ByteBuf b = body("Hi, how are you?");
    String expected = plain(MsrpEncoderTest.send(), b, ContinuationFlag.END, ok());

    put(MsrpEncoderTest.send());
    put(b);
    put(ContinuationFlag.END);
    ChannelFuture answered = put(ok());

    assertThat(ch.outboundMessages()).as("a flush only marks one as due").isEmpty();
    assertThat(answered.isDone()).isFalse();
    ch.runPendingTasks();
    List<ByteBuf> out = outbound();
    assertThat(out).hasSize(1);
    assertThat(text(out)).isEqualTo(expected);
    assertThat(answered.isSuccess()).as("its promise completes with the gathered write").isTrue();
  }

  @Test
  void aLargeBodyGoesOnUncopiedAfterWhatWasGatheredBeforeIt() {
    ByteBuf large = body(MsrpGatheringEncoder.COPY_MAX + 1);
    String expected = plain(MsrpEncoderTest.send(), large, ContinuationFlag.MORE);

    put(MsrpEncoderTest.send());
    put(large);
    put(ContinuationFlag.MORE);
    ch.runPendingTasks();

    List<ByteBuf> out = outbound();
    assertThat(out).hasSize(4); // head, blank line, the body itself, end-line
    assertThat(out.get(2)).as("the body's own buffer").isSameAs(large);
    assertThat(text(out)).isEqualTo(expected);
  }

  @Test
  void pastItsBoundWhatWasGatheredGoesOnUnflushed() {
    int frames = 0;
    while (ch.unsafe().outboundBuffer().totalPendingWriteBytes() == 0 && frames < 1000) {
      ch.pipeline().write(ok());
      frames++;
    }
    // In the channel's outbound buffer, where its water marks count it, but not yet flushed.
    assertThat(frames).isLessThan(1000);
    assertThat(ch.outboundMessages()).isEmpty();
    ch.pipeline().flush();
    ch.runPendingTasks();
    String all = text(outbound());
    assertThat(all.length()).isGreaterThanOrEqualTo(MsrpGatheringEncoder.HAND_ON_AT);
    assertThat(all.split("MSRP ", -1)).hasSize(frames + 1);
  }

  @Test
  void aCloseHandsOnWhatWasGatheredFirst() {
    put(ok());
    ch.close();
    assertThat(text(outbound())).isEqualTo(plain(ok()));
  }

  @Test
  void aBodyHoldingItsOwnEndLineIsRefusedAndWhatCameBeforeStillGoes() {
    put(MsrpEncoderTest.send());
    ChannelFuture refused = put(body("x\r\n-------d93kswow$\r\n"));
    assertThat(refused.cause())
        .isInstanceOf(EncoderException.class)
        .cause()
        .isInstanceOfSatisfying(
            MsrpSyntaxException.class,
            e -> assertThat(e.rule()).isEqualTo(MsrpRule.CONTENT_HAS_END_LINE));
    put(ContinuationFlag.MORE); // the frame stays open: it may end
    ch.runPendingTasks();
    assertThat(text(outbound())).isEqualTo(plain(MsrpEncoderTest.send(), ContinuationFlag.MORE));
  }

  @Test
  void aFlagWithoutAHeadIsRefusedWithNothingLeftBehind() {
    ChannelFuture refused = put(ContinuationFlag.END);
    assertThat(refused.cause()).isInstanceOf(EncoderException.class);
    ch.runPendingTasks();
    assertThat(outbound()).isEmpty();
  }

  @Test
  void whatIsNoMsrpPassesThroughAfterWhatWasGatheredBeforeIt() {
    put(ok());
    put("not msrp");
    ch.runPendingTasks();
    Object first = ch.readOutbound();
    assertThat(first).isInstanceOf(ByteBuf.class);
    assertThat(text(List.of((ByteBuf) first))).isEqualTo(plain(ok()));
    assertThat((Object) ch.readOutbound()).isEqualTo("not msrp");
  }

  @Test
  void aGatheredWriteThatFailsReachesThePromisesAndTheExceptionHandlerForVoidOnes() {
    ChannelFuture listened = put(ok());
    ch.pipeline().writeAndFlush(ok(), ch.voidPromise());
    ch.unsafe().close(ch.unsafe().voidPromise()); // closed below the encoder: nothing handed on
    ch.runPendingTasks();
    assertThat(listened.cause()).isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(ch::checkException).isInstanceOf(ClosedChannelException.class);
  }
}
