package org.parley.sdp.offeranswer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sdp.Sdp.fixture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.msrp.MsrpUri;
import org.parley.sdp.Direction;
import org.parley.sdp.FileSelector;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.MessageTransport;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.SipUri;

/**
 * The SDP examples of the RFCs, as fixtures: they round-trip and negotiate as the RFCs show. The
 * fixtures follow the examples of RFC 4975 §4 (Alice and Bob), RFC 4975 §8.6 (CPIM with wrapped
 * types), RFC 4976 (a relay in the path), RFC 5547 §9 (a file offer and its answer), RFC 6135
 * (actpass answered active), RFC 6714 (CEMA: c=/m= differ from the path) and RFC 7977 (a WebSocket
 * client), and the 2001 form of draft-ietf-simple-im-sdp-00.
 */
class RfcExamplesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "rfc4975-offer.sdp",
        "rfc4975-answer.sdp",
        "rfc4975-cpim-offer.sdp",
        "rfc4976-relay-offer.sdp",
        "rfc5547-offer.sdp",
        "rfc5547-answer.sdp",
        "rfc6135-offer.sdp",
        "rfc6135-answer.sdp",
        "rfc6714-offer.sdp",
        "rfc7977-offer.sdp",
        "rfc7977-answer.sdp",
        "draft2001-offer.sdp",
        "draft2001-answer.sdp",
        "lf-only-offer.sdp"
      })
  void roundTripsByteExactAndReads(String name) {
    String text = fixture(name);

    SessionDescription sdp = SessionDescription.parse(text);

    assertThat(sdp.toString()).isEqualTo(text);
    MessageMedia m = MessageMedia.of(sdp, 0);
    assertThat(m.transport()).isNotNull();
  }

  @Test
  void rfc4975AliceAndBob() {
    SessionDescription offer = SessionDescription.parse(fixture("rfc4975-offer.sdp"));
    SessionDescription rfcAnswer = SessionDescription.parse(fixture("rfc4975-answer.sdp"));
    LocalCapabilities bob =
        LocalCapabilities.builder()
            .path("msrp://bob.example.com:8888/9di4eae923wzd;tcp")
            .acceptTypes("text/plain")
            .build();

    Answer answer = new Negotiator(bob).answer(offer);

    // Bob writes the same media description as the RFC's answer: no a=setup, the offerer connects.
    assertThat(answer.description().media().get(0).toString())
        .isEqualTo(rfcAnswer.media().get(0).toString());
    MessageSessionPlan bobPlan = answer.plans().get(0);
    assertThat(bobPlan.connects()).isFalse();
    assertThat(bobPlan.remotePath())
        .containsExactly(MsrpUri.parse("msrp://alice.example.com:7654/jshA7weztas;tcp"));
    MessageSessionPlan alicePlan = StreamNegotiation.offererPlan(offer, rfcAnswer, 0, null);
    assertThat(alicePlan.connects()).isTrue();
    assertThat(alicePlan.connectHost()).isEqualTo("bob.example.com");
    assertThat(alicePlan.connectPort()).isEqualTo(8888);
    assertThat(alicePlan.acceptTypes()).extracting(Object::toString).containsExactly("text/plain");
  }

  @Test
  void rfc4975CpimWithWrappedTypesAndMaxSize() {
    SessionDescription offer = SessionDescription.parse(fixture("rfc4975-cpim-offer.sdp"));
    LocalCapabilities bob =
        LocalCapabilities.builder()
            .path("msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp")
            .acceptTypes("message/cpim", "text/*")
            .acceptWrappedTypes("image/png", "text/plain")
            .build();

    MessageSessionPlan plan = new Negotiator(bob).answer(offer).plans().get(0);

    assertThat(plan.acceptTypes())
        .extracting(Object::toString)
        .containsExactly("message/cpim", "text/plain", "text/html");
    assertThat(plan.acceptWrappedTypes())
        .extracting(Object::toString)
        .containsExactly("text/plain", "image/png");
    assertThat(plan.remoteMaxSize()).hasValue(65536);
  }

  @Test
  void rfc4976RelayPathOverTls() {
    SessionDescription offer = SessionDescription.parse(fixture("rfc4976-relay-offer.sdp"));
    LocalCapabilities bob =
        LocalCapabilities.builder()
            .transport(MessageTransport.TCP_TLS_MSRP)
            .path("msrps://bob.example.org:2855/9di4eae923wzd;tcp")
            .setup(org.parley.sdp.Setup.ACTPASS)
            .build();

    MessageSessionPlan plan = new Negotiator(bob).answer(offer).plans().get(0);

    assertThat(plan.tls()).isTrue();
    assertThat(plan.remotePath()).hasSize(2);
    assertThat(plan.remotePath().get(0).host()).isEqualTo("relay.example.org");
    assertThat(plan.remoteFingerprints()).hasSize(1);
    assertThat(plan.remoteFingerprints().get(0).hashFunction()).isEqualTo("SHA-1");
  }

  @Test
  void rfc5547FileOfferAnsweredRecvonlyWithSelectorEchoed() {
    SessionDescription offer = SessionDescription.parse(fixture("rfc5547-offer.sdp"));
    SessionDescription rfcAnswer = SessionDescription.parse(fixture("rfc5547-answer.sdp"));
    MessageMedia file = MessageMedia.of(offer, 0);
    FileSelector sel = file.fileSelector().orElseThrow();
    assertThat(sel.name()).isEqualTo("My cool picture.jpg");
    assertThat(sel.type()).isEqualTo("image/jpeg");
    assertThat(sel.size()).hasValue(32349);
    assertThat(sel.hashes().get(0).algorithm()).isEqualTo("sha-1");
    assertThat(file.fileDisposition()).hasValue("attachment");
    assertThat(file.fileDate().orElseThrow().creation())
        .isEqualTo("Mon, 15 May 2006 15:01:31 +0300");
    assertThat(file.fileIcon()).hasValue("cid:id2@alicepc.example.com");
    assertThat(file.fileRange().orElseThrow().stop()).isEqualTo(32349);
    LocalCapabilities bob =
        LocalCapabilities.builder()
            .path("msrp://bob.example.com:8888/9di4ea;tcp")
            .acceptTypes("message/cpim")
            .acceptWrappedTypes("*")
            .build();

    Answer answer = new Negotiator(bob).answer(offer);

    MessageMedia ours = MessageMedia.of(answer.description(), 0);
    MessageMedia theirs = MessageMedia.of(rfcAnswer, 0);
    assertThat(ours.direction()).isEqualTo(theirs.direction()).isEqualTo(Direction.RECVONLY);
    assertThat(ours.fileSelector().orElseThrow().toString())
        .isEqualTo(theirs.fileSelector().orElseThrow().toString());
    assertThat(ours.fileTransferId()).isEqualTo(theirs.fileTransferId());
    assertThat(ours.fileRange().orElseThrow().toString()).isEqualTo("1-32349");
    assertThat(ours.acceptTypes()).isEqualTo(theirs.acceptTypes());
    MessageSessionPlan bobPlan = answer.plans().get(0);
    assertThat(bobPlan.fileTransferId()).isEqualTo("vBnG916bdberum2fFEABR1FR3ExZMUrd");
    assertThat(bobPlan.direction()).isEqualTo(Direction.RECVONLY);
    MessageSessionPlan alicePlan = StreamNegotiation.offererPlan(offer, rfcAnswer, 0, null);
    assertThat(alicePlan.direction()).isEqualTo(Direction.SENDONLY);
    assertThat(alicePlan.connects()).isTrue();
  }

  @Test
  void rfc6135ActpassAnsweredActive() {
    SessionDescription offer = SessionDescription.parse(fixture("rfc6135-offer.sdp"));
    SessionDescription rfcAnswer = SessionDescription.parse(fixture("rfc6135-answer.sdp"));
    LocalCapabilities bob =
        LocalCapabilities.builder()
            .path("msrp://192.0.2.2:8493/lkjh37s2s20w2a;tcp")
            .acceptTypes("message/cpim", "text/plain")
            .build();

    Answer answer = new Negotiator(bob).answer(offer);

    assertThat(answer.description().media().get(0).toString())
        .isEqualTo(rfcAnswer.media().get(0).toString());
    assertThat(answer.plans().get(0).connects()).isTrue();
    assertThat(answer.plans().get(0).connectHost()).isEqualTo("192.0.2.1");
    MessageSessionPlan alice = StreamNegotiation.offererPlan(offer, rfcAnswer, 0, null);
    assertThat(alice.connects()).isFalse();
  }

  @Test
  void rfc6714CemaConnectsToTheSdpAddressNotThePath() {
    SessionDescription offer = SessionDescription.parse(fixture("rfc6714-offer.sdp"));
    String answerText =
        fixture("rfc6135-answer.sdp")
            .replace("c=IN IP4 192.0.2.2", "c=IN IP4 192.0.2.5")
            .replace("m=message 8493", "m=message 9000")
            .replace("a=setup:active\r\n", "a=msrp-cema\r\n");

    MessageSessionPlan withCema =
        StreamNegotiation.offererPlan(offer, SessionDescription.parse(answerText), 0, null);
    MessageSessionPlan without =
        StreamNegotiation.offererPlan(
            offer, SessionDescription.parse(answerText.replace("a=msrp-cema\r\n", "")), 0, null);

    assertThat(withCema.cema()).isTrue();
    assertThat(withCema.connectHost()).isEqualTo("192.0.2.5");
    assertThat(withCema.connectPort()).isEqualTo(9000);
    assertThat(without.cema()).isFalse();
    assertThat(without.connectHost()).isEqualTo("192.0.2.2");
    assertThat(without.connectPort()).isEqualTo(8493);
  }

  @Test
  void rfc6714AnswererEchoesCemaOnlyWhenItSupportsIt() {
    SessionDescription offer = SessionDescription.parse(fixture("rfc6714-offer.sdp"));
    LocalCapabilities.Builder bob =
        LocalCapabilities.builder().path("msrp://192.0.2.2:8493/lkjh37s2s20w2a;tcp");

    Answer cema = new Negotiator(bob.cema(true).build()).answer(offer);
    Answer plain = new Negotiator(bob.cema(false).build()).answer(offer);

    assertThat(cema.description().media().get(0).hasAttribute("msrp-cema")).isTrue();
    assertThat(cema.plans().get(0).cema()).isTrue();
    assertThat(plain.description().media().get(0).hasAttribute("msrp-cema")).isFalse();
    assertThat(plain.plans().get(0).cema()).isFalse();
  }

  @Test
  void rfc7977WebSocketClientIsActiveServerPassive() {
    SessionDescription offer = SessionDescription.parse(fixture("rfc7977-offer.sdp"));
    SessionDescription rfcAnswer = SessionDescription.parse(fixture("rfc7977-answer.sdp"));
    LocalCapabilities server =
        LocalCapabilities.builder()
            .transport(MessageTransport.TCP_WSS_MSRP)
            .path("msrps://bob.example.com:443/9di4eae923wzd;ws")
            .acceptTypes("text/plain")
            .build();

    Answer answer = new Negotiator(server).answer(offer);

    assertThat(answer.description().media().get(0).toString())
        .isEqualTo(rfcAnswer.media().get(0).toString());
    assertThat(answer.plans().get(0).connects()).isFalse();
    MessageSessionPlan client = StreamNegotiation.offererPlan(offer, rfcAnswer, 0, null);
    assertThat(client.connects()).isTrue();
    assertThat(client.transport().websocket()).isTrue();
    assertThat(client.connectHost()).isEqualTo("bob.example.com");
    assertThat(client.connectPort()).isEqualTo(443);
  }

  @Test
  void draft2001AnsweredWithOurSipUriAndPortIgnored() {
    SessionDescription offer = SessionDescription.parse(fixture("draft2001-offer.sdp"));
    LocalCapabilities bob =
        LocalCapabilities.builder()
            .transport(MessageTransport.SIP)
            .sipUri(SipUri.parse("sip:bob@192.0.2.4:5070;transport=tcp"))
            .originUsername("bob")
            .sessionId("2890844730")
            .build();

    Answer answer = new Negotiator(bob).answer(offer);

    assertThat(answer.description().toString())
        .isEqualTo(fixture("draft2001-answer.sdp").replace("m=message 5060", "m=message 5070"));
    MessageSessionPlan plan = answer.plans().get(0);
    assertThat(plan.mode()).isEqualTo(MessageSessionPlan.Mode.SIP_MESSAGE);
    assertThat(plan.remoteSipUri().host()).isEqualTo("pc33.atlanta.example.com");
    assertThat(plan.remoteSipUri().portOrDefault()).isEqualTo(5060);
    assertThat(plan.remoteSipUri().transport()).isEqualTo("tcp");
    assertThat(plan.callId()).isEqualTo("a84b4c76e66710@pc33.atlanta.example.com");
    MessageSessionPlan alice =
        StreamNegotiation.offererPlan(
            offer, SessionDescription.parse(fixture("draft2001-answer.sdp")), 0, null);
    assertThat(alice.mode()).isEqualTo(MessageSessionPlan.Mode.SIP_MESSAGE);
    assertThat(alice.remoteSipUri().port()).isEqualTo(5070);
    assertThat(alice.callId()).isNull();
  }

  @Test
  void draft2001RefusedWithoutALocalSipUri() {
    SessionDescription offer = SessionDescription.parse(fixture("draft2001-offer.sdp"));
    LocalCapabilities msrpOnly =
        LocalCapabilities.builder().path("msrp://bob.example.com:8888/9di4ea;tcp").build();

    Answer answer = new Negotiator(msrpOnly).answer(offer);

    assertThat(answer.plans().get(0).refusal()).isEqualTo(Refusal.LEGACY_NOT_SUPPORTED);
    assertThat(answer.description().media().get(0).port()).isZero();
    assertThat(answer.anyAccepted()).isFalse();
  }
}
