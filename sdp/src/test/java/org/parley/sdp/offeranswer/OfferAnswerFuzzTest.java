package org.parley.sdp.offeranswer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.parley.sdp.MediaDescription;
import org.parley.sdp.MessageMedia;
import org.parley.sdp.SdpParseException;
import org.parley.sdp.SessionDescription;

/**
 * Coverage-guided fuzzing of the offer/answer engine (RFC 3264, RFC 4975 §8; Jazzer; corpora in
 * {@code OfferAnswerFuzzTestInputs/<method>}), on descriptions that parse.
 *
 * <ul>
 *   <li>{@link #answer}: any offer is answered without an exception; the answer parses back to
 *       itself, has the offer's m= lines in the same order, refuses (port 0) every stream that is
 *       not a message stream and every message stream whose plan is refused; an accepted plan has a
 *       remote path and a common accept type, and its stream is answered with a port.
 *   <li>{@link #acceptAnswer}: any answer to Alice's offer is taken or, when its m= lines do not
 *       match the offer's, refused with the documented {@link IllegalArgumentException}; each plan
 *       is refused or has a remote path and types Alice accepts.
 *   <li>{@link #reOffer}: Alice builds an offer on any description; Bob's answer to it, taken by
 *       Alice, gives both ends the same outcome: both plans refused, or both accepted with the same
 *       types and exactly one end connecting.
 * </ul>
 */
class OfferAnswerFuzzTest {
  static final LocalCapabilities ALICE =
      LocalCapabilities.builder()
          .path("msrp://alice.example.com:7654/jshA7weztas;tcp")
          .acceptTypes("message/cpim", "text/plain")
          .originUsername("alice")
          .sessionId("100")
          .build();
  static final LocalCapabilities BOB =
      LocalCapabilities.builder()
          .path("msrp://bob.example.com:8888/9di4eae923wzd;tcp")
          .acceptTypes("text/*", "message/cpim")
          .acceptWrappedTypes("text/plain")
          .maxSize(4096)
          .originUsername("bob")
          .sessionId("200")
          .build();

  @FuzzTest
  void answer(byte[] data) {
    SessionDescription offer = parse(data);
    if (offer == null) {
      return;
    }
    Answer answer = new Negotiator(BOB).answer(offer);
    SessionDescription sdp = answer.description();
    assertThat(SessionDescription.parse(sdp.toString())).as("the answer parses").isEqualTo(sdp);
    assertThat(sdp.media()).as("m= lines of the answer").hasSameSizeAs(offer.media());
    for (int i = 0; i < offer.media().size(); i++) {
      MediaDescription o = offer.media().get(i);
      MediaDescription a = sdp.media().get(i);
      assertThat(a.media()).as("media %d", i).isEqualTo(o.media());
      if (!MessageMedia.isMessage(o)) {
        assertThat(a.port()).as("a stream not for messages is refused").isZero();
      }
    }
    for (MessageSessionPlan p : answer.plans()) {
      assertThat(p.mediaIndex()).isBetween(0, offer.media().size() - 1);
      MediaDescription a = sdp.media().get(p.mediaIndex());
      if (p.refused()) {
        assertThat(p.refusal()).isNotNull();
        assertThat(a.port()).as("a refused stream has port 0: %s", p).isZero();
      } else {
        assertThat(a.port()).as("an accepted stream has a port: %s", p).isPositive();
        assertThat(p.remotePath()).as("remote path of %s", p).isNotEmpty();
        assertThat(p.acceptTypes()).as("common types of %s", p).isNotEmpty();
      }
    }
  }

  @FuzzTest
  void acceptAnswer(byte[] data) {
    SessionDescription answer = parse(data);
    if (answer == null) {
      return;
    }
    Negotiator alice = new Negotiator(ALICE);
    SessionDescription offer = alice.createOffer();
    List<MessageSessionPlan> plans;
    try {
      plans = alice.acceptAnswer(answer);
    } catch (SdpParseException e) {
      throw new AssertionError("acceptAnswer threw a parse error", e);
    } catch (IllegalArgumentException e) {
      assertThat(answer.media().size()).as("refused: %s", e).isNotEqualTo(offer.media().size());
      return;
    }
    assertThat(plans).hasSize(1);
    for (MessageSessionPlan p : plans) {
      if (!p.refused()) {
        assertThat(p.remotePath()).as("remote path of %s", p).isNotEmpty();
        assertThat(p.acceptTypes()).as("types of %s", p).isNotEmpty();
      }
    }
  }

  @FuzzTest
  void reOffer(byte[] data) {
    SessionDescription base = parse(data);
    if (base == null) {
      return;
    }
    Negotiator alice = new Negotiator(ALICE);
    Negotiator bob = new Negotiator(BOB);
    SessionDescription offer = alice.createOffer(base);
    SessionDescription sent = SessionDescription.parse(offer.toString());
    Answer answer = bob.answer(sent);
    List<MessageSessionPlan> plans =
        alice.acceptAnswer(SessionDescription.parse(answer.description().toString()));
    assertThat(plans).hasSameSizeAs(answer.plans());
    for (int i = 0; i < plans.size(); i++) {
      MessageSessionPlan a = plans.get(i);
      MessageSessionPlan b = answer.plans().get(i);
      assertThat(a.mediaIndex()).isEqualTo(b.mediaIndex());
      assertThat(a.refused()).as("Alice %s, Bob %s", a, b).isEqualTo(b.refused());
      if (!a.refused()) {
        assertThat(a.acceptTypes()).as("Alice %s, Bob %s", a, b).isEqualTo(b.acceptTypes());
        assertThat(a.connects()).as("one end connects: %s, %s", a, b).isNotEqualTo(b.connects());
        assertThat(a.remotePath()).isEqualTo(BOB.path());
        assertThat(b.remotePath()).isEqualTo(ALICE.path());
      }
    }
  }

  private static SessionDescription parse(byte[] data) {
    try {
      return SessionDescription.parse(new String(data, StandardCharsets.UTF_8));
    } catch (SdpParseException e) {
      return null;
    }
  }
}
