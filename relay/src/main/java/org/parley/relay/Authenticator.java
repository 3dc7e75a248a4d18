package org.parley.relay;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.HeaderName;
import org.parley.msrp.MsrpHeaders;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.auth.AuthenticationInfo;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;
import org.parley.msrp.auth.DigestChallenge;
import org.parley.msrp.auth.DigestClient;
import org.parley.msrp.auth.DigestCredentials;
import org.parley.msrp.auth.DigestSyntaxException;

/**
 * AUTH requests addressed to this relay (RFC 4976 §5.1, §6.3, §9.1), on the connection's event
 * loop:
 *
 * <ol>
 *   <li>No Authorization: 401 with a fresh nonce, one {@code WWW-Authenticate} per algorithm of
 *       {@link AuthPolicy#algorithms}, the preferred first (RFC 7616 §3.7; {@code qop="auth"}, the
 *       same nonce in each).
 *   <li>Credentials whose algorithm was not offered, whose realm, qop, nc, cnonce or digest-uri
 *       (the rightmost To-Path URI) are not as required, or whose response is wrong (unknown users,
 *       and users without an HA1 of that algorithm, included): 401 with a fresh nonce.
 *   <li>Right credentials with a nonce this connection was not given, or given more than the nonce
 *       lifetime ago: 401 with {@code stale=true} (not counted as a failure).
 *   <li>A nonce count not above the last one used with that nonce (a replay): 401.
 *   <li>Expires below Min-Expires or above Max-Expires: 423 with the bound broken.
 *   <li>Past the sessions-per-client limit: 403.
 *   <li>Otherwise 200 with Use-Path (the path back through earlier relays, then a new URI with 128
 *       random bits, valid only on this connection), Expires, and Authentication-Info with the next
 *       nonce and rspauth. An AUTH sent to a Use-Path URI this connection holds refreshes it: same
 *       URI, new expiry.
 * </ol>
 *
 * Every answer to an AUTH with credentials but 200 and stale 401s counts toward {@link
 * RelayLimits#maxAuthAttempts} (reset by a 200); the connection is closed after the answer that
 * reaches it. Bare challenges count as refused requests of the probation period instead.
 */
final class Authenticator {
  /** An AUTH for this relay being read; acted on at its end-line. */
  record AuthFrame(MsrpRequest request) implements Inbound {
    @Override
    public boolean content(ByteBuf slice) {
      slice.release(); // an AUTH has no use for a body
      return true;
    }

    @Override
    public boolean end(ContinuationFlag flag) {
      return true;
    }
  }

  /** HA1s of no user, so that an unknown name costs the same work as a wrong password. */
  private static final Map<DigestAlgorithm, String> NOBODY = nobody();

  private final Relay relay;
  private final UserStore users;

  Authenticator(Relay relay, UserStore users) {
    this.relay = relay;
    this.users = users;
  }

  void handle(Peer p, MsrpRequest request) {
    String realm = relay.config().realm();
    String value = request.headers().value(HeaderName.AUTHORIZATION);
    if (value == null) {
      challenge(p, request, false, RelayMetrics.AuthResult.CHALLENGED, null, "no credentials");
      return;
    }
    DigestCredentials c;
    try {
      c = DigestCredentials.parse(value);
    } catch (DigestSyntaxException e) {
      challenge(p, request, false, RelayMetrics.AuthResult.FAILED, null, e.getMessage());
      return;
    }
    String problem = check(c, request, realm, relay.config().auth().algorithms());
    if (problem != null) {
      challenge(p, request, false, RelayMetrics.AuthResult.FAILED, c.username(), problem);
      return;
    }
    Optional<String> known = users.ha1(c.username(), realm, c.algorithm());
    String ha1 = known.orElse(NOBODY.get(c.algorithm()));
    if (!Digest.matches(c.expectedResponse(ha1, Digest.AUTH), c.response()) || known.isEmpty()) {
      challenge(p, request, false, RelayMetrics.AuthResult.FAILED, c.username(), "wrong response");
      return;
    }
    long now = System.nanoTime();
    Nonces.Entry n = p.nonces().get(c.nonce());
    if (n == null || now - n.issuedAt > relay.config().auth().nonceLifetime().toNanos()) {
      challenge(p, request, true, RelayMetrics.AuthResult.STALE, c.username(), "stale nonce");
      return;
    }
    if (!n.use(c.nc())) {
      challenge(p, request, false, RelayMetrics.AuthResult.FAILED, c.username(), "nc replayed");
      return;
    }
    authenticated(p, request, c, ha1);
  }

  private static Map<DigestAlgorithm, String> nobody() {
    Map<DigestAlgorithm, String> m = new EnumMap<>(DigestAlgorithm.class);
    String password = SessionIds.token(16);
    for (DigestAlgorithm h : DigestAlgorithm.values()) {
      m.put(h, Digest.ha1(h, "", "", password));
    }
    return m;
  }

  /** What is wrong with the form of right-looking credentials, or null. */
  private static String check(
      DigestCredentials c, MsrpRequest request, String realm, List<DigestAlgorithm> offered) {
    if (!offered.contains(c.algorithm())) {
      return "algorithm " + c.algorithm() + " was not offered";
    }
    if (!realm.equals(c.realm())) {
      return "realm is not " + realm;
    }
    if (!"auth".equals(c.qop()) || c.nc() < 1 || c.cnonce() == null) {
      return "qop=auth, nc and cnonce are required (RFC 4976 §9.1)";
    }
    List<MsrpUri> to = request.toPath();
    String uri = DigestClient.uri(to);
    if (!uri.equals(c.uri())) {
      try {
        if (!MsrpUri.parse(c.uri()).equals(to.get(to.size() - 1))) {
          return "uri is not the AUTH's rightmost To-Path URI";
        }
      } catch (IllegalArgumentException e) {
        return "uri is not an MSRP URI";
      }
    }
    return null;
  }

