package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;
import org.parley.sdp.SipUri;

/**
 * Digest authentication as SIP uses it: the computation (msrp-core's), {@link DigestAnswer}, and
 * challenges answered over a real socket.
 */
@Timeout(120)
class DigestTest {
  /** The response a registrar computes from the values of credentials, with msrp-core's Digest. */
  static String response(
      String algorithm,
      String username,
      String realm,
      String password,
      String method,
      String uri,
      String nonce,
      String nc,
      String cnonce,
      String qop) {
    DigestAlgorithm h = DigestAlgorithm.fromToken(algorithm);
    return Digest.response(
        h,
        Digest.ha1(h, username, realm, password),
        nonce,
        nc,
        cnonce,
        qop,
        Digest.ha2(h, method, uri));
  }

  @Test
  void theResponseMatchesRfc2617sExample() throws Exception {
    // RFC 2617 §3.5: the values of its example exchange.
    String r =
        response(
            "MD5",
            "Mufasa",
            "testrealm@host.com",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            "00000001",
            "0a4f113b",
            "auth");
    assertThat(r).isEqualTo("6629fae49393a05397450978507c4ef1");
  }

  @Test
  void withoutQopTheResponseIsHa1NonceHa2() throws Exception {
    String ha1 = md5("bob:parley.test:secret");
    String ha2 = md5("REGISTER:sip:parley.test");
    assertThat(
            response(
                "MD5",
                "bob",
                "parley.test",
                "secret",
                "REGISTER",
                "sip:parley.test",
                "n1",
                null,
                null,
                null))
        .isEqualTo(md5(ha1 + ":n1:" + ha2));
  }

