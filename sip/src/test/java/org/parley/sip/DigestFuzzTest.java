package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import java.text.ParseException;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;

/**
 * Coverage-guided fuzzing of the SIP Digest path (Jazzer; corpus in {@code
 * DigestFuzzTestInputs/challenge}): a {@code WWW-Authenticate} value as the SIP stack parses it,
 * then {@link DigestAnswer#answer}, as {@code Transactions} does for a challenge of one of our
 * realms. A value is either refused with a {@link ParseException} or parsed; a challenge Parley
 * answers is either refused with a {@link ParseException} (an algorithm or qop it lacks) or
 * answered with an {@code Authorization} header that a registrar parses back to the same username,
 * realm, nonce and uri, and whose response is the one a registrar computes from those values (RFC
 * 2617 §3.2.2).
 */
class DigestFuzzTest {
  private static final HeaderFactory HEADERS = new HeaderFactoryImpl();
  private static final Credentials ALICE = new Credentials("alice", "Circle Of Life", null);

  @FuzzTest
  void challenge(byte[] data) throws ParseException {
    String value = new String(data, UTF_8);
    WWWAuthenticateHeader challenge;
    try {
      challenge = (WWWAuthenticateHeader) HEADERS.createHeader("WWW-Authenticate", value);
    } catch (ParseException e) {
      return;
    }
    if (challenge.getRealm() == null) {
      return; // Transactions answers only challenges for its realms
    }
    URI requestUri = new AddressFactoryImpl().createURI("sip:parley.test");
    AuthorizationHeader answer;
    try {
      answer = DigestAnswer.answer(HEADERS, challenge, false, ALICE, "REGISTER", requestUri);
    } catch (ParseException e) {
      return;
    }
    AuthorizationHeader sent =
        (AuthorizationHeader)
            HEADERS.createHeader(
                "Authorization", answer.toString().substring("Authorization:".length()).trim());
    assertThat(sent.getUsername()).as("username, answering %s", value).isEqualTo("alice");
    assertThat(sent.getRealm()).as("realm, answering %s", value).isEqualTo(challenge.getRealm());
    assertThat(sent.getNonce()).as("nonce, answering %s", value).isEqualTo(challenge.getNonce());
    assertThat(sent.getURI().toString()).isEqualTo("sip:parley.test");
    String expected =
        DigestTest.response(
            sent.getAlgorithm() == null ? "MD5" : sent.getAlgorithm(),
            sent.getUsername(),
            sent.getRealm(),
            ALICE.password(),
            "REGISTER",
            sent.getURI().toString(),
            sent.getNonce(),
            sent.getQop() == null ? null : String.format("%08x", sent.getNonceCount()),
            sent.getCNonce(),
            sent.getQop());
    assertThat(sent.getResponse()).as("response, answering %s", value).isEqualTo(expected);
  }
}
