package org.parley.sdp.offeranswer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.sdp.Sdp.crlf;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.sdp.Direction;
import org.parley.sdp.MediaDescription;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.MessageTransport;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.SipUri;

class NegotiatorTest {
  private static final LocalCapabilities ALICE =
      LocalCapabilities.builder()
          .path("msrp://alice.example.com:7654/jshA7weztas;tcp")
          .acceptTypes("message/cpim", "text/plain")
          .originUsername("alice")
          .sessionId("100")
          .build();
  private static final LocalCapabilities BOB =
      LocalCapabilities.builder()
          .path("msrp://bob.example.com:8888/9di4eae923wzd;tcp")
          .acceptTypes("text/*")
          .maxSize(4096)
          .originUsername("bob")
          .sessionId("200")
          .build();

  private static final String AUDIO_OFFER =
      crlf(
          "v=0",
          "o=alice 100 100 IN IP4 alice.example.com",
          "s=call",
          "c=IN IP4 alice.example.com",
          "t=0 0",
          "m=audio 49170 RTP/AVP 0 97",
          "a=rtpmap:97 iLBC/8000",
          "a=x-vendor:anything goes  ");

  @Test
  void offerAnswerAndAcceptAgree() {
    Negotiator alice = new Negotiator(ALICE);
    Negotiator bob = new Negotiator(BOB);

    SessionDescription offer = alice.createOffer();
    Answer answer = bob.answer(SessionDescription.parse(offer.toString()));
    List<MessageSessionPlan> plans =
        alice.acceptAnswer(SessionDescription.parse(answer.description().toString()));

    MessageSessionPlan b = answer.plans().get(0);
    MessageSessionPlan a = plans.get(0);
    assertThat(b.connects()).isTrue();
    assertThat(a.connects()).isFalse();
    assertThat(b.remotePath()).isEqualTo(ALICE.path());
    assertThat(a.remotePath()).isEqualTo(BOB.path());
    assertThat(a.acceptTypes()).extracting(Object::toString).containsExactly("text/plain");
    assertThat(b.acceptTypes()).isEqualTo(a.acceptTypes());
    assertThat(a.remoteMaxSize()).hasValue(4096);
    assertThat(b.remoteMaxSize()).isEmpty();
    assertThat(a.newConnection()).isTrue();
    assertThat(alice.remoteDescription()).isEqualTo(answer.description());
  }

  @Test
  void audioStreamsStayByteExactInOfferAndAnswer() {
    Negotiator alice = new Negotiator(ALICE);
    SessionDescription base = SessionDescription.parse(AUDIO_OFFER);

    SessionDescription offer = alice.createOffer(base);

    assertThat(offer.toString()).startsWith(AUDIO_OFFER);
    assertThat(offer.media()).hasSize(2);
    assertThat(offer.media().get(1).media()).isEqualTo("message");
    // The session c= is Alice's address already: the message stream needs no c= of its own.
    assertThat(offer.media().get(1).connection()).isEmpty();

    MediaDescription audioAnswer =
        MediaDescription.of(
            SessionDescription.parse(
                    crlf(
                        "v=0",
                        "o=- 1 1 IN IP4 h",
                        "s=-",
                        "t=0 0",
                        "m=audio 3456 RTP/AVP 97",
                        "a=rtpmap:97 iLBC/8000"))
                .media()
                .get(0)
                .lines());
    Answer withAudio = new Negotiator(BOB).answer(offer, m -> audioAnswer);
    Answer withoutAudio = new Negotiator(BOB).answer(offer);

    assertThat(withAudio.description().media().get(0)).isEqualTo(audioAnswer);
    assertThat(withAudio.plans()).hasSize(1);
    assertThat(withAudio.plans().get(0).mediaIndex()).isEqualTo(1);
    assertThat(withoutAudio.description().media().get(0).toString())
        .isEqualTo("m=audio 0 RTP/AVP 0 97\r\n");
    assertThat(withoutAudio.plans().get(0).refused()).isFalse();
  }

