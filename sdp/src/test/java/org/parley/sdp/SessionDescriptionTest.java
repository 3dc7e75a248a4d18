package org.parley.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sdp.Sdp.crlf;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {
  private static final String AUDIO_AND_CHAT =
      crlf(
          "v=0",
          "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com",
          "s=Call with chat",
          "i=A call",
          "u=http://www.example.com/seminars/sdp.pdf",
          "e=j.doe@example.com (Jane Doe)",
          "p=+1 617 555-6011",
          "c=IN IP4 host.atlanta.example.com",
          "b=CT:128",
          "t=2873397496 2873404696",
          "r=7d 1h 0 25h",
          "z=2882844526 -1h 2898848070 0",
          "k=prompt",
          "a=tool:parley",
          "a=x-unknown-attribute:kept  as written",
          "m=audio 49170 RTP/AVP 0 8 97",
          "i=voice",
          "b=AS:64",
          "a=rtpmap:0 PCMU/8000",
          "a=rtpmap:97 iLBC/8000",
          "m=message 7654 TCP/MSRP *",
          "c=IN IP4 192.0.2.1",
          "a=accept-types:text/plain",
          "a=path:msrp://192.0.2.1:7654/jshA7weztas;tcp");

  @Test
  void everyFieldKeptInOrderAndWrittenBackExactly() {
    SessionDescription sdp = SessionDescription.parse(AUDIO_AND_CHAT);

    assertThat(sdp.toString()).isEqualTo(AUDIO_AND_CHAT);
    assertThat(sdp.sessionLines()).hasSize(15);
    assertThat(sdp.media()).hasSize(2);
    assertThat(sdp.origin().username()).isEqualTo("alice");
    assertThat(sdp.origin().sessionVersion()).isEqualTo("2890844526");
    assertThat(sdp.sessionName()).isEqualTo("Call with chat");
    assertThat(sdp.connection().orElseThrow().address()).isEqualTo("host.atlanta.example.com");
    assertThat(sdp.attributes("x-unknown-attribute").get(0).attributeValue())
        .isEqualTo("kept  as written");
    MediaDescription audio = sdp.media().get(0);
    assertThat(audio.media()).isEqualTo("audio");
    assertThat(audio.port()).isEqualTo(49170);
    assertThat(audio.field().formats()).containsExactly("0", "8", "97");
    assertThat(audio.attributes("rtpmap")).hasSize(2);
    assertThat(sdp.media().get(1).connection().orElseThrow().address()).isEqualTo("192.0.2.1");
    assertThat(sdp.lines().get(15).type()).isEqualTo('m');
    assertThat(sdp.lines().get(15).lineNumber()).isEqualTo(16);
  }

  @Test
  void lfOnlyTrailingSpacesAndMissingLastLineEndRoundTrip() {
    String sloppy =
        "v=0\no=- 1 1 IN IP4 10.0.0.1  \ns=\nt=0 0\nm=message 2855 TCP/MSRP *\r\n"
            + "a=path:msrp://10.0.0.1:2855/abc;tcp \na=accept-types:text/plain";

    SessionDescription sdp = SessionDescription.parse(sloppy);

    assertThat(sdp.toString()).isEqualTo(sloppy);
    assertThat(sdp.origin().address()).isEqualTo("10.0.0.1");
    assertThat(sdp.sessionName()).isEmpty();
    assertThat(sdp.media().get(0).attribute("path")).hasValue("msrp://10.0.0.1:2855/abc;tcp");
    assertThat(sdp.media().get(0).lines().get(0).lineEnd()).isEqualTo("\r\n");
    assertThat(sdp.media().get(0).lines().get(2).lineEnd()).isEmpty();
  }

  @Test
  void blankLinesAtTheVeryEndAreKept() {
    String text = crlf("v=0", "o=- 1 1 IN IP4 h", "s=-", "t=0 0") + "\r\n\r\n";

    assertThat(SessionDescription.parse(text).toString()).isEqualTo(text);
  }

  @Test
  void replacingOneMediaLeavesEveryOtherLineByteExact() {
    SessionDescription sdp = SessionDescription.parse(AUDIO_AND_CHAT);

    SessionDescription changed = sdp.withMedia(1, sdp.media().get(1).withPort(0));

    assertThat(changed.media().get(1).lines().get(0).value()).isEqualTo("message 0 TCP/MSRP *");
    String expected = AUDIO_AND_CHAT.replace("m=message 7654 TCP/MSRP *", "m=message 0 TCP/MSRP *");
    assertThat(changed.toString()).isEqualTo(expected);
    assertThat(changed.media().get(0)).isEqualTo(sdp.media().get(0));
  }

  @Test
  void refusedMediaKeepsOnlyTheMLineWithPortZero() {
    SessionDescription sdp = SessionDescription.parse(AUDIO_AND_CHAT);

    assertThat(sdp.media().get(0).refused().toString()).isEqualTo("m=audio 0 RTP/AVP 0 8 97\r\n");
  }

  @Test
  void originNextVersionCountsPastLong() {
    Origin o = new Origin("-", "1", "9223372036854775807", "IN", "IP4", "h");

    assertThat(o.nextVersion().sessionVersion()).isEqualTo("9223372036854775808");
  }

  @Test
  void createdDescriptionParsesBackToItself() {
    MediaDescription m =
        MediaDescription.builder(MediaField.of("message", 9, "TCP/MSRP", List.of("*")))
            .attribute("accept-types", "text/plain")
            .flag("msrp-cema")
            .build();

    SessionDescription sdp =
        SessionDescription.create(
            new Origin("-", "7", "7", "IN", "IP6", "2001:db8::1"),
            ConnectionField.internet("[2001:db8::1]"),
            List.of(m));

    assertThat(sdp.toString())
        .isEqualTo(
            crlf(
                "v=0",
                "o=- 7 7 IN IP6 2001:db8::1",
                "s=-",
                "c=IN IP6 2001:db8::1",
                "t=0 0",
                "m=message 9 TCP/MSRP *",
                "a=accept-types:text/plain",
                "a=msrp-cema"));
    assertThat(SessionDescription.parse(sdp.toString())).isEqualTo(sdp);
  }

  @Test
  void utf8BodyParsesFromBytes() {
    String text = crlf("v=0", "o=- 1 1 IN IP4 h", "s=Café ☕", "t=0 0");

    SessionDescription sdp =
        SessionDescription.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(sdp.sessionName()).isEqualTo("Café ☕");
    assertThat(sdp.toBytes()).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
