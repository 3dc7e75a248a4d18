package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpListener;

/**
 * Issue 13, defect 5: RFC 4975 §7.3 session matching. A session whose peer is known (its remote
 * path, from SDP) takes requests only from that peer (the last URI of From-Path) and, once bound,
 * only over its connection; anyone else who knows the session's URI gets 481 and the listener never
 * hears of it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SessionMatchingTest {
  private static final String PEER = "msrp://127.0.0.1:7777/alice1;tcp";
  private static final String STRANGER = "msrp://127.0.0.1:7777/mallory;tcp";

  @RegisterExtension final Stacks stacks = new Stacks();
  private final Recorder recorder = new Recorder();
  private MsrpListener listener;
  private MsrpSession session;
  private String to;

  private void listen(MsrpStack.Builder b, String peer) {
    MsrpStack bob = stacks.add(b.build());
    listener = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    session =
        bob.session(
            MsrpUri.parse("msrp://127.0.0.1:" + listener.localAddress().getPort() + "/sm1;tcp"),
            recorder);
    if (peer != null) {
      session.remotePath(List.of(MsrpUri.parse(peer)));
    }
    to = session.localUri().toString();
  }

  @BeforeEach
  void strict() {
    listen(MsrpStack.builder(), PEER);
  }

  private RawClient raw() throws Exception {
    return new RawClient(listener.localAddress().getPort());
  }

  private static String send(String tid, String to, String from, String id, String body) {
    return RawClient.send(tid, to, from, id, "1-" + body.length() + "/" + body.length(), body, '$');
  }

  @Test
  void aSenderThatIsNotThePeerGets481AndIsNotHeard() throws Exception {
    try (RawClient c = raw()) {
      c.write(send("tstr0001", to, STRANGER, "forged", "not from alice"));
      assertThat(c.readStatus()).isEqualTo(481);
      c.write(send("tpeer001", to, PEER, "real", "from alice"));
      assertThat(c.readStatus()).isEqualTo(200);
      assertThat(session.connection()).as("bound by the peer, not the stranger").isNotNull();
    }
    assertThat(recorder.ended("real").get(20, TimeUnit.SECONDS).aborted()).isFalse();
    assertThat(recorder.ended("forged")).isNotDone();
  }

  @Test
  void onceBoundTheSessionRefusesOtherConnectionsEvenWithThePeersUri() throws Exception {
    try (RawClient alice = raw();
        RawClient mallory = raw()) {
      alice.write(send("tbind001", to, PEER, "first", "binds"));
      assertThat(alice.readStatus()).isEqualTo(200);
      mallory.write(send("tinj0001", to, PEER, "injected", "pretends to be alice"));
      assertThat(mallory.readStatus()).isEqualTo(481);
      alice.write(send("tnext001", to, PEER, "second", "still alice"));
      assertThat(alice.readStatus()).isEqualTo(200);
    }
    assertThat(recorder.ended("second").get(20, TimeUnit.SECONDS).aborted()).isFalse();
    assertThat(recorder.ended("injected")).isNotDone();
  }

  @Test
  void aStrangerCannotBindASessionItWasNotSetUpWith() throws Exception {
    try (RawClient mallory = raw()) {
      mallory.write(send("tfirst01", to, STRANGER, "grab", "first to come"));
      assertThat(mallory.readStatus()).isEqualTo(481);
    }
    assertThat(session.connection()).isNull();
    try (RawClient alice = raw()) {
      alice.write(send("tbind002", to, PEER, "mine", "the real peer binds"));
      assertThat(alice.readStatus()).isEqualTo(200);
    }
    assertThat(recorder.ended("mine").get(20, TimeUnit.SECONDS).aborted()).isFalse();
  }

  @Test
  void sessionIdMatchingTakesThePeerWhateverItsHost() throws Exception {
    listen(MsrpStack.builder().matchSessionIdOnly(true), PEER);
    try (RawClient c = raw()) {
      c.write(send("tcema001", to, "msrp://192.0.2.7:9999/alice1;tcp", "cema", "rewritten"));
      assertThat(c.readStatus()).isEqualTo(200);
      c.write(send("tcema002", to, STRANGER, "cema2", "another session id"));
      assertThat(c.readStatus()).isEqualTo(481);
    }
    assertThat(recorder.ended("cema").get(20, TimeUnit.SECONDS).aborted()).isFalse();
  }

  @Test
  void aSessionWithoutAPeerTakesAnySender() throws Exception {
    listen(MsrpStack.builder(), null);
    try (RawClient c = raw()) {
      c.write(send("tany0001", to, STRANGER, "anyone", "no SDP, no peer to match"));
      assertThat(c.readStatus()).isEqualTo(200);
    }
    assertThat(recorder.ended("anyone").get(20, TimeUnit.SECONDS).aborted()).isFalse();
  }
}
