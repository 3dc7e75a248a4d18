package org.parley.sdp.offeranswer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sdp.Sdp.crlf;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.Setup;

/** The example of this package's javadoc, run: the documented offer, answer and plans hold. */
class PackageExampleTest {
  @Test
  void documentedOfferAnswerHolds() {
    Negotiator alice =
        new Negotiator(
            LocalCapabilities.builder()
                .path("msrp://alice.example.com:7654/jshA7weztas;tcp")
                .acceptTypes("message/cpim", "text/plain")
                .acceptWrappedTypes("text/plain", "image/*")
                .maxSize(131072)
                .originUsername("alice")
                .sessionId("2890844526")
                .build());
    Negotiator bob =
        new Negotiator(
            LocalCapabilities.builder()
                .path("msrp://bob.example.com:8888/9di4eae923wzd;tcp")
                .acceptTypes("text/*", "message/cpim")
                .acceptWrappedTypes("*")
                .setup(Setup.ACTIVE)
                .originUsername("bob")
                .sessionId("2890844612")
                .build());

    SessionDescription offer = alice.createOffer();
    Answer answer = bob.answer(offer);
    List<MessageSessionPlan> plans = alice.acceptAnswer(answer.description());

    assertThat(offer.toString())
        .isEqualTo(
            crlf(
                "v=0",
                "o=alice 2890844526 2890844526 IN IP4 alice.example.com",
                "s=-",
                "c=IN IP4 alice.example.com",
                "t=0 0",
                "m=message 7654 TCP/MSRP *",
                "a=accept-types:message/cpim text/plain",
                "a=accept-wrapped-types:text/plain image/*",
                "a=max-size:131072",
                "a=path:msrp://alice.example.com:7654/jshA7weztas;tcp",
                "a=setup:actpass"));
    assertThat(answer.description().toString())
        .isEqualTo(
            crlf(
                "v=0",
                "o=bob 2890844612 2890844612 IN IP4 bob.example.com",
                "s=-",
                "c=IN IP4 bob.example.com",
                "t=0 0",
                "m=message 8888 TCP/MSRP *",
                "a=accept-types:message/cpim text/plain",
                "a=accept-wrapped-types:text/plain image/*",
                "a=path:msrp://bob.example.com:8888/9di4eae923wzd;tcp",
                "a=setup:active"));
    MessageSessionPlan bobs = answer.plans().get(0);
    assertThat(bobs.connects()).isTrue();
    assertThat(bobs.connectHost() + ":" + bobs.connectPort()).isEqualTo("alice.example.com:7654");
    assertThat(bobs.remoteMaxSize()).hasValue(131072);
    assertThat(plans.get(0).connects()).isFalse();
    assertThat(plans.get(0).remotePath().get(0).toString())
        .isEqualTo("msrp://bob.example.com:8888/9di4eae923wzd;tcp");

    Negotiator bobRfc4975Offer = new Negotiator(bob.capabilities());
    String withoutSetup = offer.toString().replace("a=setup:actpass\r\n", "");
    assertThat(
            bobRfc4975Offer.answer(SessionDescription.parse(withoutSetup)).plans().get(0).refusal())
        .isEqualTo(Refusal.SETUP_CONFLICT);
  }
}