  @Test
  void reofferThatChangesThePathAsksForANewConnection() {
    Negotiator alice = new Negotiator(ALICE);
    Negotiator bob = new Negotiator(BOB);
    Answer first = bob.answer(alice.createOffer());
    alice.acceptAnswer(first.description());

    bob.capabilities(
        BOB.toBuilder()
            .path(
                "msrp://relay.example.net:2855/r8Gq;tcp",
                "msrp://bob.example.com:8888/9di4eae923wzd;tcp")
            .build());
    SessionDescription reoffer = bob.createOffer();
    Answer second = alice.answer(reoffer);
    List<MessageSessionPlan> bobPlans = bob.acceptAnswer(second.description());

    assertThat(reoffer.origin().sessionId()).isEqualTo("200");
    assertThat(reoffer.origin().sessionVersion()).isEqualTo("201");
    MessageSessionPlan alicePlan = second.plans().get(0);
    assertThat(alicePlan.newConnection()).isTrue();
    assertThat(alicePlan.remotePath()).hasSize(2);
    assertThat(alicePlan.remotePath().get(0).host()).isEqualTo("relay.example.net");
    assertThat(bobPlans.get(0).newConnection()).isTrue();
    assertThat(second.description().origin().sessionId()).isEqualTo("100");
    assertThat(second.description().origin().sessionVersion()).isEqualTo("101");

    // The same offer again: nothing changes, the connection stays, the answer's version too.
    Answer third = alice.answer(bob.createOffer());
    bob.acceptAnswer(third.description());

    assertThat(third.plans().get(0).newConnection()).isFalse();
    assertThat(third.description().origin().sessionVersion()).isEqualTo("101");
  }

  @Test
  void reofferKeepsOtherStreamsAndRaisesTheVersion() {
    Negotiator alice = new Negotiator(ALICE);
    SessionDescription offer = alice.createOffer(SessionDescription.parse(AUDIO_OFFER));
    alice.acceptAnswer(new Negotiator(BOB).answer(offer).description());
    alice.capabilities(ALICE.toBuilder().path("msrp://alice.example.com:7655/new;tcp").build());

    SessionDescription reoffer = alice.createOffer();

    assertThat(reoffer.origin().sessionVersion()).isEqualTo("101");
    assertThat(reoffer.media().get(0)).isEqualTo(offer.media().get(0));
    assertThat(MessageMedia.of(reoffer, 1).path())
        .containsExactly(MsrpUri.parse("msrp://alice.example.com:7655/new;tcp"));
    assertThat(reoffer.media().get(1).port()).isEqualTo(7655);
  }

  @Test
  void legacyOfferAndAnswer() {
    LocalCapabilities aliceSip =
        LocalCapabilities.builder()
            .transport(MessageTransport.SIP)
            .sipUri(SipUri.parse("sip:alice@192.0.2.1;transport=tcp?Call-ID=abc123%40192.0.2.1"))
            .build();
    LocalCapabilities bobBoth =
        BOB.toBuilder().sipUri(SipUri.parse("sip:bob@192.0.2.2:5062")).build();
    Negotiator alice = new Negotiator(aliceSip);

    SessionDescription offer = alice.createOffer();
    Answer answer = new Negotiator(bobBoth).answer(offer);
    List<MessageSessionPlan> plans = alice.acceptAnswer(answer.description());

    assertThat(offer.media().get(0).lines().get(0).value())
        .isEqualTo("message 5060 sip sip:alice@192.0.2.1;transport=tcp?Call-ID=abc123%40192.0.2.1");
    assertThat(answer.description().media().get(0).lines().get(0).value())
        .isEqualTo("message 5062 sip sip:bob@192.0.2.2:5062");
    assertThat(answer.plans().get(0).callId()).isEqualTo("abc123@192.0.2.1");
    assertThat(answer.plans().get(0).remoteSipUri().transport()).isEqualTo("tcp");
    assertThat(plans.get(0).mode()).isEqualTo(MessageSessionPlan.Mode.SIP_MESSAGE);
    assertThat(plans.get(0).remoteSipUri().portOrDefault()).isEqualTo(5062);
  }

