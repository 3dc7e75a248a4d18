package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.sip.Recorder.next;
import static org.parley.sip.SipAgentTest.await;
import static org.parley.sip.SipAgentTest.failure;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;
import org.parley.msrp.auth.DigestChallenge;

/**
 * Issue 21: who may start a session. {@link Admission} over real sockets, UDP and TCP: patterns
 * (403 for the others, and nothing else happens), and a password incoming INVITE and MESSAGE are
 * challenged for (RFC 3261 §22: 401, digest with {@code qop=auth}, a nonce bound to time, {@code
 * stale=true} for right credentials with an old nonce). A raw peer writes the requests and
 * credentials by hand; Parley agents show the whole exchange. Every case ends with a real chat the
 * same listener takes.
 */
class AdmissionTest {
  private static final String PASSWORD = "s3cret";
  private Listening bob;
  private SipAgent alice;
  private SipAgent mallory;

  @AfterEach
  void close() {
    Agents.closeAll(alice, mallory, bob == null ? null : bob.agent);
  }

  private RawPeer carol(String transport) throws Exception {
    return RawPeer.of(transport, bob.agent.localAddress());
  }

  private static SipAgent agent(String user, String password) {
    SipConfig.Builder b = SipConfig.builder("sip:" + user + "@127.0.0.1");
    if (password != null) {
      b.credentials(user, password);
    }
    return SipAgent.start(b.build(), new Recorder());
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void onlyTheAllowedGetIn(String transport) throws Exception {
    bob =
        Listening.start(
            Listening.defaults()
                .admission(Admission.of(List.of("sip:alice@127.0.0.1", "@example.com"), null)));
    try (RawPeer carol = carol(transport)) {
      carol.send(carol.invite("bob", "refused-" + transport, RawPeer.offer(9, "r", "active")));
      RawSip.Message r = carol.finalResponse("INVITE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 403");
      carol.send(carol.ackRefusal(r, "refused-" + transport));
      SetupFailure refused = bob.refusal();
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.from()).isEqualTo("sip:carol@127.0.0.1");
      carol.send(
          carol.request(
              "MESSAGE", "carol", "bob", "m-" + transport, 1, "hi", "Content-Type: text/plain"));
      assertThat(carol.finalResponse("MESSAGE").firstLine()).startsWith("SIP/2.0 403");
      // Anyone at example.com may.
      carol.send(
          carol
              .request(
                  "MESSAGE",
                  "carol",
                  "bob",
                  "d-" + transport,
                  1,
                  "from the domain",
                  "Content-Type: text/plain")
              .replace("<sip:carol@127.0.0.1>", "<sip:dave@example.com>"));
      assertThat(carol.finalResponse("MESSAGE").firstLine()).startsWith("SIP/2.0 200");
      assertThat(next(bob.pager).text()).isEqualTo("from the domain");
    }
    mallory = agent("mallory", null);
    SipFailure f = failure(mallory.invite(bob.agent.uri(), InviteOptions.DEFAULT, new Recorder()));
    assertThat(f.status()).isEqualTo(403);
    SetupFailure r;
    do {
      r = bob.refusal(); // Carol's MESSAGE was refused too
    } while (!r.from().equals("sip:mallory@127.0.0.1"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(bob.failures).isEmpty();
    assertThat(bob.sessions).isEmpty();
    alice = agent("alice", null);
    bob.realChatDelivers(alice, "alice is allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aPasswordIsChallengedAndOnlyRightCredentialsGetIn(String transport) throws Exception {
    bob = Listening.start(Listening.defaults().admission(Admission.of(List.of(), PASSWORD)));
    try (RawPeer carol = carol(transport)) {
      // Challenged.
      carol.send(carol.invite("bob", "challenged-" + transport, RawPeer.offer(9, "c", "active")));
      RawSip.Message r = carol.finalResponse("INVITE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 401");
      carol.send(carol.ackRefusal(r, "challenged-" + transport));
      DigestChallenge challenge = DigestChallenge.parse(r.header("WWW-Authenticate"));
      assertThat(challenge.realm()).isEqualTo("127.0.0.1");
      assertThat(challenge.qop()).containsExactly("auth");
      assertThat(challenge.stale()).isFalse();

      // Wrong password: challenged again, not stale.
      String callId = "msg-" + transport;
      carol.send(message(carol, callId, 1, challenge, "wrong"));
      r = carol.finalResponse("MESSAGE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 401");
      assertThat(DigestChallenge.parse(r.header("WWW-Authenticate")).stale()).isFalse();

      // Right password, a nonce this process never made: challenged again, not stale.
      DigestChallenge forged = challenge.withNonce("17f00000000." + "0".repeat(32));
      carol.send(message(carol, callId, 2, forged, PASSWORD));
      r = carol.finalResponse("MESSAGE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 401");
      assertThat(DigestChallenge.parse(r.header("WWW-Authenticate")).stale()).isFalse();

      // Right password, a nonce of this process ten minutes old: stale=true.
      DigestChallenge old =
          challenge.withNonce(Gate.nonce(System.currentTimeMillis() - 600_000, "127.0.0.1"));
      carol.send(message(carol, callId, 3, old, PASSWORD));
      r = carol.finalResponse("MESSAGE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 401");
      DigestChallenge fresh = DigestChallenge.parse(r.header("WWW-Authenticate"));
      assertThat(fresh.stale()).isTrue();

      // Right password, the fresh nonce: in.
      carol.send(message(carol, callId, 4, fresh, PASSWORD));
      assertThat(carol.finalResponse("MESSAGE").firstLine()).startsWith("SIP/2.0 200");
      assertThat(next(bob.pager).text()).isEqualTo("with credentials 4");
    }
    assertThat(bob.refusals).isEmpty(); // challenges are not refusals

    // Parley agents: the wrong password fails with the 401, the right one gets a session.
    mallory = agent("mallory", "guess");
    SipFailure f = failure(mallory.invite(bob.agent.uri(), InviteOptions.DEFAULT, new Recorder()));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.AUTHENTICATION);
    assertThat(f.status()).isEqualTo(401);
    assertThat(
            failure(mallory.message(bob.agent.uri(), "text/plain", "x".getBytes(UTF_8))).status())
        .isEqualTo(401);
    assertThat(bob.failures).isEmpty();
    assertThat(bob.sessions).isEmpty();
    alice = agent("alice", PASSWORD);
    await(alice.message(bob.agent.uri(), "text/plain", "paged with a password".getBytes(UTF_8)));
    assertThat(next(bob.pager).text()).isEqualTo("paged with a password");
    bob.realChatDelivers(alice, "a session with a password");
  }

  @Test
  void rightCredentialsWithAStaleNonceAreToldSoAndWrongOnesAreNot() throws Exception {
    // A nonce lifetime of zero: every nonce is stale by the time it is answered.
    bob =
        Listening.start(
            Listening.defaults()
                .admission(Admission.of(List.of(), PASSWORD).withNonceLifetime(Duration.ZERO)));
    try (RawPeer carol = carol("udp")) {
      carol.send(carol.invite("bob", "stale", RawPeer.offer(9, "s", "active")));
      RawSip.Message r = carol.finalResponse("INVITE");
      carol.send(carol.ackRefusal(r, "stale"));
      DigestChallenge challenge = DigestChallenge.parse(r.header("WWW-Authenticate"));
      carol.send(message(carol, "stale-m", 1, challenge, PASSWORD));
      r = carol.finalResponse("MESSAGE");
      assertThat(r.firstLine()).startsWith("SIP/2.0 401");
      assertThat(DigestChallenge.parse(r.header("WWW-Authenticate")).stale()).isTrue();
      carol.send(message(carol, "stale-m", 2, challenge, "wrong"));
      r = carol.finalResponse("MESSAGE");
      assertThat(DigestChallenge.parse(r.header("WWW-Authenticate")).stale()).isFalse();
    }
    // A Parley caller retries a stale challenge once, then gives up with the 401.
    alice = agent("alice", PASSWORD);
    SipFailure f = failure(alice.invite(bob.agent.uri(), InviteOptions.DEFAULT, new Recorder()));
    assertThat(f.status()).isEqualTo(401);
    assertThat(bob.sessions).isEmpty();
  }

  @Test
  void patternsAreSipUrisOrDomains() {
    assertThatThrownBy(() -> Admission.of(List.of("alice"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Admission.of(List.of("sip:example.com"), null))
        .hasMessageContaining("@example.com");
    assertThatThrownBy(() -> Admission.of(List.of(), ""))
        .isInstanceOf(IllegalArgumentException.class);
    Admission.Pattern p = Admission.Pattern.parse("sip:alice@Example.COM");
    assertThat(p.matches("alice", "example.com", 5060)).isTrue();
    assertThat(p.matches("Alice", "example.com", -1)).isFalse();
    Admission.Pattern port = Admission.Pattern.parse("sips:alice@[::1]:5070");
    assertThat(port.matches("alice", "[::1]", 5070)).isTrue();
    assertThat(port.matches("alice", "::1", 5071)).isFalse();
    Admission.Pattern domain = Admission.Pattern.parse("@example.com");
    assertThat(domain.matches("anyone", "EXAMPLE.com", 1)).isTrue();
    assertThat(domain.matches("anyone", "sub.example.com", 1)).isFalse();
    assertThat(Admission.OPEN.open()).isTrue();
    assertThat(Admission.of(List.of(), PASSWORD).toString()).doesNotContain(PASSWORD);
  }

  /** A MESSAGE from Carol answering {@code challenge} with {@code password}. */
  private static String message(
      RawPeer carol, String callId, int cseq, DigestChallenge challenge, String password) {
    String uri = "sip:bob@127.0.0.1";
    String nc = "00000001";
    String cnonce = "c" + cseq;
    String response =
        Digest.response(
            DigestAlgorithm.MD5,
            Digest.ha1(DigestAlgorithm.MD5, "carol", challenge.realm(), password),
            challenge.nonce(),
            nc,
            cnonce,
            "auth",
            Digest.ha2(DigestAlgorithm.MD5, "MESSAGE", uri));
    String authorization =
        "Authorization: Digest username=\"carol\", realm=\""
            + challenge.realm()
            + "\", nonce=\""
            + challenge.nonce()
            + "\", uri=\""
            + uri
            + "\", response=\""
            + response
            + "\", qop=auth, nc="
            + nc
            + ", cnonce=\""
            + cnonce
            + "\", algorithm=MD5";
    return carol.request(
        "MESSAGE",
        "carol",
        "bob",
        callId,
        cseq,
        "with credentials " + cseq,
        "Content-Type: text/plain",
        authorization);
  }
}
