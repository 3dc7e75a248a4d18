package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.msrp.codec.Codec.crlf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpRule;

class AggregatorTest {
  private EmbeddedChannel ch;

  static String chunk(String tid, String messageId, String range, String body, char flag) {
    return "MSRP "
        + tid
        + " SEND\n"
        + "To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\n"
        + "From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\n"
        + "Message-ID: "
        + messageId
        + "\n"
        + "Byte-Range: "
        + range
        + "\n"
        + "Content-Type: text/plain\n"
        + "\n"
        + body
        + "\n-------"
        + tid
        + flag
        + "\n";
  }

  List<Object> feed(String... frames) {
    for (String f : frames) {
      ch.writeInbound(Unpooled.wrappedBuffer(crlf(f)));
    }
    List<Object> out = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      out.add(o);
    }
    return out;
  }

  static String text(ByteBuf b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  @AfterEach
  void finish() {
    if (ch != null) {
      assertThat(ch.finishAndReleaseAll()).as("nothing left over").isFalse();
    }
  }

  void messages(int maxSize) {
    ch =
        new EmbeddedChannel(
            new MsrpDecoder(),
            new MsrpChunkAggregator(1 << 20),
            new MsrpMessageAggregator(maxSize, 4));
  }

  @Test
  void chunkAggregatorJoinsSlicesAndPassesErrors() {
    ch = new EmbeddedChannel(new MsrpDecoder(), new MsrpChunkAggregator(10));
    ch.writeInbound(Unpooled.wrappedBuffer(crlf(chunk("tid00001", "m100", "1-8/8", "ab", '+'))));
    MsrpFrame f = ch.readInbound();
    assertThat(f.head().transactionId()).isEqualTo("tid00001");
    assertThat(text(f.content())).isEqualTo("ab");
    assertThat(f.flag()).isEqualTo(ContinuationFlag.MORE);
    assertThat(f.hasBody()).isTrue();
    f.release();

    List<Object> out =
        feed(
            chunk("tid00002", "m200", "1-11/11", "hello world", '$'),
            chunk("tid00003", "m300", "1-2/2", "ok", '$'));
    assertThat(out).hasSize(2);
    MsrpDecodeError e = (MsrpDecodeError) out.get(0);
    assertThat(e.rule()).isEqualTo(MsrpRule.CONTENT_TOO_LARGE);
    assertThat(e.action()).isEqualTo(MsrpDecodeError.Action.RESPOND_413);
    assertThat(e.transactionId()).isEqualTo("tid00002");
    assertThat(text(((MsrpFrame) out.get(1)).content())).isEqualTo("ok");
    out.forEach(ReferenceCountUtil::release);
  }

  @Test
  void joinsChunksInOrderOutOfOrderAndRepeated() {
    messages(1000);
    List<Object> out =
        feed(
            chunk("tid00001", "msg1", "1-4/8", "abcd", '+'),
            chunk("tid00002", "msg1", "5-8/8", "EFGH", '$'));
    assertThat(out).hasSize(1);
    MsrpMessage m = (MsrpMessage) out.get(0);
    assertThat(text(m.content())).isEqualTo("abcdEFGH");
    assertThat(m.end()).isEqualTo(ContinuationFlag.END);
    assertThat(m.messageId()).isEqualTo("msg1");
    m.release();

    out =
        feed(
            chunk("tid00003", "msg2", "5-8/8", "EFGH", '$'),
            chunk("tid00004", "msg2", "1-4/8", "abcd", '+'),
            chunk("tid00005", "msg2", "1-4/8", "abcd", '+'));
    assertThat(out).hasSize(1);
    assertThat(text(((MsrpMessage) out.get(0)).content())).isEqualTo("abcdEFGH");
    out.forEach(ReferenceCountUtil::release);
  }

  @Test
  void interruptedChunkWithUnknownEndAndInterleavedMessages() {
    messages(1000);
    List<Object> out =
        feed(
            chunk("tid00001", "msgA", "1-*/*", "one ", '+'),
            chunk("tid00002", "msgB", "1-3/3", "two", '$'),
            chunk("tid00003", "msgA", "5-*/*", "three", '$'));
    assertThat(out).hasSize(2);
    assertThat(text(((MsrpMessage) out.get(0)).content())).isEqualTo("two");
    assertThat(text(((MsrpMessage) out.get(1)).content())).isEqualTo("one three");
    out.forEach(ReferenceCountUtil::release);
  }

  @Test
  void abortDeliversWhatCameAndTooLargeIsRefused() {
    messages(10);
    List<Object> out =
        feed(
            chunk("tid00001", "msgA", "1-4/8", "abcd", '+'),
            chunk("tid00002", "msgA", "5-*/8", "", '#'));
    assertThat(out).hasSize(1);
    MsrpMessage m = (MsrpMessage) out.get(0);
    assertThat(m.end()).isEqualTo(ContinuationFlag.ABORT);
    assertThat(text(m.content())).isEqualTo("abcd");
    m.release();

    out =
        feed(
            chunk("tid00003", "msgB", "1-4/20", "abcd", '+'),
            chunk("tid00004", "msgB", "5-8/20", "efgh", '+'),
            chunk("tid00005", "msgC", "1-2/2", "ok", '$'));
    assertThat(out).hasSize(3);
    assertThat(((MsrpDecodeError) out.get(0)).action())
        .isEqualTo(MsrpDecodeError.Action.RESPOND_413);
    assertThat(((MsrpDecodeError) out.get(1)).transactionId()).isEqualTo("tid00004");
    assertThat(text(((MsrpMessage) out.get(2)).content())).isEqualTo("ok");
    out.forEach(ReferenceCountUtil::release);
  }

  @Test
  void otherFramesPassThrough() {
    messages(1000);
    List<Object> out =
        feed(
            "MSRP tid00009 200 OK\n"
                + "To-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\n"
                + "From-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\n"
                + "-------tid00009$\n",
            "MSRP tid0000a REPORT\n"
                + "To-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\n"
                + "From-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\n"
                + "Message-ID: msg1\n"
                + "Byte-Range: 1-8/8\n"
                + "Status: 000 200 OK\n"
                + "-------tid0000a$\n");
    assertThat(out).hasSize(2);
    MsrpFrame r = (MsrpFrame) out.get(0);
    assertThat(((MsrpResponse) r.head()).code()).isEqualTo(200);
    assertThat(r.hasBody()).isFalse();
    MsrpFrame report = (MsrpFrame) out.get(1);
    assertThat(((MsrpRequest) report.head()).method()).isEqualTo(MsrpMethod.REPORT);
    out.forEach(ReferenceCountUtil::release);
  }
}
