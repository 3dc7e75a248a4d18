package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.HeaderName;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.auth.AuthenticationInfo;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;
import org.parley.msrp.auth.DigestChallenge;
import org.parley.msrp.auth.DigestClient;
import org.parley.msrp.auth.DigestCredentials;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;

/** AUTH (RFC 4976 §5.1, §6.3, §9.1; SHA-256 from RFC 7616) over real sockets. */
class RelayAuthTest extends FixtureTest {

  /** The challenge a client answers: the first it can (SHA-256 with the default policy). */
  private static DigestChallenge challengeOf(MsrpResponse r) {
    assertThat(r.code()).as(r.toString()).isEqualTo(401);
    return DigestChallenge.choose(r.headers().values(HeaderName.WWW_AUTHENTICATE));
  }

  /** Every challenge of a 401, in order. */
  private static List<DigestChallenge> challengesOf(MsrpResponse r) {
    assertThat(r.code()).as(r.toString()).isEqualTo(401);
    return r.headers().values(HeaderName.WWW_AUTHENTICATE).stream()
        .map(DigestChallenge::parse)
        .toList();
  }

  private static MsrpRequest withCredentials(MsrpRequest auth, DigestCredentials c) {
    return auth.toBuilder()
        .transactionId(TransactionIds.next())
        .header(HeaderName.AUTHORIZATION, c.toString())
        .build();
  }

  @Test
  void goodCredentialsGetAUsePathAndAVerifiableAuthenticationInfo() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    MsrpRequest auth = alice.auth(List.of(r.uri()));
    MsrpResponse challenge = alice.call(auth);
    List<DigestChallenge> offered = challengesOf(challenge);
    assertThat(offered)
        .extracting(DigestChallenge::algorithm)
        .containsExactly(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
    assertThat(offered.get(1).nonce()).isEqualTo(offered.get(0).nonce());
    DigestChallenge c = challengeOf(challenge);
    assertThat(c).isEqualTo(offered.get(0));
    assertThat(c.realm()).isEqualTo(Fixture.REALM);
    assertThat(c.qop()).containsExactly("auth");
    assertThat(c.stale()).isFalse();
    assertThat(challenge.toPath()).containsExactly(alice.self);
    assertThat(challenge.fromPath()).containsExactly(r.uri());

    DigestCredentials cred =
        DigestClient.answer(
            c, "alice", Fixture.ALICE_PW, r.uri().toString(), DigestClient.randomCnonces());
    assertThat(cred.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
    assertThat(cred.response()).hasSize(64);
    MsrpResponse ok = alice.call(withCredentials(auth, cred));
    assertThat(ok.code()).as(ok.toString()).isEqualTo(200);
    List<MsrpUri> use = ok.headers().usePath();
    assertThat(use).hasSize(1);
    MsrpUri u = use.get(0);
    assertThat(u.host()).isEqualTo("127.0.0.1");
    assertThat(u.port()).isEqualTo(r.uri().port());
    assertThat(u.secure()).isFalse();
    assertThat(u.sessionId()).hasSize(22); // 128 random bits, base64url
    assertThat(ok.headers().expires()).isEqualTo(600);
    AuthenticationInfo info =
        AuthenticationInfo.parse(ok.headers().value(HeaderName.AUTHENTICATION_INFO));
    assertThat(DigestClient.verify(info, cred, Fixture.ALICE_PW)).isTrue();
    assertThat(info.qop()).isEqualTo("auth");
    assertThat(info.nc()).isEqualTo(1);
    assertThat(info.nextnonce()).isNotNull().isNotEqualTo(c.nonce());

    // The next nonce lets the next AUTH in without a challenge: a second, different URI.
    MsrpRequest again = alice.auth(List.of(r.uri()));
    DigestCredentials next =
        DigestClient.answer(
            c.withNonce(info.nextnonce()),
            "alice",
            Fixture.ALICE_PW,
            r.uri().toString(),
            DigestClient.randomCnonces());
    MsrpResponse ok2 = alice.call(withCredentials(again, next));
    assertThat(ok2.code()).isEqualTo(200);
    assertThat(ok2.headers().usePath().get(0)).isNotEqualTo(u);
    assertThat(r.metrics().sessions()).isEqualTo(2);
    assertThat(r.metrics().authenticatedClients()).isEqualTo(1);
    assertThat(r.metrics().authResults(RelayMetrics.AuthResult.OK)).isEqualTo(2);
  }

  @Test
  void aWrongPasswordGets401AndTooManyCloseTheConnection() throws Exception {
    Relay r = fx.relay(b -> b.limits(b.limits().withMaxAuthAttempts(3)));
    TestClient mallory = fx.client(r);
    MsrpRequest auth = mallory.auth(List.of(r.uri()));
    MsrpResponse challenge = mallory.call(auth); // a bare challenge: no failure
    for (int i = 0; i < 3; i++) { // failures 1 to 3
      MsrpResponse res = mallory.call(mallory.answer(auth, challenge, "alice", "guess" + i));
      DigestChallenge c = challengeOf(res);
      assertThat(c.stale()).isFalse();
      challenge = res;
    }
    mallory.closed.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(r.metrics().authFailures()).isEqualTo(3);
    assertThat(r.metrics().sessions()).isZero();
  }

  @Test
  void anUnknownUserLooksLikeAWrongPassword() throws Exception {
    Relay r = fx.relay();
    TestClient eve = fx.client(r);
    MsrpRequest auth = eve.auth(List.of(r.uri()));
    MsrpResponse challenge = eve.call(auth);
    MsrpResponse res = eve.call(eve.answer(auth, challenge, "eve", "whatever"));
    assertThat(challengeOf(res).stale()).isFalse();
  }

  @Test
  void anExpiredNonceWithRightCredentialsIsStale() throws Exception {
    Relay r = fx.relay(b -> b.auth(b.auth().withNonceLifetime(Duration.ofNanos(1))));
    TestClient alice = fx.client(r);
    MsrpRequest auth = alice.auth(List.of(r.uri()));
    MsrpResponse challenge = alice.call(auth);
    MsrpResponse res = alice.call(alice.answer(auth, challenge, "alice", Fixture.ALICE_PW));
    assertThat(challengeOf(res).stale()).isTrue();
    assertThat(r.metrics().authResults(RelayMetrics.AuthResult.STALE)).isEqualTo(1);
    assertThat(r.metrics().authFailures()).isZero();
  }

  @Test
  void aNonceFromAnotherConnectionIsStaleToo() throws Exception {
    Relay r = fx.relay();
    TestClient one = fx.client(r);
    TestClient two = fx.client(r);
    MsrpRequest auth = one.auth(List.of(r.uri()));
    MsrpResponse challenge = one.call(auth);
    MsrpRequest onTwo = two.auth(List.of(r.uri()));
    MsrpResponse res = two.call(two.answer(onTwo, challenge, "alice", Fixture.ALICE_PW));
    assertThat(challengeOf(res).stale()).isTrue();
  }

  @Test
  void aReplayedNonceCountIsRefused() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    MsrpRequest auth = alice.auth(List.of(r.uri()));
    MsrpResponse challenge = alice.call(auth);
    MsrpRequest answer = alice.answer(auth, challenge, "alice", Fixture.ALICE_PW);
    assertThat(alice.call(answer).code()).isEqualTo(200);
    MsrpRequest replay = answer.toBuilder().transactionId(TransactionIds.next()).build();
    MsrpResponse res = alice.call(replay);
    assertThat(challengeOf(res).stale()).isFalse();
    assertThat(r.metrics().authFailures()).isEqualTo(1);
  }

