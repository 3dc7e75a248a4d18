package org.parley.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SipUriTest {
  @Test
  void readsEveryPart() {
    String text =
        "sip:alice:secret@[2001:db8::1]:5070;transport=TCP;lr;maddr=239.255.255.1"
            + "?Call-ID=a84b4c76e66710%40pc33.example.com&Subject=hi";

    SipUri u = SipUri.parse(text);

    assertThat(u.secure()).isFalse();
    assertThat(u.user()).isEqualTo("alice");
    assertThat(u.password()).isEqualTo("secret");
    assertThat(u.host()).isEqualTo("[2001:db8::1]");
    assertThat(u.port()).isEqualTo(5070);
    assertThat(u.transport()).isEqualTo("tcp");
    assertThat(u.parameter("LR")).isEmpty();
    assertThat(u.parameter("maddr")).isEqualTo("239.255.255.1");
    assertThat(u.callId()).isEqualTo("a84b4c76e66710@pc33.example.com");
    assertThat(u.header("subject")).isEqualTo("hi");
    assertThat(u.toString()).isEqualTo(text);
    assertThat(u.specific()).isTrue();
  }

  @Test
  void defaultsFollowTheScheme() {
    assertThat(SipUri.parse("sips:bob@example.com").portOrDefault()).isEqualTo(5061);
    assertThat(SipUri.parse("sips:bob@example.com").transport()).isEqualTo("tls");
    assertThat(SipUri.parse("sip:bob@example.com").portOrDefault()).isEqualTo(5060);
    assertThat(SipUri.parse("sip:bob@example.com").transport()).isEqualTo("udp");
    assertThat(SipUri.parse("SIP:bob@example.com").scheme()).isEqualTo("sip");
  }

  @Test
  void specificNeedsAUserOrACallId() {
    assertThat(SipUri.parse("sip:example.com").specific()).isFalse();
    assertThat(SipUri.parse("sip:example.com;transport=tcp").specific()).isFalse();
    assertThat(SipUri.parse("sip:example.com?Call-ID=x@y").specific()).isTrue();
    assertThat(SipUri.parse("sip:example.com?i=x").callId()).isEqualTo("x");
    assertThat(SipUri.parse("sip:%61lice@example.com").specific()).isTrue();
  }

  @Test
  void atSignInHeaderIsNotTheUserPart() {
    SipUri u = SipUri.parse("sip:example.com?Call-ID=abc@host");

    assertThat(u.user()).isNull();
    assertThat(u.host()).isEqualTo("example.com");
  }

  @Test
  void errorsNameTheColumn() {
    assertThatThrownBy(() -> SipUri.parse("sip:bob@exa mple.com"))
        .isInstanceOf(SdpParseException.class)
        .hasMessageContaining("column 12");
    assertThatThrownBy(() -> SipUri.parse("sip:bob@[::1")).hasMessageContaining("without ']'");
    assertThatThrownBy(() -> SipUri.parse("sip:bob@host;transport="))
        .hasMessageContaining("empty parameter value");
    assertThatThrownBy(() -> SipUri.parse("sip:b%4@host")).hasMessageContaining("bad escape");
  }
}
