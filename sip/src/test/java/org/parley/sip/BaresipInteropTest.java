package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sip.Recorder.next;
import static org.parley.sip.SipAgentTest.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pager-mode MESSAGE both ways with baresip, a second SIP implementation. Skipped without it. */
class BaresipInteropTest {
  private final Recorder hears = new Recorder();
  private SipAgent alice;
  private Baresip baresip;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Baresip.installed(), "baresip is not installed");
    alice =
        SipAgent.start(
            SipConfig.builder("sip:alice@127.0.0.1").transports(SipTransport.UDP).build(), hears);
    baresip = Baresip.start(alice.uri());
  }

  @AfterEach
  void stop() throws Exception {
    if (baresip != null) {
      baresip.close();
    }
    Agents.closeAll(alice);
  }

  @Test
  void parleyToBaresip() throws Exception {
    SipStatus s = await(alice.message(baresip.uri(), "text/plain", "hello carol".getBytes(UTF_8)));
    assertThat(s.success()).isTrue();
    String line = baresip.await("\"hello carol\"");
    assertThat(line).startsWith("sip:alice@127.0.0.1");
  }

  @Test
  void baresipToParley() throws Exception {
    baresip.command("/message hello from baresip");
    PagerMessage m = next(hears.pager);
    assertThat(m.text()).isEqualTo("hello from baresip");
    assertThat(m.from()).startsWith("sip:carol@127.0.0.1");
    assertThat(m.contentType()).startsWith("text/plain");
  }
}
