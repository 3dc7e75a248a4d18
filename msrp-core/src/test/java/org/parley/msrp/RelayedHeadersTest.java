package org.parley.msrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.msrp.codec.MsrpDecoder;

/**
 * A relay's pass-on of a head (RFC 4976 §3): its URIs leave To-Path and go first in From-Path, the
 * last taken first, with every other header and the URIs' text as they were.
 */
@Timeout(30)
class RelayedHeadersTest {
  private static final String A = "msrp://a.example:2855/a1;tcp";
  private static final String R1 = "msrps://relay1.example:2855/r1;tcp";
  private static final String R2 = "msrps://relay2.example:2855/r2;tcp";
  private static final String B = "msrp://B.example:2855/b1;tcp";

  /** A SEND as read from the wire, so that its headers keep the text they came with. */
  private static MsrpRequest read(String to, String from) {
    String wire =
        "MSRP t1x9abcd SEND\r\nTo-Path: "
            + to
            + "\r\nFrom-Path: "
            + from
            + "\r\nMessage-ID: m77xyz\r\nByte-Range: 1-2/2\r\nX-Other: keep me\r\n"
            + "Content-Type: text/plain\r\n\r\nhi\r\n-------t1x9abcd$\r\n";
    EmbeddedChannel ch = new EmbeddedChannel(new MsrpDecoder());
    ch.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.US_ASCII));
    MsrpRequest r = ch.readInbound();
    Object o;
    while ((o = ch.readInbound()) != null) {
      io.netty.util.ReferenceCountUtil.release(o);
    }
    ch.finishAndReleaseAll();
    return r;
  }

  @Test
  void oneHopMovesTheFirstUriOfToPathToTheFrontOfFromPath() {
    MsrpRequest r = read(R1 + " " + B, A);
    MsrpRequest out = r.relayed("n3wtid00", 1);
    assertThat(out.transactionId()).isEqualTo("n3wtid00");
    assertThat(out.method()).isEqualTo(MsrpMethod.SEND);
    assertThat(out.headers().value("To-Path")).isEqualTo(B);
    assertThat(out.headers().value("From-Path")).isEqualTo(R1 + " " + A);
    assertThat(out.toPath()).containsExactly(MsrpUri.parse(B));
    assertThat(out.fromPath()).containsExactly(MsrpUri.parse(R1), MsrpUri.parse(A));
    // Every other header, in its place.
    assertThat(out.headers().all())
        .extracting(MsrpHeader::name)
        .containsExactly(
            "To-Path", "From-Path", "Message-ID", "Byte-Range", "X-Other", "Content-Type");
    assertThat(out.messageId()).isEqualTo("m77xyz");
    assertThat(out.byteRange()).isEqualTo(ByteRange.of(1, 2, 2));
    assertThat(out.headers().value("X-Other")).isEqualTo("keep me");
    // The original is unchanged.
    assertThat(r.headers().value("To-Path")).isEqualTo(R1 + " " + B);
    assertThat(r.toPath()).hasSize(2);
  }

  @Test
  void twoHopsGoFirstInFromPathTheLastTakenFirst() {
    MsrpRequest r = read(R1 + " " + R2 + " " + B, A);
    MsrpRequest out = r.relayed("n3wtid01", 2);
    assertThat(out.headers().value("To-Path")).isEqualTo(B);
    assertThat(out.headers().value("From-Path")).isEqualTo(R2 + " " + R1 + " " + A);
    assertThat(out.fromPath())
        .containsExactly(MsrpUri.parse(R2), MsrpUri.parse(R1), MsrpUri.parse(A));
    assertThat(out.toPath()).containsExactly(MsrpUri.parse(B));
  }

  @Test
  void theResultIsWhatTheBuilderMakesFromTheSameUris() {
    MsrpRequest r = read(R1 + " " + R2 + " " + B, R2 + " " + A);
    MsrpRequest out = r.relayed("n3wtid02", 1);
    MsrpRequest built =
        r.toBuilder()
            .transactionId("n3wtid02")
            .toPath(List.of(MsrpUri.parse(R2), MsrpUri.parse(B)))
            .fromPath(List.of(MsrpUri.parse(R1), MsrpUri.parse(R2), MsrpUri.parse(A)))
            .build();
    assertThat(out).isEqualTo(built);
    assertThat(out.toPath()).isEqualTo(built.toPath());
    assertThat(out.fromPath()).isEqualTo(built.fromPath());
  }

  @Test
  void aResponseGoesBackTheSameWay() {
    MsrpResponse r =
        MsrpResponse.of(
            "h0pt1d00",
            403,
            "Forbidden",
            MsrpHeaders.builder().add("To-Path", R1 + " " + A).add("From-Path", B).build());
    MsrpResponse back = r.relayed("upstr3am", 1);
    assertThat(back.transactionId()).isEqualTo("upstr3am");
    assertThat(back.code()).isEqualTo(403);
    assertThat(back.comment()).isEqualTo("Forbidden");
    assertThat(back.headers().value("To-Path")).isEqualTo(A);
    assertThat(back.headers().value("From-Path")).isEqualTo(R1 + " " + B);
  }

  /**
   * The frames of a session repeat their paths, and the decoder hands over the same header objects:
   * what a relay made of them is made once and used again, and it follows the headers, never a
   * From-Path or a hop count other than the ones it was made for.
   */
  @Test
  void theSameHeadersRelayedAgainGiveTheSameResultAndOthersTheirOwn() {
    MsrpRequest r = read(R1 + " " + R2 + " " + B, A);
    MsrpRequest once = r.relayed("n3wtid04", 1);
    MsrpRequest again = r.relayed("n3wtid05", 1);
    assertThat(again.headers().get(0)).isSameAs(once.headers().get(0));
    assertThat(again.headers().get(1)).isSameAs(once.headers().get(1));
    assertThat(again.headers().value("To-Path")).isEqualTo(R2 + " " + B);
    assertThat(again.headers().value("From-Path")).isEqualTo(R1 + " " + A);
    // Another hop count over the same headers.
    MsrpRequest two = r.relayed("n3wtid06", 2);
    assertThat(two.headers().value("To-Path")).isEqualTo(B);
    assertThat(two.headers().value("From-Path")).isEqualTo(R2 + " " + R1 + " " + A);
    assertThat(two.fromPath())
        .containsExactly(MsrpUri.parse(R2), MsrpUri.parse(R1), MsrpUri.parse(A));
    // The same To-Path header object with another From-Path.
    MsrpRequest other = r.toBuilder().fromPath(List.of(MsrpUri.parse(B))).build();
    assertThat(other.headers().get(0)).isSameAs(r.headers().get(0));
    assertThat(other.relayed("n3wtid07", 1).headers().value("From-Path")).isEqualTo(R1 + " " + B);
    assertThat(r.relayed("n3wtid08", 1).headers().value("From-Path")).isEqualTo(R1 + " " + A);
  }

  /** A response's paths, made once for the headers of a session's requests. */
  @Test
  void theAnswerToARequestHasItsFirstUrisTheOtherWayRound() {
    MsrpRequest r = read(R1 + " " + B, R2 + " " + A);
    MsrpResponse ok = MsrpResponse.to(r, 200, "OK");
    assertThat(ok.toPath()).containsExactly(MsrpUri.parse(R2));
    assertThat(ok.fromPath()).containsExactly(MsrpUri.parse(R1));
    assertThat(ok.headers().value("To-Path")).isEqualTo(R2);
    MsrpResponse again = MsrpResponse.to(r, 403, null);
    assertThat(again.headers()).isSameAs(ok.headers());
    assertThat(again.transactionId()).isEqualTo(r.transactionId());
    assertThat(again.code()).isEqualTo(403);
  }

  @Test
  void nothingIsLeftForTheNextHopOrTheCountIsWrong() {
    MsrpRequest r = read(R1 + " " + B, A);
    assertThatThrownBy(() -> r.relayed("n3wtid03", 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.relayed("n3wtid03", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.relayed("bad id!", 1))
        .isInstanceOfSatisfying(
            MsrpSyntaxException.class, e -> assertThat(e.rule()).isEqualTo(MsrpRule.TRANSACT_ID));
  }
}
