package org.parley.msrp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the Digest header parsers of RFC 4976 §9 (Jazzer; corpora in {@code
 * DigestFuzzTestInputs/<method>}). Any text either parses or is refused with a {@link
 * DigestSyntaxException} naming a rule. A parsed challenge has a realm and a nonce, offers {@code
 * auth} or no qop, writes a header value that parses to an equal challenge, and can be answered;
 * the answer's header value parses to equal credentials that carry the expected response. Parsed
 * credentials write a header value that parses to equal credentials, with a lower-case response as
 * long as their algorithm's hash (32 digits for MD5, 64 for SHA-256).
 */
class DigestFuzzTest {
  private static final String PASSWORD = "Circle Of Life";

  @FuzzTest
  void challenge(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    DigestChallenge c;
    try {
      c = DigestChallenge.parse(text);
    } catch (DigestSyntaxException e) {
      assertThat(e.rule()).isNotNull();
      return;
    }
    assertThat(c.realm()).isNotNull();
    assertThat(c.nonce()).isNotNull();
    assertThat(c.qop().isEmpty() || c.qop().stream().anyMatch("auth"::equalsIgnoreCase))
        .as("qop of %s", text)
        .isTrue();
    assertThat(DigestChallenge.parse(c.toString()))
        .as("parse(toString()) of %s: %s", text, c)
        .isEqualTo(c);

    String uri = "msrp://relay.example.com:2855;tcp";
    DigestCredentials answer = DigestClient.answer(c, "alice", PASSWORD, uri, () -> "0a4f113b");
    DigestCredentials sent = DigestCredentials.parse(answer.toString());
    assertThat(sent).as("the answer as sent, to %s", c).isEqualTo(answer);
    String ha1 = Digest.ha1(c.algorithm(), "alice", c.realm(), PASSWORD);
    assertThat(sent.expectedResponse(ha1, Digest.AUTH))
        .as("the response a relay expects")
        .isEqualTo(sent.response());
  }

  @FuzzTest
  void credentials(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    DigestCredentials c;
    try {
      c = DigestCredentials.parse(text);
    } catch (DigestSyntaxException e) {
      assertThat(e.rule()).isNotNull();
      return;
    }
    String hex = "[0-9a-f]{" + c.algorithm().hexLength() + "}";
    assertThat(c.response()).matches(hex);
    assertThat(DigestCredentials.parse(c.toString()))
        .as("parse(toString()) of %s: %s", text, c)
        .isEqualTo(c);
    String ha1 = Digest.ha1(c.algorithm(), c.username(), c.realm(), PASSWORD);
    assertThat(c.expectedResponse(ha1, Digest.AUTH)).matches(hex);
  }
}
