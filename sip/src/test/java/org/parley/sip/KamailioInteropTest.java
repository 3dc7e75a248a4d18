package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sip.Recorder.next;
import static org.parley.sip.SipAgentTest.await;
import static org.parley.sip.SipAgentTest.failure;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.sdp.SipUri;

/**
 * Two agents registered with Kamailio (registrar and proxy, digest authentication for REGISTER and
 * for every request from the domain) exchange pager messages and set up sessions through it.
 * Skipped when Kamailio is not installed.
 */
class KamailioInteropTest {
  private static Kamailio kamailio;
  private final Recorder aliceHears = new Recorder();
  private final Recorder bobHears = new Recorder();
  private SipAgent alice;
  private SipAgent bob;

  @BeforeAll
  static void startKamailio() throws Exception {
    Assumptions.assumeTrue(Kamailio.binary() != null, "kamailio is not installed");
    kamailio = Kamailio.start();
  }

  @AfterAll
  static void stopKamailio() {
    if (kamailio != null) {
      kamailio.close();
    }
  }

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob);
  }

  private SipAgent agent(String user, Recorder hears, SipTransport transport) throws Exception {
    SipAgent a =
        SipAgent.start(
            SipConfig.builder("sip:" + user + "@" + Kamailio.DOMAIN)
                .transports(transport)
                .outboundProxy(kamailio.proxy(transport))
                .credentials(user, Kamailio.PASSWORD)
                .registration(
                    new Registration(
                        SipUri.parse("sip:" + Kamailio.DOMAIN), Duration.ofSeconds(300)))
                .build(),
            hears);
    await(a.registered());
    return a;
  }

  private void register(SipTransport transport) throws Exception {
    alice = agent("alice", aliceHears, transport);
    bob = agent("bob", bobHears, transport);
  }

  @Test
  void pagerMessagesThroughKamailioBothWays() throws Exception {
    register(SipTransport.UDP);
    SipStatus s =
        await(
            alice.message("sip:bob@parley.test", "text/plain", "hi via kamailio".getBytes(UTF_8)));
    assertThat(s.success()).isTrue();
    PagerMessage m = next(bobHears.pager);
    assertThat(m.text()).isEqualTo("hi via kamailio");
    assertThat(m.from()).isEqualTo("sip:alice@parley.test");
    await(bob.message("sip:alice@parley.test", "text/plain", "and back".getBytes(UTF_8)));
    assertThat(next(aliceHears.pager).text()).isEqualTo("and back");
  }

  @Test
  void anUnknownUserIs404() throws Exception {
    register(SipTransport.UDP);
    assertThat(
            failure(alice.message("sip:nobody@parley.test", "text/plain", new byte[] {'x'})).kind())
        .isEqualTo(SipFailure.Kind.NOT_FOUND);
  }

  @Test
  void aWrongPasswordFailsTheRegistration() throws Exception {
    alice =
        SipAgent.start(
            SipConfig.builder("sip:alice@parley.test")
                .transports(SipTransport.UDP)
                .outboundProxy(kamailio.proxy(SipTransport.UDP))
                .credentials("alice", "wrong")
                .registration(Registration.at("sip:parley.test"))
                .build(),
            aliceHears);
    assertThat(failure(alice.registered()).kind()).isEqualTo(SipFailure.Kind.AUTHENTICATION);
  }

  @Test
  void anMsrpSessionThroughKamailio() throws Exception {
    register(SipTransport.UDP);
    session(InviteOptions.DEFAULT);
  }

  @Test
  void anMsrpSessionThroughKamailioOverTcp() throws Exception {
    register(SipTransport.TCP);
    session(InviteOptions.DEFAULT);
  }

  @Test
  void a2001FormSessionThroughKamailio() throws Exception {
    register(SipTransport.UDP);
    session(InviteOptions.builder().mode(ChatMode.SIP_MESSAGE).build());
  }

  private void session(InviteOptions options) throws Exception {
    bobHears.acceptAll();
    ChatSession a = await(alice.invite("sip:bob@parley.test", options, aliceHears));
    assertThat(a.mode()).isEqualTo(options.mode());
    for (int i = 0; i < 3; i++) {
      await(a.send("to Bob " + i));
    }
    for (int i = 0; i < 3; i++) {
      assertThat(next(bobHears.messages).text()).isEqualTo("to Bob " + i);
    }
    assertThat(await(a.bye()).reason()).isEqualTo(SessionEnd.Reason.LOCAL_BYE);
    assertThat(next(bobHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
  }

  @Test
  void theCalleeAnswersBackInASessionThroughKamailio() throws Exception {
    register(SipTransport.UDP);
    java.util.concurrent.BlockingQueue<java.util.concurrent.CompletableFuture<ChatSession>> taken =
        new java.util.concurrent.LinkedBlockingQueue<>();
    bobHears.onInvitation(i -> taken.add(i.accept(bobHears)));
    ChatSession a = await(alice.invite("sip:bob@parley.test", InviteOptions.DEFAULT, aliceHears));
    ChatSession b = await(next(taken));
    await(b.send("Bob here"));
    assertThat(next(aliceHears.messages).text()).isEqualTo("Bob here");
    await(b.bye());
    assertThat(next(aliceHears.ends).reason()).isEqualTo(SessionEnd.Reason.REMOTE_BYE);
    assertThat(a.ended()).isDone();
  }
}
