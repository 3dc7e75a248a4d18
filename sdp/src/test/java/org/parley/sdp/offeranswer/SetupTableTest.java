package org.parley.sdp.offeranswer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.SessionDescription;
import org.parley.sdp.Setup;

/**
 * Every setup combination, end to end: an offer with a=setup active, passive, actpass, holdconn or
 * none, answered by an end that can only connect, only listen, or either. RFC 4145 §4.1 gives the
 * answers an offer allows, RFC 6135 restricts them for MSRP (no holdconn, no actpass in an answer)
 * and RFC 4975 gives the default without a=setup: the offerer connects.
 */
class SetupTableTest {
  private static final String NONE = "(none)";

  static Stream<Arguments> answererTable() {
    return Stream.of(
        // offer, answerer can, answer's a=setup, answerer connects, refusal
        row(NONE, Setup.ACTIVE, null, false, Refusal.SETUP_CONFLICT),
        row(NONE, Setup.PASSIVE, NONE, false, null),
        row(NONE, Setup.ACTPASS, NONE, false, null),
        row("active", Setup.ACTIVE, null, false, Refusal.SETUP_CONFLICT),
        row("active", Setup.PASSIVE, "passive", false, null),
        row("active", Setup.ACTPASS, "passive", false, null),
        row("passive", Setup.ACTIVE, "active", true, null),
        row("passive", Setup.PASSIVE, null, false, Refusal.SETUP_CONFLICT),
        row("passive", Setup.ACTPASS, "active", true, null),
        row("actpass", Setup.ACTIVE, "active", true, null),
        row("actpass", Setup.PASSIVE, "passive", false, null),
        row("actpass", Setup.ACTPASS, "active", true, null),
        row("holdconn", Setup.ACTIVE, null, false, Refusal.HOLDCONN),
        row("holdconn", Setup.PASSIVE, null, false, Refusal.HOLDCONN),
        row("holdconn", Setup.ACTPASS, null, false, Refusal.HOLDCONN));
  }

  private static Arguments row(
      String offer, Setup local, String answer, boolean connects, Refusal refusal) {
    return Arguments.of(offer, local, answer, connects, refusal);
  }

  @ParameterizedTest(name = "offer {0}, answerer {1} -> {2} {4}")
  @MethodSource("answererTable")
  void answerer(String offered, Setup local, String answered, boolean connects, Refusal refusal) {
    SessionDescription offer = offer(offered);
    LocalCapabilities caps =
        LocalCapabilities.builder()
            .path("msrp://bob.example.com:8888/9di4eae923wzd;tcp")
            .setup(local)
            .build();

    Answer answer = new Negotiator(caps).answer(offer);

    MessageSessionPlan plan = answer.plans().get(0);
    assertThat(plan.refusal()).isEqualTo(refusal);
    if (refusal != null) {
      assertThat(answer.description().media().get(0).port()).isZero();
      assertThat(plan.reason()).isNotBlank();
      return;
    }
    assertThat(plan.connects()).isEqualTo(connects);
    MessageMedia m = MessageMedia.of(answer.description(), 0);
    assertThat(m.setup().map(Setup::token).orElse(NONE)).isEqualTo(answered);
    // The offerer, reading this answer, takes the other role: exactly one end connects.
    MessageSessionPlan offerer =
        StreamNegotiation.offererPlan(offer, answer.description(), 0, null);
    assertThat(offerer.refused()).isFalse();
    assertThat(offerer.connects()).isNotEqualTo(connects);
  }

  static Stream<Arguments> offererTable() {
    return Stream.of(
        // offer, answer, offerer connects (null: refused)
        Arguments.of(NONE, NONE, true),
        Arguments.of(NONE, "active", null),
        Arguments.of(NONE, "passive", true),
        Arguments.of(NONE, "actpass", null),
        Arguments.of(NONE, "holdconn", null),
        Arguments.of("active", NONE, true),
        Arguments.of("active", "active", null),
        Arguments.of("active", "passive", true),
        Arguments.of("active", "actpass", null),
        Arguments.of("passive", NONE, null),
        Arguments.of("passive", "active", false),
        Arguments.of("passive", "passive", null),
        Arguments.of("passive", "holdconn", null),
        Arguments.of("actpass", NONE, true),
        Arguments.of("actpass", "active", false),
        Arguments.of("actpass", "passive", true),
        Arguments.of("actpass", "actpass", null),
        Arguments.of("actpass", "holdconn", null));
  }

  @ParameterizedTest(name = "offer {0}, answer {1} -> offerer connects: {2}")
  @MethodSource("offererTable")
  void offerer(String offered, String answered, Boolean connects) {
    MessageSessionPlan plan =
        StreamNegotiation.offererPlan(offer(offered), answer(answered), 0, null);

    if (connects == null) {
      assertThat(plan.refusal()).isIn(Refusal.SETUP_CONFLICT, Refusal.HOLDCONN);
    } else {
      assertThat(plan.refused()).isFalse();
      assertThat(plan.connects()).isEqualTo(connects);
      if (connects) {
        assertThat(plan.connectHost()).isEqualTo("bob.example.com");
        assertThat(plan.connectPort()).isEqualTo(8888);
      }
    }
  }

  private static SessionDescription offer(String setup) {
    return description("alice", "msrp://alice.example.com:7654/jshA7weztas;tcp", 7654, setup);
  }

  private static SessionDescription answer(String setup) {
    return description("bob", "msrp://bob.example.com:8888/9di4eae923wzd;tcp", 8888, setup);
  }

  private static SessionDescription description(String who, String path, int port, String setup) {
    return SessionDescription.parse(
        org.parley.sdp.Sdp.crlf(
                "v=0",
                "o=" + who + " 1 1 IN IP4 " + who + ".example.com",
                "s=-",
                "c=IN IP4 " + who + ".example.com",
                "t=0 0",
                "m=message " + port + " TCP/MSRP *",
                "a=accept-types:text/plain",
                "a=path:" + path)
            + (setup.equals(NONE) ? "" : "a=setup:" + setup + "\r\n"));
  }
}