  /**
   * A challenge without a nonce, or of another scheme, is refused with a ParseException (found by
   * {@link DigestFuzzTest}: JAIN-SIP threw a NullPointerException from setNonce).
   */
  @Test
  void challengesWithoutANonceOrNotDigestAreRefused() throws Exception {
    javax.sip.header.HeaderFactory headers = new gov.nist.javax.sip.header.HeaderFactoryImpl();
    javax.sip.address.URI uri =
        new gov.nist.javax.sip.address.AddressFactoryImpl().createURI("sip:parley.test");
    Credentials alice = new Credentials("alice", "secret", null);
    for (String value :
        new String[] {"Digest realm=\"parley.test\"", "Basic realm=\"parley.test\""}) {
      javax.sip.header.WWWAuthenticateHeader challenge =
          (javax.sip.header.WWWAuthenticateHeader) headers.createHeader("WWW-Authenticate", value);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> DigestAnswer.answer(headers, challenge, false, alice, "REGISTER", uri))
          .as(value)
          .isInstanceOf(java.text.ParseException.class);
    }
  }

  /** A SHA-256 challenge (RFC 8760) is answered with SHA-256, the algorithm echoed. */
  @Test
  void aSha256ChallengeIsAnsweredWithSha256() throws Exception {
    javax.sip.header.HeaderFactory headers = new gov.nist.javax.sip.header.HeaderFactoryImpl();
    javax.sip.address.URI uri =
        new gov.nist.javax.sip.address.AddressFactoryImpl().createURI("sip:parley.test");
    javax.sip.header.WWWAuthenticateHeader challenge =
        (javax.sip.header.WWWAuthenticateHeader)
            headers.createHeader(
                "WWW-Authenticate",
                "Digest realm=\"parley.test\", nonce=\"n1\", qop=\"auth\", algorithm=SHA-256");
    javax.sip.header.AuthorizationHeader a =
        DigestAnswer.answer(
            headers, challenge, false, new Credentials("alice", "secret", null), "REGISTER", uri);
    assertThat(a.getAlgorithm()).isEqualTo("SHA-256");
    String ha1 = sha256("alice:parley.test:secret");
    String ha2 = sha256("REGISTER:sip:parley.test");
    assertThat(a.getResponse())
        .isEqualTo(sha256(ha1 + ":n1:00000001:" + a.getCNonce() + ":auth:" + ha2))
        .hasSize(64);
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(UTF_8)));
  }

  static String md5(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(UTF_8)));
  }

  /** The parameters of a Digest credentials header. */
  static Map<String, String> params(String header) {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String part : header.substring("Digest ".length()).split(",")) {
      String[] kv = part.trim().split("=", 2);
      out.put(kv[0], kv[1].replace("\"", ""));
    }
    return out;
  }

  /** Checks a credentials header the way a registrar would, independently of msrp-core. */
  static void assertValid(String header, String method, String password) throws Exception {
    Map<String, String> p = params(header);
    String ha1 = md5(p.get("username") + ":" + p.get("realm") + ":" + password);
    String ha2 = md5(method + ":" + p.get("uri"));
    String expected =
        p.containsKey("qop")
            ? md5(
                ha1
                    + ":"
                    + p.get("nonce")
                    + ":"
                    + p.get("nc")
                    + ":"
                    + p.get("cnonce")
                    + ":"
                    + p.get("qop")
                    + ":"
                    + ha2)
            : md5(ha1 + ":" + p.get("nonce") + ":" + ha2);
    assertThat(p.get("response")).as(header).isEqualTo(expected);
  }

  @Test
  void registerAnswers401AndMessageAnswers407() throws Exception {
    try (RawSip registrar = new RawSip()) {
      String at = "127.0.0.1:" + registrar.port();
      SipAgent agent =
          SipAgent.start(
              SipConfig.builder("sip:alice@parley.test")
                  .transports(SipTransport.UDP)
                  .outboundProxy("sip:" + at)
                  .credentials("alice", "s3cret")
                  .registration(
                      new Registration(SipUri.parse("sip:parley.test"), Duration.ofSeconds(600)))
                  .build(),
              new SipListener() {});
      try {
        RawSip.Message first = registrar.request();
        assertThat(first.method()).isEqualTo("REGISTER");
        assertThat(first.header("Authorization")).isNull();
        registrar.respond(
            first,
            "401 Unauthorized",
            "WWW-Authenticate: Digest realm=\"parley.test\", nonce=\"n0nce1\", qop=\"auth\","
                + " algorithm=MD5");
        RawSip.Message second = registrar.request();
        assertThat(second.method()).isEqualTo("REGISTER");
        assertThat(second.header("Call-ID")).isEqualTo(first.header("Call-ID"));
        assertThat(cseq(second)).isGreaterThan(cseq(first));
        assertValid(second.header("Authorization"), "REGISTER", "s3cret");
        assertThat(second.header("Authorization")).doesNotContain("s3cret");
        registrar.respond(second, "200 OK", "Contact: " + second.header("Contact"));
        agent.registered().get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);

        CompletableFuture<SipStatus> sent =
            agent.message("sip:bob@parley.test", "text/plain", "hi".getBytes(UTF_8));
        RawSip.Message m1 = registrar.request();
        assertThat(m1.method()).isEqualTo("MESSAGE");
        registrar.respond(
            m1,
            "407 Proxy Authentication Required",
            "Proxy-Authenticate: Digest realm=\"parley.test\", nonce=\"n0nce2\"");
        RawSip.Message m2 = registrar.request();
        assertValid(m2.header("Proxy-Authorization"), "MESSAGE", "s3cret");
        registrar.respond(m2, "202 Accepted");
        assertThat(sent.get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS).code()).isEqualTo(202);

        CompletableFuture<SipStatus> refused =
            agent.message("sip:bob@parley.test", "text/plain", "again".getBytes(UTF_8));
        for (int i = 0; i < 3; i++) {
          RawSip.Message m = registrar.request();
          registrar.respond(
              m,
              "407 Proxy Authentication Required",
              "Proxy-Authenticate: Digest realm=\"parley.test\", nonce=\"n" + i + "\"");
        }
        assertThat(SipAgentTest.failure(refused).kind()).isEqualTo(SipFailure.Kind.AUTHENTICATION);
      } finally {
        CompletableFuture<Void> closing = CompletableFuture.runAsync(agent::close);
        RawSip.Message unregister = registrar.request();
        assertThat(unregister.method()).isEqualTo("REGISTER");
        assertThat(unregister.header("Expires")).isEqualTo("0");
        registrar.respond(unregister, "200 OK");
        closing.get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  private static long cseq(RawSip.Message m) {
    return Long.parseLong(m.header("CSeq").split(" ")[0]);
  }

  @Test
  void aChallengeForAnotherRealmIsNotAnsweredAndTheRequestFailsWithIt() throws Exception {
    try (RawSip proxy = new RawSip()) {
      SipAgent agent =
          SipAgent.start(
              SipConfig.builder("sip:alice@parley.test")
                  .transports(SipTransport.UDP)
                  .credentials("alice", "s3cret")
                  .build(),
              new SipListener() {});
      try {
        String target = "sip:bob@127.0.0.1:" + proxy.port();
        CompletableFuture<SipStatus> sent =
            agent.message(target, "text/plain", "hi".getBytes(UTF_8));
        RawSip.Message m1 = proxy.request();
        proxy.respond(
            m1,
            "401 Unauthorized",
            "WWW-Authenticate: Digest realm=\"evil.example\", nonce=\"n0nce1\", qop=\"auth\"");
        assertThat(SipAgentTest.failure(sent).status()).isEqualTo(401);

        // The configured realm is answered (the address's domain by default).
        CompletableFuture<SipStatus> again =
            agent.message(target, "text/plain", "again".getBytes(UTF_8));
        RawSip.Message m2 = proxy.request();
        assertThat(m2.header("Authorization")).as("no answer to evil.example").isNull();
        proxy.respond(
            m2,
            "407 Proxy Authentication Required",
            "Proxy-Authenticate: Digest realm=\"evil.example\", nonce=\"n0nce2\"",
            "Proxy-Authenticate: Digest realm=\"parley.test\", nonce=\"n0nce3\", qop=\"auth\"");
        RawSip.Message m3 = proxy.request();
        assertThat(m3.headers("Proxy-Authorization")).hasSize(1);
        assertThat(m3.header("Proxy-Authorization")).contains("realm=\"parley.test\"");
        assertValid(m3.header("Proxy-Authorization"), "MESSAGE", "s3cret");
        proxy.respond(m3, "202 Accepted");
        assertThat(again.get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS).code()).isEqualTo(202);
      } finally {
        agent.close();
      }
    }
  }
}
