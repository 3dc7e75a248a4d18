package org.parley.sdp.offeranswer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sdp.Sdp.fixture;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.msrp.Fingerprint;
import org.parley.sdp.Chatroom;
import org.parley.sdp.ConnValue;
import org.parley.sdp.Direction;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.MessageTransport;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.Setup;
import org.parley.sdp.SipUri;

/**
 * Descriptions in the form real clients send them, written down from their documentation and
 * sources (addresses and ids are made up): Microsoft RTC 1.3 / Windows Messenger (the 2001 form,
 * per [MS-SDP] §3.1.5.3), Blink / sipsimple (TLS chat with {@code a=chatroom} and {@code
 * accept-wrapped-types:*}), Doubango (a file offer with {@code a=connection:new}, upper-case {@code
 * message/CPIM} and a media-level {@code c=}), FreeSWITCH (audio and chat in one answer) and an
 * offer through a Kamailio msrp relay (the relay first in {@code a=path}).
 */
class InteropFixturesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ms-rtc13-message.sdp",
        "blink-chat-offer.sdp",
        "doubango-file-offer.sdp",
        "freeswitch-answer.sdp",
        "kamailio-relay-offer.sdp"
      })
  void roundTripsByteExact(String name) {
    String text = fixture(name);

    assertThat(SessionDescription.parse(text).toString()).isEqualTo(text);
  }

  @Test
  void microsoftRtcLegacyOfferIsAnswered() {
    SessionDescription offer = SessionDescription.parse(fixture("ms-rtc13-message.sdp"));
    LocalCapabilities caps =
        LocalCapabilities.builder()
            .transport(MessageTransport.SIP)
            .sipUri(SipUri.parse("sip:bob@192.0.2.2"))
            .build();

    MessageSessionPlan plan = new Negotiator(caps).answer(offer).plans().get(0);

    assertThat(plan.mode()).isEqualTo(MessageSessionPlan.Mode.SIP_MESSAGE);
    assertThat(plan.remoteSipUri().user()).isEqualTo("peer");
    assertThat(plan.remoteSipUri().transport()).isEqualTo("udp");
    assertThat(plan.callId()).isNull();
  }

  @Test
  void blinkTlsChatOffer() {
    SessionDescription offer = SessionDescription.parse(fixture("blink-chat-offer.sdp"));
    MessageMedia m = MessageMedia.of(offer, 0);
    Chatroom room = m.chatroom().orElseThrow();
    assertThat(room.nickname()).isTrue();
    assertThat(room.privateMessages()).isTrue();
    assertThat(room.tokens()).contains("com.ag-projects.screen-sharing");
    LocalCapabilities caps =
        LocalCapabilities.builder()
            .transport(MessageTransport.TCP_TLS_MSRP)
            .path("msrps://192.0.2.2:2855/x3k0l1;tcp")
            .acceptTypes("message/cpim", "text/plain", "application/im-iscomposing+xml")
            .acceptWrappedTypes("text/plain", "text/html")
            .fingerprints(List.of(Fingerprint.of("sha-256", "0A:0B")))
            .chatroom(Chatroom.of(List.of("nickname")))
            .build();

    Answer answer = new Negotiator(caps).answer(offer);

    MessageSessionPlan plan = answer.plans().get(0);
    assertThat(plan.connects()).isFalse();
    assertThat(plan.tls()).isTrue();
    assertThat(plan.acceptTypes())
        .extracting(Object::toString)
        .containsExactly("message/cpim", "text/plain", "application/im-iscomposing+xml");
    assertThat(plan.acceptWrappedTypes())
        .extracting(Object::toString)
        .containsExactly("text/plain", "text/html");
    MessageMedia ours = MessageMedia.of(answer.description(), 0);
    assertThat(ours.setup()).hasValue(Setup.PASSIVE);
    assertThat(ours.chatroom().orElseThrow().tokens()).containsExactly("nickname");
    assertThat(ours.fingerprints()).containsExactly(Fingerprint.of("sha-256", "0A:0B"));
  }

  @Test
  void doubangoFileOfferWithUpperCaseCpim() {
    SessionDescription offer = SessionDescription.parse(fixture("doubango-file-offer.sdp"));
    MessageMedia m = MessageMedia.of(offer, 0);
    assertThat(m.connValue()).hasValue(ConnValue.NEW);
    assertThat(m.fileSelector().orElseThrow().name()).isEqualTo("report\"Q3\".pdf");
    assertThat(m.fileSelector().orElseThrow().size()).hasValue(20480);
    assertThat(m.connection().orElseThrow().address()).isEqualTo("192.168.0.12");
    LocalCapabilities caps =
        LocalCapabilities.builder()
            .path("msrp://192.0.2.2:2855/p2Lk;tcp")
            .acceptTypes("message/cpim")
            .acceptWrappedTypes("*")
            .build();

    MessageSessionPlan plan = new Negotiator(caps).answer(offer).plans().get(0);

    assertThat(plan.refused()).isFalse();
    assertThat(plan.acceptTypes()).extracting(Object::toString).containsExactly("message/CPIM");
    assertThat(plan.acceptWrappedTypes()).hasSize(5);
    assertThat(plan.direction()).isEqualTo(Direction.RECVONLY);
    assertThat(plan.connects()).isTrue();
    assertThat(plan.connectHost()).isEqualTo("192.168.0.12");
    assertThat(plan.connectPort()).isEqualTo(2000);
    assertThat(plan.fileTransferId()).isEqualTo("nN3ZpY5tEpJzqdZ1tyZJ");
  }

  @Test
  void freeswitchAnswerToAnAudioAndChatOffer() {
    String audio =
        org.parley.sdp.Sdp.crlf(
            "v=0",
            "o=- 5 5 IN IP4 192.0.2.1",
            "s=-",
            "c=IN IP4 192.0.2.1",
            "t=0 0",
            "m=audio 4000 RTP/AVP 0 101",
            "a=rtpmap:101 telephone-event/8000");
    Negotiator us =
        new Negotiator(LocalCapabilities.builder().path("msrp://192.0.2.1:2855/u8;tcp").build());
    SessionDescription offer = us.createOffer(SessionDescription.parse(audio));

    List<MessageSessionPlan> plans =
        us.acceptAnswer(SessionDescription.parse(fixture("freeswitch-answer.sdp")));

    assertThat(offer.media()).hasSize(2);
    MessageSessionPlan plan = plans.get(0);
    assertThat(plan.mediaIndex()).isEqualTo(1);
    assertThat(plan.connects()).isTrue();
    assertThat(plan.connectHost()).isEqualTo("203.0.113.5");
    assertThat(plan.connectPort()).isEqualTo(2856);
    assertThat(plan.acceptTypes())
        .extracting(Object::toString)
        .containsExactly("message/cpim", "text/*", "application/im-iscomposing+xml");
  }

  @Test
  void offerThroughAKamailioRelay() {
    SessionDescription offer = SessionDescription.parse(fixture("kamailio-relay-offer.sdp"));
    LocalCapabilities caps =
        LocalCapabilities.builder()
            .path("msrp://192.0.2.2:2855/k9;tcp")
            .acceptTypes("text/plain")
            .build();

    MessageSessionPlan plan = new Negotiator(caps).answer(offer).plans().get(0);

    assertThat(plan.connects()).isFalse();
    assertThat(plan.remotePath()).hasSize(2);
    assertThat(plan.remotePath().get(0).toString())
        .isEqualTo("msrp://127.0.0.1:2855/s.1696325891.7283.1;tcp");
    assertThat(plan.remotePath().get(1).port()).isEqualTo(40123);
  }
}