  @Test
  void legacyUriThatNamesNoStreamIsRefused() {
    SessionDescription offer =
        SessionDescription.parse(
            crlf("v=0", "o=- 1 1 IN IP4 h", "s=-", "t=0 0", "m=message 5060 sip sip:example.com"));
    LocalCapabilities bob = BOB.toBuilder().sipUri(SipUri.parse("sip:bob@192.0.2.2")).build();

    Answer answer = new Negotiator(bob).answer(offer);

    assertThat(answer.plans().get(0).refusal()).isEqualTo(Refusal.URI_NOT_SPECIFIC);
    assertThat(answer.plans().get(0).reason()).contains("sip:example.com");
  }

  @Test
  void refusalsSayWhy() {
    assertRefused("a=accept-types:image/png", BOB, Refusal.NO_COMMON_TYPE, "image/png");
    assertRefused("a=accept-types:text/plain", tls(BOB), Refusal.UNSUPPORTED_TRANSPORT, "TCP/MSRP");
    assertRefused("", BOB, Refusal.MISSING_ACCEPT_TYPES, "accept-types");
    assertRefused("a=accept-types:text/plain|a=setup:bogus", BOB, Refusal.MALFORMED, "line 8");
    SessionDescription noPath =
        SessionDescription.parse(
            crlf(
                "v=0",
                "o=- 1 1 IN IP4 h",
                "s=-",
                "t=0 0",
                "m=message 7 TCP/MSRP *",
                "a=accept-types:*"));
    assertThat(new Negotiator(BOB).answer(noPath).plans().get(0).refusal())
        .isEqualTo(Refusal.MISSING_PATH);
    SessionDescription secureOverTcp =
        SessionDescription.parse(
            crlf(
                "v=0",
                "o=- 1 1 IN IP4 h",
                "s=-",
                "t=0 0",
                "m=message 7 TCP/MSRP *",
                "a=accept-types:*",
                "a=path:msrps://h:7/x;tcp"));
    assertThat(new Negotiator(BOB).answer(secureOverTcp).plans().get(0).refusal())
        .isEqualTo(Refusal.PATH_MISMATCH);
    SessionDescription disabled =
        SessionDescription.parse(
            crlf("v=0", "o=- 1 1 IN IP4 h", "s=-", "t=0 0", "m=message 0 TCP/MSRP *"));
    assertThat(new Negotiator(BOB).answer(disabled).plans().get(0).refusal())
        .isEqualTo(Refusal.OFFER_DISABLED);
    SessionDescription unknown =
        SessionDescription.parse(
            crlf("v=0", "o=- 1 1 IN IP4 h", "s=-", "t=0 0", "m=message 7 UDP/MSRP *"));
    assertThat(new Negotiator(BOB).answer(unknown).plans().get(0).refusal())
        .isEqualTo(Refusal.UNSUPPORTED_TRANSPORT);
  }

  private static void assertRefused(
      String attributes, LocalCapabilities caps, Refusal refusal, String why) {
    String text =
        crlf(
                "v=0",
                "o=- 1 1 IN IP4 h",
                "s=-",
                "t=0 0",
                "m=message 7 TCP/MSRP *",
                "a=path:msrp://h:7/x;tcp")
            + (attributes.isEmpty() ? "" : attributes.replace("|", "\r\n") + "\r\n");

    Answer answer = new Negotiator(caps).answer(SessionDescription.parse(text));

    assertThat(answer.plans().get(0).refusal()).isEqualTo(refusal);
    assertThat(answer.plans().get(0).reason()).contains(why);
    assertThat(answer.description().media().get(0).toString())
        .isEqualTo("m=message 0 TCP/MSRP *\r\n");
  }

