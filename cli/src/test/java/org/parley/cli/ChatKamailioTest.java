package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.MsrpCommandsTest.field;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.cli.ChatCommandTest.Running;
import org.parley.sip.Kamailio;
import org.parley.sip.SipTransport;

/**
 * Two {@code parley chat} commands register with Kamailio (registrar and proxy on 127.0.0.1, digest
 * authentication) and chat by address of record through it: pager mode, an MSRP session, and the
 * 2001 MESSAGE-session form. Skipped when Kamailio is not installed.
 */
class ChatKamailioTest {
  private static Kamailio kamailio;

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

  /** The options of a registered user of Kamailio's domain, then {@code more}. */
  private static String[] user(String name, String... more) {
    String[] base = {
      "--as",
      "sip:" + name + "@" + Kamailio.DOMAIN,
      "--listen",
      "sip:" + name + "@127.0.0.1",
      "--proxy",
      kamailio.proxy(SipTransport.UDP),
      "--password",
      Kamailio.PASSWORD,
      "--register",
      "--json"
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(more, 0, all, 0, more.length);
    System.arraycopy(base, 0, all, more.length, base.length);
    return all;
  }

  @Test
  void pagerModeThroughKamailio() throws Exception {
    Running bob = new Running(user("bob", "--pager"));
    bob.next("registered");
    Running alice = new Running(user("alice", "sip:bob@" + Kamailio.DOMAIN, "--pager"));
    alice.next("registered");
    alice.stdin.println("page via kamailio");
    assertThat(field(alice.next("sent"), "text")).isEqualTo("page via kamailio");
    String m = bob.next("message");
    assertThat(field(m, "text")).isEqualTo("page via kamailio");
    assertThat(field(m, "from")).isEqualTo("sip:alice@" + Kamailio.DOMAIN);
    bob.stdin.println("page back");
    assertThat(field(alice.next("message"), "text")).isEqualTo("page back");
    alice.stdin.close();
    bob.stdin.close();
    assertThat(alice.exitCode()).isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }

  @Test
  void anMsrpSessionThroughKamailio() throws Exception {
    session("msrp");
  }

  @Test
  void aSessionInThe2001FormThroughKamailio() throws Exception {
    session("sip-message");
  }

  private void session(String mode) throws Exception {
    Running bob = new Running(user("bob"));
    bob.next("registered");
    Running alice = new Running(user("alice", "sip:bob@" + Kamailio.DOMAIN, "--mode", mode));
    assertThat(field(alice.next("session"), "mode")).isEqualTo(mode);
    assertThat(field(bob.next("session"), "peer")).isEqualTo("sip:alice@" + Kamailio.DOMAIN);
    alice.stdin.println("Hello Bob via kamailio");
    assertThat(field(bob.next("message"), "text")).isEqualTo("Hello Bob via kamailio");
    bob.stdin.println("Hi Alice");
    assertThat(field(alice.next("message"), "text")).isEqualTo("Hi Alice");
    alice.stdin.close();
    assertThat(field(alice.next("ended"), "reason")).isEqualTo("local_bye");
    assertThat(field(bob.next("ended"), "reason")).isEqualTo("remote_bye");
    assertThat(alice.exitCode()).isEqualTo(Parley.OK);
    assertThat(bob.exitCode()).isEqualTo(Parley.OK);
  }
}