  @Test
  void expiresOutOfBoundsGets423WithTheBound() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    MsrpRequest shortAuth = alice.auth(List.of(r.uri())).toBuilder().expires(10).build();
    MsrpResponse challenge = alice.call(shortAuth);
    MsrpResponse res = alice.call(alice.answer(shortAuth, challenge, "alice", Fixture.ALICE_PW));
    assertThat(res.code()).isEqualTo(423);
    assertThat(res.headers().minExpires()).isEqualTo(60);

    MsrpRequest longAuth = alice.auth(List.of(r.uri())).toBuilder().expires(999_999).build();
    challenge = alice.call(longAuth);
    res = alice.call(alice.answer(longAuth, challenge, "alice", Fixture.ALICE_PW));
    assertThat(res.code()).isEqualTo(423);
    assertThat(res.headers().maxExpires()).isEqualTo(3600);

    MsrpRequest fine = alice.auth(List.of(r.uri())).toBuilder().expires(120).build();
    challenge = alice.call(fine);
    res = alice.call(alice.answer(fine, challenge, "alice", Fixture.ALICE_PW));
    assertThat(res.code()).isEqualTo(200);
    assertThat(res.headers().expires()).isEqualTo(120);
  }

  @Test
  void anExpiredUsePathIsRemovedAndNoLongerRelays() throws Exception {
    Relay r = fx.relay(b -> b.auth(b.auth().withExpires(1, 1, 3600)));
    CompletableFuture<Binding> gone = new CompletableFuture<>();
    r.bindings().onUnbind = gone::complete;
    TestClient alice = fx.client(r);
    TestClient bob = fx.client(r);
    List<MsrpUri> b = bob.usePath(r.uri(), "bob", Fixture.BOB_PW);
    MsrpRequest auth = alice.auth(List.of(r.uri())).toBuilder().expires(1).build();
    MsrpResponse challenge = alice.call(auth);
    MsrpResponse ok = alice.call(alice.answer(auth, challenge, "alice", Fixture.ALICE_PW));
    assertThat(ok.headers().expires()).isEqualTo(1);
    MsrpUri a = ok.headers().usePath().get(0);
    // Bob's binding lives 1 s too (default 1); either may go first: wait for Alice's.
    Binding removed = gone.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    if (!removed.uri().equals(a)) {
      CompletableFuture<Binding> second = new CompletableFuture<>();
      r.bindings().onUnbind = second::complete;
      if (r.metrics().sessions() > 0) {
        second.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
      }
    }
    MsrpRequest s = RelayRoutingTest.send(List.of(a, alice.self), bob.self, "late");
    bob.send(s, "late".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(bob.responseTo(s).code()).isEqualTo(481);
    assertThat(b).hasSize(1);
  }

  @Test
  void aReAuthToTheUsePathRefreshesIt() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    MsrpResponse first = alice.authenticate(List.of(r.uri()), "alice", Fixture.ALICE_PW);
    MsrpUri a = first.headers().usePath().get(0);
    MsrpRequest refresh = alice.auth(List.of(a)).toBuilder().expires(300).build();
    MsrpResponse challenge = alice.call(refresh);
    MsrpResponse ok = alice.call(alice.answer(refresh, challenge, "alice", Fixture.ALICE_PW));
    assertThat(ok.code()).isEqualTo(200);
    assertThat(ok.headers().usePath()).containsExactly(a);
    assertThat(ok.headers().expires()).isEqualTo(300);
    assertThat(r.metrics().sessions()).isEqualTo(1);

    // Another connection may not refresh it.
    TestClient bob = fx.client(r);
    MsrpRequest steal = bob.auth(List.of(a));
    assertThat(bob.call(steal).code()).isEqualTo(403);
  }

  @Test
  void theSessionsPerClientLimitGets403() throws Exception {
    Relay r = fx.relay(b -> b.limits(b.limits().withMaxSessionsPerClient(2)));
    TestClient alice = fx.client(r);
    alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    MsrpRequest third = alice.auth(List.of(r.uri()));
    MsrpResponse challenge = alice.call(third);
    MsrpResponse res = alice.call(alice.answer(third, challenge, "alice", Fixture.ALICE_PW));
    assertThat(res.code()).isEqualTo(403);
    assertThat(r.metrics().sessions()).isEqualTo(2);
  }

  @Test
  void aUsePathDiesWithItsConnection() throws Exception {
    Relay r = fx.relay();
    CompletableFuture<Binding> gone = new CompletableFuture<>();
    r.bindings().onUnbind = gone::complete;
    TestClient alice = fx.client(r);
    MsrpUri a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW).get(0);
    alice.close();
    assertThat(gone.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS).uri()).isEqualTo(a);
    assertThat(r.metrics().sessions()).isZero();
    assertThat(r.metrics().authenticatedClients()).isZero();
  }

  @Test
  void usersAddedToTheFileCanAuthenticateWithoutRestart() throws Exception {
    Relay r = fx.relay();
    Files.writeString(
        fx.users,
        Files.readString(fx.users) + HtdigestUserStore.line("dave", Fixture.REALM, "d4ve") + "\n");
    TestClient dave = fx.client(r);
    assertThat(dave.usePath(r.uri(), "dave", "d4ve")).hasSize(1);
  }

  @Test
  void credentialsForAnotherUriAreRefused() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    MsrpRequest auth = alice.auth(List.of(r.uri()));
    DigestChallenge c = challengeOf(alice.call(auth));
    DigestCredentials cred =
        DigestClient.answer(
            c, "alice", Fixture.ALICE_PW, "msrps://elsewhere:1;tcp", DigestClient.randomCnonces());
    assertThat(challengeOf(alice.call(withCredentials(auth, cred))).stale()).isFalse();
  }

  @Test
  void md5CredentialsAreAcceptedBesideSha256() throws Exception {
    Relay r = fx.relay();
    TestClient alice = fx.client(r);
    MsrpRequest auth = alice.auth(List.of(r.uri()));
    DigestChallenge md5 = challengesOf(alice.call(auth)).get(1);
    assertThat(md5.algorithm()).isEqualTo(DigestAlgorithm.MD5);
    DigestCredentials cred =
        DigestClient.answer(
            md5, "alice", Fixture.ALICE_PW, r.uri().toString(), DigestClient.randomCnonces());
    MsrpResponse ok = alice.call(withCredentials(auth, cred));
    assertThat(ok.code()).as(ok.toString()).isEqualTo(200);
    AuthenticationInfo info =
        AuthenticationInfo.parse(ok.headers().value(HeaderName.AUTHENTICATION_INFO));
    assertThat(info.rspauth()).hasSize(32);
    assertThat(DigestClient.verify(info, cred, Fixture.ALICE_PW)).isTrue();
  }

  /**
   * A line as Apache's htdigest writes it has the MD5 HA1 only: while the file holds one, MD5 is
   * offered first (a client taking the first challenge gets in), and SHA-256 credentials of that
   * user get 401 like a wrong password.
   */
  @Test
  void aUserWithoutASha256Ha1MakesMd5TheFirstOffered() throws Exception {
    Relay r = fx.relay();
    String md5Only =
        "dave:"
            + Fixture.REALM
            + ":"
            + Digest.ha1(DigestAlgorithm.MD5, "dave", Fixture.REALM, "d4ve");
    Files.writeString(fx.users, Files.readString(fx.users) + md5Only + "\n");
    TestClient dave = fx.client(r);
    MsrpRequest auth = dave.auth(List.of(r.uri()));
    List<DigestChallenge> offered = challengesOf(dave.call(auth));
    assertThat(offered)
        .extracting(DigestChallenge::algorithm)
        .containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
    String uri = r.uri().toString();
    DigestCredentials sha =
        DigestClient.answer(offered.get(1), "dave", "d4ve", uri, DigestClient.randomCnonces());
    MsrpResponse refused = dave.call(withCredentials(auth, sha));
    assertThat(challengeOf(refused).stale()).isFalse();
    DigestChallenge md5 = challengesOf(refused).get(0);
    DigestCredentials cred =
        DigestClient.answer(md5, "dave", "d4ve", uri, DigestClient.randomCnonces());
    assertThat(dave.call(withCredentials(auth, cred)).code()).isEqualTo(200);
  }

  @Test
  void onlyTheConfiguredAlgorithmsAreOfferedAndAccepted() throws Exception {
    Relay r = fx.relay(b -> b.auth(b.auth().withAlgorithms(List.of(DigestAlgorithm.SHA_256))));
    TestClient alice = fx.client(r);
    MsrpRequest auth = alice.auth(List.of(r.uri()));
    List<DigestChallenge> offered = challengesOf(alice.call(auth));
    assertThat(offered)
        .extracting(DigestChallenge::algorithm)
        .containsExactly(DigestAlgorithm.SHA_256);
    DigestChallenge md5 =
        DigestChallenge.of(Fixture.REALM, offered.get(0).nonce(), null, false, DigestAlgorithm.MD5);
    DigestCredentials cred =
        DigestClient.answer(
            md5, "alice", Fixture.ALICE_PW, r.uri().toString(), DigestClient.randomCnonces());
    MsrpResponse res = alice.call(withCredentials(auth, cred));
    assertThat(challengeOf(res).stale()).isFalse();
    assertThat(r.metrics().authFailures()).isEqualTo(1);
  }

  /**
   * msrp-core's client ({@code MsrpStack.authenticate}) answers the relay's preferred challenge:
   * with SHA-256 alone offered it gets in, so it answered SHA-256; with MD5 alone, MD5.
   */
  @Test
  void theMsrpCoreClientAnswersASha256ChallengeAndAnMd5One() throws Exception {
    for (DigestAlgorithm h : DigestAlgorithm.values()) {
      Relay r = fx.relay(b -> b.auth(b.auth().withAlgorithms(List.of(h))));
      try (MsrpStack alice = MsrpStack.builder().build()) {
        RelayBinding binding =
            alice
                .authenticate(
                    r.uri(),
                    MsrpUri.parse("msrp://127.0.0.1:9/alice-" + h + ";tcp"),
                    "alice",
                    Fixture.ALICE_PW,
                    null,
                    null)
                .get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(binding.usePath()).as(h.toString()).hasSize(1);
      }
      assertThat(r.metrics().authResults(RelayMetrics.AuthResult.OK)).as(h.toString()).isEqualTo(1);
      assertThat(r.metrics().authFailures()).as(h.toString()).isZero();
    }
  }
}