  private static LocalCapabilities tls(LocalCapabilities caps) {
    return caps.toBuilder()
        .transport(MessageTransport.TCP_TLS_MSRP)
        .path("msrps://bob.example.com:8888/9di4eae923wzd;tcp")
        .fingerprints(List.of(Fingerprint.of("sha-256", "AB:CD:EF:01")))
        .build();
  }

  @Test
  void tlsOfferCarriesFingerprintAndPlanTheRemoteOne() {
    LocalCapabilities aliceTls =
        ALICE.toBuilder()
            .transport(MessageTransport.TCP_TLS_MSRP)
            .path("msrps://alice.example.com:7654/jshA7weztas;tcp")
            .fingerprints(List.of(Fingerprint.of("sha-256", "12:34:56:78")))
            .build();
    Negotiator alice = new Negotiator(aliceTls);

    SessionDescription offer = alice.createOffer();
    Answer answer = new Negotiator(tls(BOB)).answer(offer);
    MessageSessionPlan a = alice.acceptAnswer(answer.description()).get(0);

    assertThat(offer.toString()).contains("m=message 7654 TCP/TLS/MSRP *\r\n");
    assertThat(offer.toString()).contains("a=fingerprint:sha-256 12:34:56:78\r\n");
    assertThat(answer.plans().get(0).remoteFingerprints())
        .containsExactly(Fingerprint.of("SHA-256", "12:34:56:78"));
    assertThat(a.tls()).isTrue();
    assertThat(a.remoteFingerprints()).containsExactly(Fingerprint.of("sha-256", "ab:cd:ef:01"));
  }

  @Test
  void directionIsMirrored() {
    Negotiator alice = new Negotiator(ALICE.toBuilder().direction(Direction.SENDONLY).build());

    SessionDescription offer = alice.createOffer();
    Answer answer = new Negotiator(BOB).answer(offer);
    MessageSessionPlan a = alice.acceptAnswer(answer.description()).get(0);

    assertThat(MessageMedia.of(answer.description(), 0).direction()).isEqualTo(Direction.RECVONLY);
    assertThat(answer.plans().get(0).direction()).isEqualTo(Direction.RECVONLY);
    assertThat(a.direction()).isEqualTo(Direction.SENDONLY);
  }

  @Test
  void answerThatDropsAStreamIsAnError() {
    Negotiator alice = new Negotiator(ALICE);
    alice.createOffer(SessionDescription.parse(AUDIO_OFFER));
    SessionDescription oneStream =
        SessionDescription.parse(
            crlf("v=0", "o=- 1 1 IN IP4 h", "s=-", "t=0 0", "m=message 0 TCP/MSRP *"));

    assertThatThrownBy(() -> alice.acceptAnswer(oneStream))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 m= lines, the offer had 2");
  }

  @Test
  void answerRefusingTheStreamGivesAPlanSayingSo() {
    Negotiator alice = new Negotiator(ALICE);
    SessionDescription offer = alice.createOffer();
    Answer refused = new Negotiator(BOB.toBuilder().acceptTypes("image/png").build()).answer(offer);

    MessageSessionPlan a = alice.acceptAnswer(refused.description()).get(0);

    assertThat(a.refusal()).isEqualTo(Refusal.ANSWER_REFUSED);
  }

  @Test
  void glareAndRollback() {
    Negotiator alice = new Negotiator(ALICE);
    SessionDescription first = alice.createOffer();
    SessionDescription bobs = new Negotiator(BOB).createOffer();

    assertThatThrownBy(() -> alice.answer(bobs)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(alice::createOffer).isInstanceOf(IllegalStateException.class);

    alice.rollback();

    assertThat(alice.localDescription()).isNull();
    assertThat(alice.answer(bobs).plans().get(0).refused()).isFalse();
    assertThat(first).isNotNull();
    assertThatThrownBy(() -> alice.acceptAnswer(bobs)).isInstanceOf(IllegalStateException.class);
  }
}
