package org.parley.sip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.parley.msrp.Hosts;
import org.parley.sdp.SipUri;

/**
 * Who may start something at an agent: which incoming INVITEs (outside a dialog) and MESSAGEs
 * (pager mode) it takes. Both checks are made before anything else happens, and their answers are
 * sent without keeping any state (no transaction, no timer), so that a flood of refused requests
 * costs nothing but the answers.
 *
 * <ul>
 *   <li>{@code allow}: when not empty, the request's From URI must match one pattern, else 403
 *       Forbidden. A pattern is a SIP URI ({@code sip:alice@example.com}: that user at that host,
 *       and that port when the pattern names one; the scheme, sip or sips, is not compared) or
 *       {@code @domain} (any user at that host). Hosts compare without case, users with (RFC 3261
 *       §19.1.4). From is what the caller says it is: only a password proves anything.
 *   <li>{@code password}: when set, the request must carry digest credentials for it (RFC 3261
 *       §22.2, RFC 2617: {@code qop=auth}, MD5, any user name), else 401 Unauthorized with a
 *       challenge in WWW-Authenticate. The nonce is bound to the time it was made (its timestamp
 *       and an HMAC of it with a secret of the process), so nothing is remembered between the
 *       challenge and the answer; right credentials whose nonce is older than {@code nonceLifetime}
 *       get a fresh challenge with {@code stale=true} (RFC 2617 §3.2.1), wrong ones a fresh
 *       challenge without. A captured request can be replayed while its nonce is fresh, as with any
 *       nonce a server does not remember: use TLS where that matters.
 * </ul>
 *
 * <p>{@link #OPEN} (the default) takes every request: fine on a lab network, not on one shared with
 * strangers.
 *
 * @param allow the patterns; empty: anyone
 * @param password the password callers must prove, or null for none
 * @param realm the digest realm, or null for the host of the request's Request-URI (the host the
 *     caller dialled, which is what a Parley caller without a proxy answers for)
 * @param nonceLifetime how long a nonce stays fresh; zero makes every answer stale (for tests)
 */
public record Admission(List<String> allow, String password, String realm, Duration nonceLifetime) {
  /** The default {@link #nonceLifetime()}: 5 minutes. */
  public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofMinutes(5);

  /** Anyone may start a session or send a MESSAGE. */
  public static final Admission OPEN = new Admission(List.of(), null, null, DEFAULT_NONCE_LIFETIME);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException for a pattern that is neither a SIP URI nor {@code @domain},
   *     an empty password, or a negative lifetime
   */
  public Admission {
    allow = List.copyOf(allow);
    for (String a : allow) {
      Pattern.parse(a);
    }
    if (password != null && password.isEmpty()) {
      throw new IllegalArgumentException("the password cannot be empty");
    }
    Objects.requireNonNull(nonceLifetime, "nonceLifetime");
    if (nonceLifetime.isNegative()) {
      throw new IllegalArgumentException("nonceLifetime cannot be negative");
    }
  }

  /**
   * Who may ({@code allow}, empty for anyone) and the password to prove (null for none), with the
   * default realm and nonce lifetime.
   */
  public static Admission of(List<String> allow, String password) {
    return new Admission(allow, password, null, DEFAULT_NONCE_LIFETIME);
  }

  /** The same with another nonce lifetime. */
  public Admission withNonceLifetime(Duration lifetime) {
    return new Admission(allow, password, realm, lifetime);
  }

  /** {@code true} when anyone may start anything: no patterns and no password. */
  public boolean open() {
    return allow.isEmpty() && password == null;
  }

  /** The patterns, parsed. */
  List<Pattern> patterns() {
    List<Pattern> out = new ArrayList<>(allow.size());
    for (String a : allow) {
      out.add(Pattern.parse(a));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Admission[allow "
        + (allow.isEmpty() ? "anyone" : allow)
        + (password == null ? ", no password" : ", password hidden")
        + "]";
  }

  /**
   * One {@code allow} pattern.
   *
   * @param user the user, or null for any ({@code @domain})
   * @param host the host in lower case, without IPv6 brackets
   * @param port the port, or -1 for any
   */
  record Pattern(String user, String host, int port) {
    static Pattern parse(String text) {
      Objects.requireNonNull(text, "pattern");
      String t = text.strip();
      if (t.startsWith("@")) {
        SipUri u = uri("sip:" + t.substring(1), text);
        if (u.user() != null) {
          throw new IllegalArgumentException("not a SIP URI or @domain: " + text);
        }
        return new Pattern(null, host(u.host()), u.port());
      }
      SipUri u = uri(t, text);
      if (u.user() == null || u.user().isEmpty()) {
        throw new IllegalArgumentException(
            "a SIP URI pattern names a user (else write @" + u.host() + "): " + text);
      }
      return new Pattern(u.user(), host(u.host()), u.port());
    }

    private static SipUri uri(String t, String text) {
      try {
        return SipUri.parse(t);
      } catch (IllegalArgumentException e) { // SdpParseException among them
        throw new IllegalArgumentException("not a SIP URI or @domain: " + text);
      }
    }

    static String host(String h) {
      return Hosts.unbracketed(h).toLowerCase(Locale.ROOT);
    }

    /** Whether a From URI of this user, host and port (-1: none) matches. */
    boolean matches(String fromUser, String fromHost, int fromPort) {
      if (fromHost == null || !host.equals(host(fromHost))) {
        return false;
      }
      if (user != null && !user.equals(fromUser)) {
        return false;
      }
      return port < 0 || port == fromPort;
    }
  }
}
