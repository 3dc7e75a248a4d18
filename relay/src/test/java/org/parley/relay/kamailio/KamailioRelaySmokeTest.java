package org.parley.relay.kamailio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.HeaderName;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.codec.MsrpDecodeError;
import org.parley.msrp.transport.FrameHandler;
import org.parley.msrp.transport.MsrpConnection;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;

/**
 * Parley's MSRP transport against Kamailio's MSRP relay (msrp-relay.cfg) over real sockets: AUTH
 * with digest, Use-Path, a SEND from A to B through the relay as RFC 4976 lays out the paths, the
 * success REPORT back, and what Kamailio answers on the way. Skipped when Kamailio is not
 * installed.
 */
class KamailioRelaySmokeTest {
  @TempDir static Path runDir;
  static KamailioRelay kamailio;
  static MsrpTransport transport;

  private final List<Client> clients = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    if (KamailioRelay.available()) {
      kamailio = KamailioRelay.start(runDir.resolve("kamailio"), true);
      transport = MsrpTransport.builder().threads(2).build();
    }
  }

  /** Each test is reported as skipped (not silently absent) when Kamailio is not installed. */
  @BeforeEach
  void needsKamailio() {
    assumeTrue(kamailio != null, "kamailio is not installed (apt-get install kamailio)");
  }

  @AfterAll
  static void stop() {
    if (transport != null) {
      transport.close();
    }
    if (kamailio != null) {
      kamailio.close();
    }
  }

  @AfterEach
  void closeClients(TestInfo test) {
    for (Client c : clients) {
      c.close();
    }
    if (kamailio != null && Boolean.getBoolean("parley.kamailio.trace")) {
      System.out.println("--- " + test.getDisplayName() + "\n" + kamailio.logText());
    }
  }

  // ---------------------------------------------------------------- AUTH

  @Test
  void authIsChallengedThenGivesUsePathAndExpires() throws Exception {
    Client a = client(false, "alice-auth");
    MsrpRequest first = a.authRequest(kamailio.uri(), null, null);
    a.send(first, null);

    Frame challenge = a.next();
    MsrpResponse r401 = challenge.response();
    assertThat(r401.transactionId()).isEqualTo(first.transactionId());
    assertThat(r401.code()).isEqualTo(401);
    assertThat(r401.comment()).isEqualTo("Unauthorized");
    assertThat(r401.toPath()).containsExactly(a.uri);
    assertThat(r401.fromPath()).containsExactly(kamailio.uri());
    String www = r401.headers().value(HeaderName.WWW_AUTHENTICATE);
    assertThat(www).startsWith("Digest ");
    Map<String, String> params = Digest.params(www);
    assertThat(params).containsEntry("realm", KamailioRelay.REALM).containsEntry("qop", "auth");
    assertThat(params.get("nonce")).isNotBlank();
    assertThat(params).doesNotContainKeys("opaque", "algorithm", "stale");

    String authorization =
        Digest.authorization(
            params, "alice", "alice-secret", kamailio.uri().toString(), 1, Digest.cnonce());
    MsrpRequest second = a.authRequest(kamailio.uri(), authorization, null);
    a.send(second, null);
    MsrpResponse ok = a.next().response();
    assertThat(ok.transactionId()).isEqualTo(second.transactionId());
    assertThat(ok.code()).isEqualTo(200);
    assertThat(ok.toPath()).containsExactly(a.uri);
    assertThat(ok.fromPath()).containsExactly(kamailio.uri());
    List<MsrpUri> usePath = ok.headers().usePath();
    assertThat(usePath).hasSize(1);
    MsrpUri binding = usePath.get(0);
    assertThat(binding.scheme()).isEqualTo("msrp");
    assertThat(binding.host()).isEqualTo("127.0.0.1");
    assertThat(binding.port()).isEqualTo(kamailio.port());
    assertThat(binding.transport()).isEqualTo("tcp");
    assertThat(binding.sessionId()).matches("[0-9a-f]{24}");
    assertThat(ok.headers().expires()).isEqualTo(KamailioRelay.DEFAULT_EXPIRES);
    assertThat(ok.headers().value(HeaderName.AUTHENTICATION_INFO)).isNull();
  }

  @Test
  void eachBindingGetsItsOwnSessionIdAndReAuthKeepsIt() throws Exception {
    Client a = client(false, "alice-1");
    Client b = client(false, "bob-1");
    MsrpUri first = a.authenticate("alice").get(0);
    MsrpUri other = b.authenticate("bob").get(0);
    assertThat(other.sessionId()).isNotEqualTo(first.sessionId());
    // a refresh: a new AUTH on the same connection with the same From-Path
    MsrpResponse again = a.auth(kamailio.uri(), "alice", "alice-secret", 120L);
    assertThat(again.code()).isEqualTo(200);
    assertThat(again.headers().usePath()).containsExactly(first);
    assertThat(again.headers().expires()).isEqualTo(120);
  }

  @Test
  void aWrongPasswordIsChallengedAgain() throws Exception {
    Client a = client(false, "alice-wrong");
    MsrpResponse r = a.auth(kamailio.uri(), "alice", "not-the-password", null);
    assertThat(r.code()).isEqualTo(401);
    assertThat(Digest.params(r.headers().value(HeaderName.WWW_AUTHENTICATE)))
        .containsEntry("qop", "auth")
        .doesNotContainKey("stale");
    MsrpResponse unknownUser = a.auth(kamailio.uri(), "mallory", "alice-secret", null);
    assertThat(unknownUser.code()).isEqualTo(401);
  }

  @Test
  void anUsedNonceWithTheSameCountIsRefused() throws Exception {
    Client a = client(false, "alice-replay");
    a.send(a.authRequest(kamailio.uri(), null, null), null);
    Map<String, String> challenge =
        Digest.params(a.next().response().headers().value(HeaderName.WWW_AUTHENTICATE));
    String cnonce = Digest.cnonce();
    String uri = kamailio.uri().toString();
    String nc1 = Digest.authorization(challenge, "alice", "alice-secret", uri, 1, cnonce);
    a.send(a.authRequest(kamailio.uri(), nc1, null), null);
    assertThat(a.next().response().code()).isEqualTo(200);
    // the same nc again is a replay; a higher nc with the same nonce is accepted
    a.send(a.authRequest(kamailio.uri(), nc1, null), null);
    assertThat(a.next().response().code()).isEqualTo(401);
    String nc2 = Digest.authorization(challenge, "alice", "alice-secret", uri, 2, cnonce);
    a.send(a.authRequest(kamailio.uri(), nc2, null), null);
    assertThat(a.next().response().code()).isEqualTo(200);
  }

  @Test
  void expiresOutOfBoundsGets423WithTheBound() throws Exception {
    Client a = client(false, "alice-expires");
    MsrpResponse low = a.auth(kamailio.uri(), "alice", "alice-secret", 10L);
    assertThat(low.code()).isEqualTo(423);
    assertThat(low.comment()).isEqualTo("Interval Out-of-Bounds");
    assertThat(low.headers().minExpires()).isEqualTo(KamailioRelay.MIN_EXPIRES);
    MsrpResponse high = a.auth(kamailio.uri(), "alice", "alice-secret", 7200L);
    assertThat(high.code()).isEqualTo(423);
    assertThat(high.headers().maxExpires()).isEqualTo(KamailioRelay.MAX_EXPIRES);
    MsrpResponse fine = a.auth(kamailio.uri(), "alice", "alice-secret", 300L);
    assertThat(fine.code()).isEqualTo(200);
    assertThat(fine.headers().expires()).isEqualTo(300);
  }

  // ---------------------------------------------------------------- SEND and REPORT

  @Test
  void sendFromAliceReachesBobAndTheSuccessReportComesBack() throws Exception {
    exchange(client(false, "alice-send"), client(false, "bob-send"), "Hello, Bob");
  }

  @Test
  void aliceOverTlsAndBobOverTcp() throws Exception {
    Client a = client(true, "alice-tls");
    Client b = client(false, "bob-tcp");
    exchange(a, b, "Hi over msrps");
  }

  @Test
  void twoKamailioRelaysInARowWithTlsBetweenThem() throws Exception {
    // A at the shared relay over TCP; B at a second relay over TLS: the first relay hands the
    // SEND on to the second over msrps, the second sends the REPORT back over a connection of its
    // own (relays open connections to each other as needed)
    try (KamailioRelay second = KamailioRelay.start(runDir.resolve("kamailio-2"), true)) {
      Client a = client(false, "alice-2hop");
      Client b = new Client(second.tlsUri(), "bob-2hop", true);
      transport
          .connect(second.tlsAddress(), MsrpTls.client(List.of(second.fingerprint())), b)
          .join();
      clients.add(b);
      List<MsrpUri> aUse = a.authenticate("alice");
      List<MsrpUri> bUse = b.authenticate("bob");
      assertThat(bUse.get(0).secure()).isTrue();
      assertThat(bUse.get(0).port()).isEqualTo(second.tlsPort());
      exchange(a, b, aUse, bUse, "across two relays");
    }
  }

  @Test
  void aChunkNearKamailiosFrameLimitGoesThrough() throws Exception {
    exchange(client(false, "alice-10k"), client(false, "bob-10k"), "x".repeat(10_000));
  }

  @Test
  void aFrameAboveKamailiosLimitGets413() throws Exception {
    Client a = client(false, "alice-12k");
    Client b = client(false, "bob-12k");
    List<MsrpUri> aUse = a.authenticate("alice");
    List<MsrpUri> bUse = b.authenticate("bob");
    String text = "y".repeat(12_000);
    MsrpRequest send = send(concat(aUse, bUse, List.of(b.uri)), a.uri, text);
    a.send(send, text);
    MsrpResponse r = a.next().response();
    assertThat(r.transactionId()).isEqualTo(send.transactionId());
    assertThat(r.code()).isEqualTo(413);
    assertThat(r.fromPath()).containsExactly(aUse.get(0));
    assertThat(b.poll(200)).as("nothing reaches B").isNull();
    // the connection and the bindings stay usable
    exchange(a, b, aUse, bUse, "after the big one");
  }

  @Test
  void aSendToAnUnknownBindingGets481() throws Exception {
    Client a = client(false, "alice-481");
    List<MsrpUri> aUse = a.authenticate("alice");
    MsrpUri nobody = MsrpUri.parse("msrp://127.0.0.1:" + kamailio.port() + "/nosuchid;tcp");
    MsrpUri bob = MsrpUri.parse("msrp://127.0.0.1:9/bob;tcp");
    MsrpRequest toNobody = send(List.of(nobody, bob), a.uri, "hi");
    a.send(toNobody, "hi");
    MsrpResponse r = a.next().response();
    assertThat(r.transactionId()).isEqualTo(toNobody.transactionId());
    assertThat(r.code()).isEqualTo(481);
    assertThat(r.comment()).isEqualTo("Session-does-not-exist");
    assertThat(r.toPath()).containsExactly(a.uri);
    assertThat(r.fromPath()).containsExactly(nobody);

    // and without any AUTH at all
    Client stranger = client(false, "stranger");
    MsrpRequest guess = send(List.of(nobody, bob), stranger.uri, "hi");
    stranger.send(guess, "hi");
    assertThat(stranger.next().response().code()).isEqualTo(481);
    assertThat(aUse).hasSize(1);
  }

  @Test
  void aSendWithFailureReportNoGetsNoResponse() throws Exception {
    Client a = client(false, "alice-frno");
    Client b = client(false, "bob-frno");
    List<MsrpUri> aUse = a.authenticate("alice");
    List<MsrpUri> bUse = b.authenticate("bob");
    MsrpRequest send =
        send(concat(aUse, bUse, List.of(b.uri)), a.uri, "quiet").toBuilder()
            .failureReport(FailureReport.NO)
            .build();
    a.send(send, "quiet");
    Frame atB = b.next();
    assertThat(atB.request().transactionId()).isEqualTo(send.transactionId());
    assertThat(atB.body()).isEqualTo("quiet");
    assertThat(a.poll(500)).as("no response for Failure-Report: no").isNull();
  }

  private void exchange(Client a, Client b, String text) throws Exception {
    List<MsrpUri> aUse = a.authenticate("alice");
    List<MsrpUri> bUse = b.authenticate("bob");
    exchange(a, b, aUse, bUse, text);
  }

  /**
   * A sends to B with To-Path = A's Use-Path, then B's path as B's SDP would carry it (B's Use-Path
   * and B's own URI); B answers 200 and sends a success REPORT back along the From-Path it got.
   */
  private void exchange(Client a, Client b, List<MsrpUri> aUse, List<MsrpUri> bUse, String text)
      throws Exception {
    List<MsrpUri> bPath = concat(bUse, List.of(b.uri));
    MsrpRequest send = send(concat(aUse, bPath), a.uri, text);
    a.send(send, text);

    // B gets the SEND with only its own URI left in To-Path, and the relays in front of From-Path
    Frame atB = b.next();
    MsrpRequest received = atB.request();
    assertThat(received.method()).isEqualTo(MsrpMethod.SEND);
    assertThat(received.toPath()).containsExactly(b.uri);
    assertThat(received.fromPath())
        .containsExactlyElementsOf(concat(reversed(bUse), reversed(aUse), List.of(a.uri)));
    assertThat(received.transactionId())
        .as("Kamailio forwards with the sender's transaction id")
        .isEqualTo(send.transactionId());
    assertThat(received.messageId()).isEqualTo(send.messageId());
    assertThat(received.byteRange()).isEqualTo(send.byteRange());
    assertThat(received.successReport()).isEqualTo(SuccessReport.YES);
    assertThat(received.contentType()).isEqualTo("text/plain");
    assertThat(atB.body()).isEqualTo(text);
    assertThat(atB.flag()).isEqualTo(ContinuationFlag.END);

    // A gets a 200: from Kamailio itself (hop by hop), for A's own transaction
    MsrpResponse ok = a.next().response();
    assertThat(ok.transactionId()).isEqualTo(send.transactionId());
    assertThat(ok.code()).isEqualTo(200);
    assertThat(ok.comment()).isEqualTo("OK");
    assertThat(ok.toPath()).containsExactly(a.uri);
    assertThat(ok.fromPath()).containsExactly(aUse.get(0));
    assertThat(ok.headers().messageId())
        .as("Kamailio copies Message-ID into its responses")
        .isEqualTo(send.messageId());

    // B answers its hop (Kamailio) and reports success along the From-Path it received
    b.send(MsrpResponse.to(received, 200, "OK"), null);
    MsrpRequest report =
        MsrpRequest.builder(MsrpMethod.REPORT)
            .toPath(received.fromPath())
            .fromPath(List.of(b.uri))
            .messageId(received.messageId())
            .byteRange(ByteRange.of(1, text.length(), text.length()))
            .status(MsrpStatus.of(0, 200, "OK"))
            .build();
    b.send(report, null);

    Frame atA = a.next();
    MsrpRequest gotReport = atA.request();
    assertThat(gotReport.method()).isEqualTo(MsrpMethod.REPORT);
    assertThat(gotReport.toPath()).containsExactly(a.uri);
    assertThat(gotReport.fromPath()).containsExactlyElementsOf(concat(aUse, bUse, List.of(b.uri)));
    assertThat(gotReport.messageId()).isEqualTo(send.messageId());
    assertThat(gotReport.headers().status()).isEqualTo(MsrpStatus.of(0, 200, "OK"));
    assertThat(gotReport.byteRange()).isEqualTo(ByteRange.of(1, text.length(), text.length()));
    assertThat(atA.body()).isEmpty();

    // B's own 200 ended at Kamailio (hop by hop) and nobody answers a REPORT
    assertThat(a.poll(300)).isNull();
    assertThat(b.poll(100)).isNull();
  }

  // ---------------------------------------------------------------- helpers

  private Client client(boolean tls, String session) {
    InetSocketAddress address = tls ? kamailio.tlsAddress() : kamailio.address();
    MsrpTls clientTls = tls ? MsrpTls.client(List.of(kamailio.fingerprint())) : null;
    Client c = new Client(tls ? kamailio.tlsUri() : kamailio.uri(), session, tls);
    transport.connect(address, clientTls, c).join();
    clients.add(c);
    return c;
  }

  static MsrpRequest send(List<MsrpUri> toPath, MsrpUri from, String text) {
    int n = text.getBytes(StandardCharsets.UTF_8).length;
    return MsrpRequest.builder(MsrpMethod.SEND)
        .toPath(toPath)
        .fromPath(List.of(from))
        .messageId("m" + Long.toHexString(new SecureRandom().nextLong()))
        .successReport(SuccessReport.YES)
        .byteRange(ByteRange.of(1, n, n))
        .contentType("text/plain")
        .build();
  }

  @SafeVarargs
  static List<MsrpUri> concat(List<MsrpUri>... parts) {
    List<MsrpUri> all = new ArrayList<>();
    for (List<MsrpUri> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  static List<MsrpUri> reversed(List<MsrpUri> path) {
    List<MsrpUri> r = new ArrayList<>(path);
    Collections.reverse(r);
    return r;
  }

  /** One whole frame as received. */
  record Frame(MsrpHead head, String body, ContinuationFlag flag) {
    MsrpRequest request() {
      assertThat(head).as("a request").isInstanceOf(MsrpRequest.class);
      return (MsrpRequest) head;
    }

    MsrpResponse response() {
      assertThat(head).as("a response").isInstanceOf(MsrpResponse.class);
      return (MsrpResponse) head;
    }
  }

  /** An MSRP endpoint connected to Kamailio that collects whole frames. */
  static final class Client implements FrameHandler, AutoCloseable {
    final MsrpUri relay;
    final String session;
    final boolean tls;
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    volatile MsrpConnection connection;
    volatile MsrpUri uri;
    // event loop only
    private MsrpHead head;
    private final StringBuilder body = new StringBuilder();

    Client(MsrpUri relay, String session, boolean tls) {
      this.relay = relay;
      this.session = session;
      this.tls = tls;
    }

    @Override
    public void opened(MsrpConnection c) {
      connection = c;
      // this endpoint's URI names its real address, as an endpoint behind no NAT would
      uri =
          MsrpUri.parse(
              (tls ? "msrps" : "msrp")
                  + "://127.0.0.1:"
                  + c.localAddress().getPort()
                  + "/"
                  + session
                  + ";tcp");
    }

    @Override
    public void head(MsrpConnection c, MsrpHead h) {
      head = h;
      body.setLength(0);
    }

    @Override
    public void content(MsrpConnection c, ByteBuf slice) {
      body.append(slice.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void end(MsrpConnection c, ContinuationFlag flag) {
      events.add(new Frame(head, body.toString(), flag));
      head = null;
    }

    @Override
    public void error(MsrpConnection c, MsrpDecodeError error) {
      events.add(error);
    }

    @Override
    public void closed(MsrpConnection c) {
      events.add("closed");
    }

    void send(MsrpHead h, String text) {
      ByteBuf b = text == null ? null : Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
      connection.send(h, b, ContinuationFlag.END).join();
    }

    Frame next() throws InterruptedException {
      Object o = events.poll(10, TimeUnit.SECONDS);
      if (o == null) {
        fail("no frame within 10 s at " + uri);
      }
      if (!(o instanceof Frame)) {
        fail("expected a frame at " + uri + ", got " + o);
      }
      return (Frame) o;
    }

    /** The next event within {@code millis}, or null. */
    Object poll(long millis) throws InterruptedException {
      return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    MsrpRequest authRequest(MsrpUri to, String authorization, Long expires) {
      MsrpRequest.Builder b =
          MsrpRequest.builder(MsrpMethod.AUTH).toPath(List.of(to)).fromPath(List.of(uri));
      if (authorization != null) {
        b.header(HeaderName.AUTHORIZATION, authorization);
      }
      if (expires != null) {
        b.expires(expires);
      }
      return b.build();
    }

    /** AUTH, the 401, AUTH with credentials: the second response. */
    MsrpResponse auth(MsrpUri to, String user, String password, Long expires)
        throws InterruptedException {
      MsrpRequest first = authRequest(to, null, null);
      send(first, null);
      MsrpResponse challenge = next().response();
      assertThat(challenge.transactionId()).isEqualTo(first.transactionId());
      assertThat(challenge.code()).isEqualTo(401);
      Map<String, String> params =
          Digest.params(challenge.headers().value(HeaderName.WWW_AUTHENTICATE));
      String authorization =
          Digest.authorization(params, user, password, to.toString(), 1, Digest.cnonce());
      MsrpRequest second = authRequest(to, authorization, expires);
      send(second, null);
      MsrpResponse r = next().response();
      assertThat(r.transactionId()).isEqualTo(second.transactionId());
      return r;
    }

    /** Authenticates as a test account; returns the Use-Path. */
    List<MsrpUri> authenticate(String user) throws InterruptedException {
      MsrpResponse r = auth(relay, user, KamailioRelay.USERS.get(user), null);
      assertThat(r.code()).as("AUTH of " + user).isEqualTo(200);
      assertThat(r.headers().usePath()).isNotEmpty();
      return r.headers().usePath();
    }

    @Override
    public void close() {
      if (connection != null) {
        connection.close().join();
      }
    }
  }

  /** HTTP Digest (RFC 2617, MD5, qop=auth) as RFC 4976 §5 uses it for AUTH. */
  static final class Digest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Digest() {}

    /** The parameters of a {@code Digest ...} challenge, names in lower case, values unquoted. */
    static Map<String, String> params(String header) {
      assertThat(header).isNotNull().startsWith("Digest ");
      Map<String, String> out = new LinkedHashMap<>();
      String s = header.substring("Digest ".length());
      int i = 0;
      while (i < s.length()) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
          i++;
        }
        int eq = s.indexOf('=', i);
        if (eq < 0) {
          break;
        }
        String name = s.substring(i, eq).trim().toLowerCase(java.util.Locale.ROOT);
        i = eq + 1;
        String value;
        if (i < s.length() && s.charAt(i) == '"') {
          StringBuilder v = new StringBuilder();
          i++;
          while (i < s.length() && s.charAt(i) != '"') {
            if (s.charAt(i) == '\\' && i + 1 < s.length()) {
              i++;
            }
            v.append(s.charAt(i++));
          }
          i++;
          value = v.toString();
        } else {
          int end = s.indexOf(',', i);
          if (end < 0) {
            end = s.length();
          }
          value = s.substring(i, end).trim();
          i = end;
        }
        out.put(name, value);
      }
      return out;
    }

    static String cnonce() {
      byte[] b = new byte[8];
      RANDOM.nextBytes(b);
      return HexFormat.of().formatHex(b);
    }

    /**
     * The Authorization header value answering {@code challenge} for an AUTH whose To-Path (the
     * digest-uri) is {@code uri}.
     */
    static String authorization(
        Map<String, String> challenge,
        String user,
        String password,
        String uri,
        int nonceCount,
        String cnonce) {
      String realm = challenge.get("realm");
      String nonce = challenge.get("nonce");
      String ha1 = md5(user + ":" + realm + ":" + password);
      String ha2 = md5("AUTH:" + uri);
      boolean qop = challenge.containsKey("qop");
      String nc = String.format("%08x", nonceCount);
      String response =
          qop
              ? md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
              : md5(ha1 + ":" + nonce + ":" + ha2);
      StringBuilder h = new StringBuilder("Digest ");
      h.append("username=\"").append(user).append('"');
      h.append(", realm=\"").append(realm).append('"');
      h.append(", nonce=\"").append(nonce).append('"');
      h.append(", uri=\"").append(uri).append('"');
      h.append(", response=\"").append(response).append('"');
      if (qop) {
        h.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
      }
      if (challenge.containsKey("opaque")) {
        h.append(", opaque=\"").append(challenge.get("opaque")).append('"');
      }
      return h.toString();
    }

    static String md5(String s) {
      try {
        MessageDigest md = MessageDigest.getInstance("MD5");
        return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
