package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.auth.Digest;
import org.parley.msrp.auth.DigestAlgorithm;

/**
 * The client's AUTH (RFC 4976 §5.1) against a fake relay on a raw socket, whose answers the test
 * writes by hand: the relay must prove it knows the password (rspauth), and a challenge without qop
 * is not answered unless allowed.
 */
@Timeout(60)
class RelayAuthClientTest {
  private static final String PASSWORD = "s3cret";
  private static final String NONCE = "dcd98b7102dd2f0e8b11d0f600bfb0c093";

  private final MsrpStack stack = MsrpStack.builder().build();
  private ServerSocket server;

  @AfterEach
  void close() throws Exception {
    stack.close();
    if (server != null) {
      server.close();
    }
  }

  /** One AUTH read off the socket: its transaction id and headers. */
  private record Auth(String tid, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }

    /** A parameter of the Authorization header. */
    String param(String name) {
      String a = header("Authorization");
      int i = a.indexOf(name + "=");
      int from = i + name.length() + 1;
      if (a.charAt(from) == '"') {
        return a.substring(from + 1, a.indexOf('"', from + 1));
      }
      int end = from;
      while (end < a.length() && a.charAt(end) != ',') {
        end++;
      }
      return a.substring(from, end).trim();
    }
  }

  private static String line(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      sb.append((char) c);
    }
    if (c == -1 && sb.length() == 0) {
      return null;
    }
    return sb.toString().strip();
  }

  private static Auth read(InputStream in) throws Exception {
    return readAfter(line(in), in);
  }

  private static void respond(OutputStream out, Auth auth, String status, String... headers)
      throws Exception {
    StringBuilder sb = new StringBuilder("MSRP " + auth.tid() + " " + status + "\r\n");
    sb.append("To-Path: ").append(auth.header("From-Path")).append("\r\n");
    sb.append("From-Path: ").append(auth.header("To-Path")).append("\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    sb.append("-------").append(auth.tid()).append("$\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * A relay that challenges with {@code challenge}, then, if the client answers, grants with the
   * Authentication-Info {@code info} makes of the answer. Completes with the number of AUTHs read.
   */
  private CompletableFuture<Integer> relay(String challenge, Function<Auth, String> info)
      throws Exception {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            Auth first = read(in);
            respond(out, first, "401 Unauthorized", "WWW-Authenticate: " + challenge);
            String next = line(in);
            if (next == null) {
              return 1;
            }
            Auth second = readAfter(next, in);
            respond(
                out,
                second,
                "200 OK",
                "Use-Path: msrp://127.0.0.1:" + server.getLocalPort() + "/granted;tcp",
                "Expires: 600",
                "Authentication-Info: " + info.apply(second));
            return 2;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The AUTH whose first line is {@code first}: the rest read up to its end-line. */
  private static Auth readAfter(String first, InputStream in) throws Exception {
    assertThat(first).as("an AUTH").isNotNull().endsWith(" AUTH");
    String tid = first.split(" ")[1];
    Map<String, String> headers = new LinkedHashMap<>();
    String l;
    while (!(l = line(in)).equals("-------" + tid + "$")) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).toLowerCase(), l.substring(colon + 1).trim());
    }
    return new Auth(tid, headers);
  }

  private static String rspauth(Auth a, String password) {
    DigestAlgorithm h = DigestAlgorithm.fromToken(a.param("algorithm"));
    String ha1 = Digest.ha1(h, a.param("username"), a.param("realm"), password);
    return Digest.rspauth(
        h, ha1, a.param("nonce"), a.param("nc"), a.param("cnonce"), a.param("uri"));
  }

  private static String info(Auth a, String rspauth) {
    return "qop=auth, rspauth=\""
        + rspauth
        + "\", cnonce=\""
        + a.param("cnonce")
        + "\", nc="
        + a.param("nc");
  }

  private CompletableFuture<RelayBinding> authenticate(boolean digestWithoutQop) {
    return stack.authenticate(
        MsrpUri.parse("msrp://127.0.0.1:" + server.getLocalPort() + "/relay;tcp"),
        MsrpUri.parse("msrp://127.0.0.1:9999/alice;tcp"),
        "alice",
        PASSWORD,
        null,
        null,
        digestWithoutQop);
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the AUTH did not fail");
  }

  private static final String CHALLENGE =
      "Digest realm=\"relay.test\", nonce=\"" + NONCE + "\", qop=\"auth\", algorithm=MD5";

  @Test
  void aRelayThatProvesItKnowsThePasswordGrantsTheBinding() throws Exception {
    CompletableFuture<Integer> relay = relay(CHALLENGE, a -> info(a, rspauth(a, PASSWORD)));
    RelayBinding binding = authenticate(false).get(30, TimeUnit.SECONDS);
    assertThat(binding.usePath().get(0).sessionId()).isEqualTo("granted");
    assertThat(relay.get(30, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void aWrongRspauthFailsTheAuthAsAnImpostor() throws Exception {
    CompletableFuture<Integer> relay =
        relay(CHALLENGE, a -> info(a, rspauth(a, "not-the-password")));
    Throwable e = failure(authenticate(false));
    assertThat(e).isInstanceOf(RelayAuthException.class).hasMessageContaining("rspauth");
    assertThat(((RelayAuthException) e).reason())
        .isEqualTo(RelayAuthException.Reason.RSPAUTH_MISMATCH);
    assertThat(relay.get(30, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void aChallengeWithoutQopIsNotAnsweredUnlessAllowed() throws Exception {
    String noQop = "Digest realm=\"relay.test\", nonce=\"" + NONCE + "\"";
    relay(noQop, a -> "nextnonce=\"x\"");
    Throwable e = failure(authenticate(false));
    assertThat(e).isInstanceOf(RelayAuthException.class).hasMessageContaining("qop");
    assertThat(((RelayAuthException) e).reason())
        .isEqualTo(RelayAuthException.Reason.CHALLENGE_WITHOUT_QOP);
  }

  @Test
  void aChallengeWithoutQopIsAnsweredWhenAllowedAndItsRspauthChecked() throws Exception {
    String noQop = "Digest realm=\"relay.test\", nonce=\"" + NONCE + "\"";
    CompletableFuture<Integer> relay =
        relay(
            noQop,
            a -> {
              assertThat(a.header("Authorization")).doesNotContain("qop=").doesNotContain("cnonce");
              DigestAlgorithm md5 = DigestAlgorithm.MD5;
              String ha1 = Digest.ha1(md5, "alice", "relay.test", PASSWORD);
              return "rspauth=\""
                  + Digest.rspauthWithoutQop(md5, ha1, NONCE, a.param("uri"))
                  + "\"";
            });
    RelayBinding binding = authenticate(true).get(30, TimeUnit.SECONDS);
    assertThat(binding.usePath()).hasSize(1);
    assertThat(relay.get(30, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void aWrongRspauthFailsAQopLessAuthToo() throws Exception {
    String noQop = "Digest realm=\"relay.test\", nonce=\"" + NONCE + "\"";
    relay(noQop, a -> "rspauth=\"" + "0".repeat(32) + "\"");
    Throwable e = failure(authenticate(true));
    assertThat(e).isInstanceOf(RelayAuthException.class);
    assertThat(((RelayAuthException) e).reason())
        .isEqualTo(RelayAuthException.Reason.RSPAUTH_MISMATCH);
  }
}
