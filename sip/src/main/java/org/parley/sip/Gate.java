package org.parley.sip;

import gov.nist.javax.sip.header.SIPHeader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.ListIterator;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;
import org.parley.msrp.auth.DigestChallenge;
import org.parley.msrp.auth.DigestCredentials;

/**
 * The {@link Admission} of an agent applied to one incoming INVITE or MESSAGE: whether it may come
 * in, else the answer (403, or 401 with a challenge). Holds no state between requests, so it may
 * run on any thread (JAIN-SIP's, before any transaction exists). The digest computations and the
 * header syntax are msrp-core's ({@link Digest}, {@link DigestChallenge}, {@link
 * DigestCredentials}), which the relay verifies AUTH with. The challenge is MD5's, and only MD5
 * credentials are read.
 *
 * <p>A nonce is {@code HEX(ms) "." HEX(HMAC-SHA256(secret, HEX(ms) ":" realm))[0..32]}: the time it
 * was made and a MAC only this process can make, with a secret drawn when the class loads. It
 * proves its age without being remembered; it is not bound to the request, so a caller may use one
 * nonce for several requests while it is fresh.
 */
final class Gate {
  private static final byte[] SECRET = new byte[32];
  private static final int MAC_HEX = 32;

  /** A nonce from later than this ahead of the clock is not one of ours. */
  private static final long FUTURE_SLACK_MS = 5_000;

  static {
    new SecureRandom().nextBytes(SECRET);
  }

  /** Why a request may not come in, and what it is answered. */
  record Refusal(int status, String challenge, String reason) {}

  private final Admission admission;
  private final List<Admission.Pattern> patterns;
  private final LongSupplier clock;

  Gate(Admission admission) {
    this(admission, System::currentTimeMillis);
  }

  Gate(Admission admission, LongSupplier clock) {
    this.admission = admission;
    this.patterns = admission.patterns();
    this.clock = clock;
  }

  boolean open() {
    return admission.open();
  }

  /** Null when {@code r} may come in; else the answer to send, statelessly. */
  Refusal check(Request r) {
    if (!patterns.isEmpty() && !allowed(r)) {
      return new Refusal(403, null, "not allowed: " + from(r));
    }
    String password = admission.password();
    if (password == null) {
      return null;
    }
    String realm = realm(r);
    DigestCredentials c = credentials(r, realm);
    if (c == null) {
      return challenge(realm, false, "no credentials for realm " + realm);
    }
    if (!"auth".equalsIgnoreCase(c.qop()) || c.nc() < 1 || c.cnonce() == null) {
      return challenge(realm, false, "qop=auth, nc and cnonce are required");
    }
    if (!sameUri(c.uri(), r.getRequestURI())) {
      return challenge(realm, false, "the digest uri is not the Request-URI");
    }
    String ha1 = Digest.ha1(DigestAlgorithm.MD5, c.username(), realm, password);
    if (!Digest.matches(c.expectedResponse(ha1, r.getMethod()), c.response())) {
      return challenge(realm, false, "wrong credentials (user " + c.username() + ")");
    }
    long age = age(c.nonce(), realm);
    if (age < 0) {
      return challenge(realm, false, "not a nonce of this process");
    }
    if (age >= admission.nonceLifetime().toMillis()) {
      // Right credentials, old nonce: RFC 2617 §3.2.1's stale=true, so the caller retries at once.
      return challenge(realm, true, "stale nonce (" + age + " ms old)");
    }
    return null;
  }

  private boolean allowed(Request r) {
    URI uri = ((FromHeader) r.getHeader(FromHeader.NAME)).getAddress().getURI();
    if (!(uri instanceof SipURI)) {
      return false;
    }
    SipURI from = (SipURI) uri;
    for (Admission.Pattern p : patterns) {
      if (p.matches(from.getUser(), from.getHost(), from.getPort())) {
        return true;
      }
    }
    return false;
  }

  static String from(Request r) {
    return ((FromHeader) r.getHeader(FromHeader.NAME)).getAddress().getURI().toString();
  }

  /** The realm of the challenge: the configured one, else the host the request was sent to. */
  String realm(Request r) {
    if (admission.realm() != null) {
      return admission.realm();
    }
    URI u = r.getRequestURI();
    return u instanceof SipURI ? ((SipURI) u).getHost() : "parley";
  }

  /** The request's MD5 credentials for {@code realm} (the algorithm challenged with), or null. */
  private static DigestCredentials credentials(Request r, String realm) {
    for (ListIterator<?> it = r.getHeaders(AuthorizationHeader.NAME); it.hasNext(); ) {
      Object h = it.next();
      if (!(h instanceof SIPHeader)) {
        continue;
      }
      try {
        DigestCredentials c = DigestCredentials.parse(((SIPHeader) h).getHeaderValue().trim());
        if (realm.equals(c.realm()) && c.algorithm() == DigestAlgorithm.MD5) {
          return c;
        }
      } catch (IllegalArgumentException e) { // DigestSyntaxException among them
        // not digest credentials we can read: as if absent
      }
    }
    return null;
  }

  private static boolean sameUri(String digestUri, URI requestUri) {
    if (digestUri.equals(requestUri.toString())) {
      return true;
    }
    try {
      return new gov.nist.javax.sip.address.AddressFactoryImpl()
          .createURI(digestUri)
          .equals(requestUri);
    } catch (java.text.ParseException e) {
      return false;
    }
  }

  private Refusal challenge(String realm, boolean stale, String why) {
    return new Refusal(
        401,
        DigestChallenge.of(realm, nonce(clock.getAsLong(), realm), null, stale, DigestAlgorithm.MD5)
            .toString(),
        why);
  }

  /** A nonce made at {@code millis} for {@code realm}. */
  static String nonce(long millis, String realm) {
    String ts = Long.toHexString(millis);
    return ts + "." + mac(ts, realm);
  }

  /** How old a nonce of this process is, in ms; -1 when it is not one (or is from the future). */
  long age(String nonce, String realm) {
    int dot = nonce.indexOf('.');
    if (dot < 1 || dot > 16) {
      return -1;
    }
    String ts = nonce.substring(0, dot);
    byte[] expected = mac(ts, realm).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(
        expected, nonce.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return -1;
    }
    long made;
    try {
      made = Long.parseUnsignedLong(ts, 16);
    } catch (NumberFormatException e) {
      return -1;
    }
    long age = clock.getAsLong() - made;
    return age < -FUTURE_SLACK_MS ? -1 : Math.max(age, 0);
  }

  private static String mac(String ts, String realm) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      byte[] d = m.doFinal((ts + ":" + realm).getBytes(StandardCharsets.UTF_8));
      return Digest.hex(d).substring(0, MAC_HEX);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
