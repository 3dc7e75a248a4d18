package org.parley.msrp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.NotEmpty;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.msrp.MsrpUri;

/**
 * Digest for MSRP AUTH and SIP: known answers (MD5 and SHA-256), RFC 4976's header examples, the
 * parsers' errors.
 */
class DigestTest {
  private static final DigestAlgorithm MD5 = DigestAlgorithm.MD5;
  private static final DigestAlgorithm SHA_256 = DigestAlgorithm.SHA_256;

  /** MD5 hex computed here, independently of {@link Digest}. */
  private static String md5(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** SHA-256 hex computed here, independently of {@link Digest}. */
  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  // ---------------------------------------------------------------------------------------------
  // Computations

  /** RFC 2617 §3.5: Mufasa's GET of /dir/index.html, the one published known answer. */
  @Test
  void rfc2617KnownAnswer() {
    String ha1 = Digest.ha1(MD5, "Mufasa", "testrealm@host.com", "Circle Of Life");
    assertThat(ha1).isEqualTo("939e7578ed9e3c518a452acee763bce9");
    String ha2 = Digest.ha2(MD5, "GET", "/dir/index.html");
    assertThat(ha2).isEqualTo("39aff3a2bab6126f332b942af96d3366");
    assertThat(
            Digest.response(
                MD5,
                ha1,
                "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "00000001",
                "0a4f113b",
                "auth",
                ha2))
        .isEqualTo("6629fae49393a05397450978507c4ef1");
  }

  /** RFC 7616 §3.9.1: Mufasa's GET of /dir/index.html with SHA-256, its published response. */
  @Test
  void rfc7616Sha256KnownAnswer() {
    String ha1 = Digest.ha1(SHA_256, "Mufasa", "http-auth@example.org", "Circle of Life");
    String ha2 = Digest.ha2(SHA_256, "GET", "/dir/index.html");
    assertThat(
            Digest.response(
                SHA_256,
                ha1,
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
                "auth",
                ha2))
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  /** A SHA-256 challenge is answered with SHA-256, its algorithm echoed, 64 hex digits. */
  @Test
  void sha256ChallengeIsAnsweredWithSha256() throws Exception {
    String uri = "msrps://relay.example.com:2855;tcp";
    DigestChallenge c =
        DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256");
    assertThat(c.algorithm()).isEqualTo(SHA_256);
    DigestCredentials sent = DigestClient.answer(c, "u", "p", uri, () -> "c");
    assertThat(sent.algorithm()).isEqualTo(SHA_256);
    assertThat(sent.toString()).contains("algorithm=SHA-256");
    assertThat(sent.response())
        .isEqualTo(sha256(sha256("u:r:p") + ":n:00000001:c:auth:" + sha256("AUTH:" + uri)))
        .hasSize(64);
    DigestCredentials parsed = DigestCredentials.parse(sent.toString());
    assertThat(parsed).isEqualTo(sent);
    String ha1 = Digest.ha1(SHA_256, "u", "r", "p");
    assertThat(parsed.expectedResponse(ha1, Digest.AUTH)).isEqualTo(sent.response());
    AuthenticationInfo info = AuthenticationInfo.answering(parsed, ha1, "next");
    assertThat(DigestClient.verify(info, sent, "p")).isTrue();
    assertThat(DigestClient.verify(info, sent, "q")).isFalse();
  }

  /** Of several challenges, the first that can be answered (RFC 7616 §3.7). */
  @Test
  void theFirstChallengeThatCanBeAnsweredIsChosen() {
    String sha512 = "Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=SHA-512-256";
    String sha = "Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256";
    String md5 = "Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=MD5";
    assertThat(DigestChallenge.choose(List.of(sha512, sha, md5)).algorithm()).isEqualTo(SHA_256);
    assertThat(DigestChallenge.choose(List.of(md5, sha)).algorithm()).isEqualTo(MD5);
    assertThat(DigestChallenge.choose(List.of("Basic realm=\"r\"", md5)).algorithm())
        .isEqualTo(MD5);
    assertThat(ruleBroken(() -> DigestChallenge.choose(List.of(sha512))))
        .isEqualTo(DigestRule.ALGORITHM);
    assertThat(ruleBroken(() -> DigestChallenge.choose(List.of()))).isEqualTo(DigestRule.CHALLENGE);
  }

  /** A response must have the length of its algorithm's hash. */
  @Test
  void aResponseOfTheOtherAlgorithmsLengthIsRefused() {
    String credentials = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"x\", response=";
    String md5Long = credentials + "\"" + "a".repeat(64) + "\"";
    assertThat(ruleBroken(() -> DigestCredentials.parse(md5Long))).isEqualTo(DigestRule.RESPONSE);
    String shaShort = credentials + "\"" + "a".repeat(32) + "\", algorithm=SHA-256";
    assertThat(ruleBroken(() -> DigestCredentials.parse(shaShort))).isEqualTo(DigestRule.RESPONSE);
    assertThat(DigestCredentials.parse(md5Long + ", algorithm=sha-256").algorithm())
        .isEqualTo(SHA_256);
  }

  private static DigestRule ruleBroken(ThrowingCallable parse) {
    return catchThrowableOfType(DigestSyntaxException.class, parse).rule();
  }

  /** The MSRP form: method AUTH, digest-uri the relay's MSRP URI (RFC 4976 §9.1). */
  @Test
  void msrpAuthResponseFollowsTheFormula() throws Exception {
    String uri = "msrps://alice@intra.example.com;tcp";
    String expected =
        md5(
            md5("Alice:intra.example.com:secret")
                + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:"
                + md5("AUTH:" + uri));
    DigestChallenge c =
        DigestChallenge.parse(
            "Digest realm=\"intra.example.com\", qop=\"auth\","
                + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"");
    DigestCredentials answer = DigestClient.answer(c, "Alice", "secret", uri, () -> "0a4f113b");
    assertThat(answer.response()).isEqualTo(expected);
    assertThat(answer.ncValue()).isEqualTo("00000001");
    assertThat(answer.qop()).isEqualTo("auth");
    assertThat(
            answer.expectedResponse(
                Digest.ha1(MD5, "Alice", "intra.example.com", "secret"), "AUTH"))
        .isEqualTo(expected);
  }

  @Test
  void rspauthUsesAnEmptyMethod() throws Exception {
    String ha1 = md5("u:r:p");
    String expected = md5(ha1 + ":n:0000000a:c:auth:" + md5(":msrps://r:1;tcp"));
    assertThat(Digest.rspauth(MD5, ha1, "n", "0000000a", "c", "msrps://r:1;tcp"))
        .isEqualTo(expected);
  }

  @Test
  void rfc2069ChallengeIsAnsweredWithoutQop() throws Exception {
    DigestChallenge c = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\"");
    assertThat(c.qop()).isEmpty();
    DigestCredentials a = DigestClient.answer(c, "u", "p", "msrps://r;tcp", () -> "unused");
    assertThat(a.qop()).isNull();
    assertThat(a.nc()).isEqualTo(-1);
    assertThat(a.cnonce()).isNull();
    assertThat(a.response()).isEqualTo(md5(md5("u:r:p") + ":n:" + md5("AUTH:msrps://r;tcp")));
    assertThat(a.toString()).doesNotContain("nc=").doesNotContain("cnonce");
  }

  /** Found by fuzzing: a control character escaped in quotes was read but could not be written. */
  @Test
  void anEscapedControlCharacterInQuotesIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DigestChallenge.parse("Digest realm=\"a\\\u0019b\", nonce=\"n\""))
        .isInstanceOf(DigestSyntaxException.class)
        .hasMessageContaining("control character U+0019 in quotes");
    assertThat(DigestChallenge.parse("Digest realm=\"a\\\"b\", nonce=\"n\"").realm())
        .isEqualTo("a\"b");
  }

  /** Found by fuzzing: credentials with qop but no nc (or cnonce) could not be written back. */
  @Test
  void credentialsWithQopButNoNcAreWrittenAsRead() {
    String text =
        "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", qop=auth,"
            + " response=\"6629fae49393a05397450978507c4ef1\"";
    DigestCredentials c = DigestCredentials.parse(text);
    assertThat(c.nc()).isEqualTo(-1);
    assertThat(c.ncValue()).isNull();
    assertThat(DigestCredentials.parse(c.toString())).isEqualTo(c);
    assertThat(c.toString()).doesNotContain("nc=").doesNotContain("cnonce");
  }

  @Test
  void ncIsEightLowerCaseHexDigits() {
    assertThat(Digest.nc(1)).isEqualTo("00000001");
    assertThat(Digest.nc(0xabcdef12L)).isEqualTo("abcdef12");
    assertThatThrownBy(() -> Digest.nc(1L << 32)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matchesIgnoresCaseAndNulls() {
    assertThat(Digest.matches("abcdef", "ABCDEF")).isTrue();
    assertThat(Digest.matches("abcdef", "abcdee")).isFalse();
    assertThat(Digest.matches(null, "a")).isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // RFC 4976 §5.1's headers

  @Test
  void parsesTheRfc4976Challenge() {
    DigestChallenge c =
        DigestChallenge.parse(
            "Digest realm=\"intra.example.com\", qop=\"auth\","
                + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"");
    assertThat(c.realm()).isEqualTo("intra.example.com");
    assertThat(c.nonce()).isEqualTo("dcd98b7102dd2f0e8b11d0f600bfb0c093");
    assertThat(c.qop()).containsExactly("auth");
    assertThat(c.stale()).isFalse();
    assertThat(c.opaque()).isNull();
    assertThat(DigestChallenge.parse(c.toString())).isEqualTo(c);
  }

  @Test
  void parsesTheRfc4976Authorization() {
    DigestCredentials a =
        DigestCredentials.parse(
            "Digest username=\"Alice\", realm=\"intra.example.com\","
                + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", qop=auth, nc=00000001,"
                + " cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\","
                + " uri=\"msrps://alice@intra.example.com;tcp\"");
    assertThat(a.username()).isEqualTo("Alice");
    assertThat(a.realm()).isEqualTo("intra.example.com");
    assertThat(a.nc()).isEqualTo(1);
    assertThat(a.cnonce()).isEqualTo("0a4f113b");
    assertThat(a.qop()).isEqualTo("auth");
    assertThat(a.response()).isEqualTo("6629fae49393a05397450978507c4ef1");
    assertThat(a.uri()).isEqualTo("msrps://alice@intra.example.com;tcp");
    assertThat(DigestCredentials.parse(a.toString())).isEqualTo(a);
    assertThat(a.toLogString()).doesNotContain("6629fae");
  }

  @Test
  void parsesTheRfc4976AuthenticationInfoWithAndWithoutSpaces() {
    AuthenticationInfo i =
        AuthenticationInfo.parse(
            "nextnonce=\"40f2e879449675f288476d772627370a\","
                + "rspauth=\"7327570c586207eca2afae94fc20903d\", cnonce=\"0a4f113b\","
                + " nc=00000001, qop=auth");
    assertThat(i.nextnonce()).isEqualTo("40f2e879449675f288476d772627370a");
    assertThat(i.rspauth()).isEqualTo("7327570c586207eca2afae94fc20903d");
    assertThat(i.cnonce()).isEqualTo("0a4f113b");
    assertThat(i.nc()).isEqualTo(1);
    assertThat(i.qop()).isEqualTo("auth");
    assertThat(AuthenticationInfo.parse(i.toString())).isEqualTo(i);
  }

  @Test
  void aRelaysAnswerVerifiesOnTheClient() {
    String uri = "msrps://relay.example.com:2855;tcp";
    DigestChallenge c = DigestChallenge.of("relay.example.com", "n0nce", "opq", false, MD5);
    DigestCredentials sent = DigestClient.answer(c, "bob", "pw", uri, DigestClient.randomCnonces());
    assertThat(sent.opaque()).isEqualTo("opq");
    assertThat(sent.algorithm()).isEqualTo(MD5);
    assertThat(sent.toString()).contains("algorithm=MD5");
    assertThat(sent.cnonce()).hasSize(16);
    String ha1 = Digest.ha1(MD5, "bob", "relay.example.com", "pw");
    assertThat(Digest.matches(sent.expectedResponse(ha1, Digest.AUTH), sent.response())).isTrue();
    AuthenticationInfo info = AuthenticationInfo.answering(sent, ha1, "next");
    assertThat(DigestClient.verify(info, sent, "pw")).isTrue();
    assertThat(DigestClient.verify(info, sent, "other")).isFalse();
    AuthenticationInfo parsed = AuthenticationInfo.parse(info.toString());
    assertThat(DigestClient.verify(parsed, sent, "pw")).isTrue();
    // The next AUTH can use the nextnonce without a new challenge.
    DigestCredentials again =
        DigestClient.answer(c.withNonce("next"), "bob", "pw", uri, () -> "c2");
    assertThat(again.nonce()).isEqualTo("next");
  }

  @Test
  void theDigestUriIsTheRightmostToPathUri() {
    List<MsrpUri> to =
        List.of(
            MsrpUri.parse("msrps://intra.example.com:9000/jui787s2f;tcp"),
            MsrpUri.parse("msrps://extra.example.com;tcp"));
    assertThat(DigestClient.uri(to)).isEqualTo("msrps://extra.example.com;tcp");
  }

  // ---------------------------------------------------------------------------------------------
  // Quoting

  @Test
  void quotedStringsKeepCommasAndEscapes() {
    DigestChallenge c =
        DigestChallenge.parse(
            "Digest realm=\"a \\\"quoted\\\" realm, with a comma\",nonce=\"x\\\\y\" ,"
                + "qop=\"auth,auth-int\",stale=TRUE,\tdomain=\"/ignored\", opaque=\"o\"");
    assertThat(c.realm()).isEqualTo("a \"quoted\" realm, with a comma");
    assertThat(c.nonce()).isEqualTo("x\\y");
    assertThat(c.qop()).containsExactly("auth", "auth-int");
    assertThat(c.stale()).isTrue();
    assertThat(c.opaque()).isEqualTo("o");
    assertThat(c.toString()).contains("realm=\"a \\\"quoted\\\" realm, with a comma\"");
    assertThat(DigestChallenge.parse(c.toString())).isEqualTo(c);
  }

  @Property(tries = 300)
  void anyPrintableRealmRoundTrips(
      @ForAll @NotEmpty @CharRange(from = ' ', to = '~') String realm,
      @ForAll @NotEmpty @CharRange(from = '!', to = '~') String nonce) {
    DigestChallenge c = DigestChallenge.of(realm, nonce, null, true, SHA_256);
    assertThat(DigestChallenge.parse(c.toString())).isEqualTo(c);
  }

  @Test
  void theSchemeIsCaseInsensitive() {
    assertThat(DigestChallenge.parse("digest realm=\"r\", nonce=\"n\"").realm()).isEqualTo("r");
  }

  // ---------------------------------------------------------------------------------------------
  // Errors name their rule and offset

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Basic realm=\"r\"|AUTH_SCHEME|0",
        "Digest|AUTH_SCHEME|6",
        "Digestrealm=\"r\"|AUTH_SCHEME|0",
        "Digest realm=\"r\"|MISSING_PARAM|-1",
        "Digest nonce=\"n\"|MISSING_PARAM|-1",
        "Digest realm=\"r, nonce=\"n\"|CHALLENGE|24",
        "Digest realm=\"unterminated|QUOTED_STRING|13",
        "Digest realm=\"r\", realm=\"s\", nonce=\"n\"|DUPLICATE_PARAM|18",
        "Digest realm=\"r\" nonce=\"n\"|CHALLENGE|17",
        "Digest realm=\"r\", nonce=\"n\",|CHALLENGE|28",
        "Digest realm, nonce=\"n\"|AUTH_PARAM|12",
        "Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess|ALGORITHM|29",
        "Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"|QOP|29",
        "Digest realm=\"r\", nonce=\"n\", stale=maybe|STALE|29",
        "Digest realm=, nonce=\"n\"|TOKEN|13",
      })
  void challengeErrors(String value, DigestRule rule, int offset) {
    DigestSyntaxException e =
        catchThrowableOfType(DigestSyntaxException.class, () -> DigestChallenge.parse(value));
    assertThat(e).as(value).isNotNull();
    assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
    assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"x\"|MISSING_PARAM|-1",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"x\", response=\"abc\"|RESPONSE|52",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"x\","
            + " response=\"6629fae49393a05397450978507c4ezz\"|RESPONSE|52",
        "Digest username=\"u\", nc=1|NONCE_COUNT|21",
        "Digest username=\"u\", nc=0000000g|NONCE_COUNT|21",
      })
  void credentialErrors(String value, DigestRule rule, int offset) {
    DigestSyntaxException e =
        catchThrowableOfType(DigestSyntaxException.class, () -> DigestCredentials.parse(value));
    assertThat(e).as(value).isNotNull();
    assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
    assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
  }

  @Test
  void controlCharactersAreRefusedInsideQuotesAndWhenWriting() {
    DigestSyntaxException e =
        catchThrowableOfType(
            DigestSyntaxException.class,
            () -> DigestChallenge.parse("Digest realm=\"a\u0001b\", nonce=\"n\""));
    assertThat(e.rule()).isEqualTo(DigestRule.QUOTED_STRING);
    assertThat(e.offset()).isEqualTo(15);
    assertThatThrownBy(() -> DigestChallenge.of("a\nb", "n", null, false, MD5).toString())
        .isInstanceOf(DigestSyntaxException.class);
  }

  @Test
  void exceptionMessagesNameTheRule() {
    DigestSyntaxException e =
        catchThrowableOfType(
            DigestSyntaxException.class, () -> DigestChallenge.parse("Basic realm=\"x\""));
    assertThat(e.getMessage()).startsWith("auth-scheme: ").contains("Basic");
    assertThat(e.detail()).doesNotContain("offset");
  }
}
