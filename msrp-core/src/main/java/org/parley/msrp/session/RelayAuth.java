package org.parley.msrp.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.HeaderName;
import org.parley.msrp.Hosts;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.auth.AuthenticationInfo;
import org.parley.msrp.auth.DigestChallenge;
import org.parley.msrp.auth.DigestClient;
import org.parley.msrp.auth.DigestCredentials;
import org.parley.msrp.auth.DigestSyntaxException;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpTls;

/**
 * A client's AUTH exchange with its relay (RFC 4976 §5.1): AUTH, the 401 challenge, AUTH with
 * Digest credentials, and 200 with Use-Path and Expires. Of several challenges (one per algorithm,
 * RFC 7616) the first that can be answered is: SHA-256 or MD5. A 423 (Expires out of the relay's
 * bounds) is retried once with the bound the relay named. The password is used for the digest only;
 * it is never written anywhere.
 *
 * <p>The relay is checked too: a challenge without {@code qop} is refused unless allowed (it has no
 * client nonce and the relay can prove nothing), and the {@code rspauth} of the 200's
 * Authentication-Info, when there is one, must be the one the password gives (RFC 2617 §3.2.3: HA2
 * over {@code ":" digest-uri}); either failure is a {@link RelayAuthException}.
 */
final class RelayAuth {
  /** The transport parameter of MSRP over WebSocket (RFC 7977 §5.2.1). */
  static final String WEB_SOCKET = "ws";

  /** Challenges answered at most: the first, and one more when the nonce was stale. */
  private static final int MAX_CHALLENGES = 2;

  private final MsrpStack stack;
  private final MsrpUri relay;
  private final MsrpUri client;
  private final String username;
  private final String password;
  private final @Nullable MsrpTls tls;
  private final boolean digestWithoutQop;
  private final Supplier<String> cnonces = DigestClient.randomCnonces();

  RelayAuth(
      MsrpStack stack,
      MsrpUri relay,
      MsrpUri client,
      String username,
      String password,
      MsrpTls tls,
      boolean digestWithoutQop) {
    if (!relay.hasPort()) {
      throw new IllegalArgumentException("the relay URI " + relay + " has no port");
    }
    if (relay.secure() != (tls != null)) {
      throw new IllegalArgumentException("msrps needs TLS settings, msrp none: " + relay);
    }
    this.stack = stack;
    this.relay = relay;
    this.client = client;
    this.username = username;
    this.password = password;
    this.tls = tls;
    this.digestWithoutQop = digestWithoutQop;
  }

  CompletableFuture<RelayBinding> run(Duration expires) {
    InetSocketAddress address = address(relay);
    String ws = WEB_SOCKET.equalsIgnoreCase(relay.transport()) ? stack.webSocketPath() : null;
    CompletableFuture<RelayBinding> bound =
        stack
            .shared()
            .lease(address, tls, ws, false)
            .future()
            .thenCompose(c -> attempt(c, expires, null, 0, false));
    if (ws == null) {
      return bound;
    }
    return bound.thenApply(
        b -> {
          // The sessions' first hop is the Use-Path: they go over this WebSocket connection.
          MsrpUri use = b.usePath().get(0);
          if (use.hasPort()) { // on the loop that read the 200: no name resolved here
            InetSocketAddress at =
                InetSocketAddress.createUnresolved(Hosts.unbracketed(use.host()), use.port());
            stack.shared().alias(at, use.secure() ? tls : null, address, tls, ws);
          }
          return b;
        });
  }

  private static InetSocketAddress address(MsrpUri u) {
    return new InetSocketAddress(Hosts.unbracketed(u.host()), u.port());
  }

  private CompletableFuture<RelayBinding> attempt(
      MsrpConnection c,
      @Nullable Duration expires,
      @Nullable DigestCredentials credentials,
      int challenges,
      boolean retried423) {
    MsrpRequest.Builder auth =
        MsrpRequest.builder(MsrpMethod.AUTH)
            .transactionId(TransactionIds.next())
            .toPath(List.of(relay))
            .fromPath(List.of(client));
    if (expires != null) {
      auth.expires(expires.toSeconds());
    }
    if (credentials != null) {
      auth.header(HeaderName.AUTHORIZATION, credentials.toString());
    }
    MsrpRequest request = auth.build();
    return stack
        .transactions()
        .request(c, request, null, ContinuationFlag.END)
        .response()
        .thenCompose(
            r -> {
              switch (r.code()) {
                case 200:
                  checkRspauth(r, credentials);
                  return CompletableFuture.completedFuture(granted(r));
                case 401:
                  if (challenges >= MAX_CHALLENGES) {
                    throw new MsrpResponseException(r);
                  }
                  DigestChallenge challenge =
                      DigestChallenge.choose(r.headers().values(HeaderName.WWW_AUTHENTICATE));
                  if (credentials != null && !challenge.stale()) {
                    throw new MsrpResponseException(r); // the password is wrong
                  }
                  if (challenge.qop().isEmpty() && !digestWithoutQop) {
                    throw new RelayAuthException(
                        RelayAuthException.Reason.CHALLENGE_WITHOUT_QOP,
                        "the relay "
                            + relay
                            + " challenged with digest without qop (RFC 2069), which is not"
                            + " answered unless allowed");
                  }
                  DigestCredentials answer =
                      DigestClient.answer(
                          challenge,
                          username,
                          password,
                          DigestClient.uri(request.toPath()),
                          cnonces);
                  return attempt(c, expires, answer, challenges + 1, retried423);
                case 423:
                  Duration bound = bound(r);
                  if (retried423 || bound == null) {
                    throw new MsrpResponseException(r);
                  }
                  // The nonce was used once: the relay challenges again, and we answer afresh.
                  return attempt(c, bound, null, 0, true);
                default:
                  throw new MsrpResponseException(r);
              }
            });
  }

  /**
   * The relay's rspauth, when its 200 carries Authentication-Info with one, must prove that it
   * knows the password {@code sent} was made with.
   */
  private void checkRspauth(MsrpResponse r, @Nullable DigestCredentials sent) {
    String value = r.headers().value(HeaderName.AUTHENTICATION_INFO);
    if (value == null || sent == null) {
      return;
    }
    AuthenticationInfo info;
    try {
      info = AuthenticationInfo.parse(value);
    } catch (DigestSyntaxException e) {
      throw new RelayAuthException(
          RelayAuthException.Reason.BAD_AUTHENTICATION_INFO,
          "the relay " + relay + " sent a bad Authentication-Info: " + e.getMessage());
    }
    if (info.rspauth() != null && !DigestClient.verify(info, sent, password)) {
      throw new RelayAuthException(
          RelayAuthException.Reason.RSPAUTH_MISMATCH,
          "the relay "
              + relay
              + " answered with an rspauth that does not prove it knows the password: not the"
              + " relay it claims to be");
    }
  }

  /** The Min-Expires or Max-Expires a 423 names. */
  private static @Nullable Duration bound(MsrpResponse r) {
    long min = r.headers().minExpires();
    long max = r.headers().maxExpires();
    if (min >= 0) {
      return Duration.ofSeconds(min);
    }
    return max >= 0 ? Duration.ofSeconds(max) : null;
  }

  private static RelayBinding granted(MsrpResponse r) {
    List<MsrpUri> usePath = r.headers().usePath();
    if (usePath == null || usePath.isEmpty()) {
      throw new MsrpResponseException(r); // a 200 to AUTH without Use-Path is no binding
    }
    long seconds = r.headers().expires();
    return new RelayBinding(usePath, Duration.ofSeconds(Math.max(seconds, 0)));
  }
}