  private void authenticated(Peer p, MsrpRequest request, DigestCredentials c, String ha1) {
    RelayMetrics.AuthResult refused = null;
    long expires = request.headers().expires();
    AuthPolicy policy = relay.config().auth();
    MsrpResponse r;
    if (expires >= 0 && expires < policy.minExpires()) {
      r = response(request, 423, "Interval Out-of-Bounds");
      r = add(r, HeaderName.MIN_EXPIRES, Long.toString(policy.minExpires()));
      refused = RelayMetrics.AuthResult.INTERVAL;
    } else if (expires > policy.maxExpires()) {
      r = response(request, 423, "Interval Out-of-Bounds");
      r = add(r, HeaderName.MAX_EXPIRES, Long.toString(policy.maxExpires()));
      refused = RelayMetrics.AuthResult.INTERVAL;
    } else {
      Binding b =
          relay
              .bindings()
              .bind(p, request, c.username(), expires >= 0 ? expires : policy.defaultExpires());
      if (b == null) {
        r = response(request, 403, "Too Many Sessions");
        refused = RelayMetrics.AuthResult.FORBIDDEN;
      } else {
        AuthenticationInfo info =
            AuthenticationInfo.answering(c, ha1, p.nonces().issue(System.nanoTime()));
        long seconds =
            TimeUnit.NANOSECONDS.toSeconds(b.expiresAt() - System.nanoTime() + 500_000_000L);
        List<MsrpUri> from = request.fromPath();
        StringBuilder use = new StringBuilder(128);
        for (int i = 0; i < from.size() - 1; i++) {
          use.append(from.get(i)).append(' '); // the relays between the client and this one
        }
        use.append(b.uri());
        r = response(request, 200, "OK");
        MsrpHeaders.Builder h = r.headers().toBuilder();
        h.add(HeaderName.USE_PATH, use.toString());
        h.add(HeaderName.EXPIRES, Long.toString(seconds));
        h.add(HeaderName.AUTHENTICATION_INFO, info.toString());
        r = r.withHeaders(h.build());
        relay.metrics().auth(RelayMetrics.AuthResult.OK);
        relay.log().authenticated(p, c.username(), b, seconds);
        p.authSucceeded();
        p.out().sendWhole(r);
        return;
      }
    }
    relay.metrics().auth(refused);
    relay.metrics().error(r.code(), false);
    relay.log().authRefused(p, c.username(), r.code() + " " + r.comment());
    send(p, r, true);
  }

  /**
   * The configured algorithms in their order, except that one some users have no HA1 for comes
   * after those every user has: with an htdigest file from Apache (MD5 only), MD5 is offered first
   * and SHA-256 second, so that no client picking the first challenge is refused.
   */
  private List<DigestAlgorithm> offered() {
    List<DigestAlgorithm> all = relay.config().auth().algorithms();
    List<DigestAlgorithm> order = new ArrayList<>(all.size());
    for (DigestAlgorithm a : all) {
      if (users.everyoneHas(a)) {
        order.add(a);
      }
    }
    for (DigestAlgorithm a : all) {
      if (!order.contains(a)) {
        order.add(a);
      }
    }
    return order;
  }

  private void challenge(
      Peer p,
      MsrpRequest request,
      boolean stale,
      RelayMetrics.AuthResult result,
      String user,
      String why) {
    String nonce = p.nonces().issue(System.nanoTime());
    MsrpResponse r = response(request, 401, "Unauthorized");
    MsrpHeaders.Builder h = r.headers().toBuilder();
    for (DigestAlgorithm a : offered()) {
      h.add(
          HeaderName.WWW_AUTHENTICATE,
          DigestChallenge.of(relay.config().realm(), nonce, null, stale, a).toString());
    }
    r = r.withHeaders(h.build());
    relay.metrics().auth(result);
    if (result == RelayMetrics.AuthResult.FAILED) {
      relay.metrics().error(401, false);
      relay.log().authRefused(p, user, "401 " + why);
    }
    if (result == RelayMetrics.AuthResult.CHALLENGED) {
      // A bare challenge is no failure (RFC 4976 §6.3 counts AUTHs with credentials), but it is no
      // success either: it counts toward the probation's refused requests.
      p.countFailure();
      send(p, r, false);
    } else {
      send(p, r, !stale);
    }
  }

  /** Sends an AUTH's answer; a failed one counts, and the last allowed closes the connection. */
  private void send(Peer p, MsrpResponse r, boolean counts) {
    boolean last = counts && p.authFailed() >= relay.limits().maxAuthAttempts();
    p.out()
        .sendWholeThen(r)
        .whenComplete(
            (v, e) -> {
              if (last) {
                p.channel().eventLoop().execute(() -> p.close("too many unsuccessful AUTHs"));
              }
            });
  }

  /**
   * An answer to an AUTH: end to end, so To-Path is the whole From-Path of the request (back
   * through the relays it came by) and From-Path is the URI it was sent to (RFC 4976 §5.1).
   */
  private static MsrpResponse response(MsrpRequest request, int code, String comment) {
    return MsrpResponse.to(request, code, comment)
        .withPaths(request.fromPath(), List.of(request.toPath().get(0)));
  }

  private static MsrpResponse add(MsrpResponse r, String name, String value) {
    return r.withHeaders(r.headers().toBuilder().add(name, value).build());
  }
}
