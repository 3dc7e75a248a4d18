package org.parley.msrp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostsTest {
  @Test
  void onlyTheBracketsOfAnIpLiteralGo() {
    assertThat(Hosts.unbracketed("[::1]")).isEqualTo("::1");
    assertThat(Hosts.unbracketed("[2001:db8::7]")).isEqualTo("2001:db8::7");
    assertThat(Hosts.unbracketed("::1")).isEqualTo("::1");
    assertThat(Hosts.unbracketed("relay.example.com")).isEqualTo("relay.example.com");
    assertThat(Hosts.unbracketed("192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(Hosts.unbracketed("[::1")).isEqualTo("[::1");
    assertThat(Hosts.unbracketed("[")).isEqualTo("[");
    assertThat(Hosts.unbracketed("")).isEmpty();
    assertThat(Hosts.unbracketed(MsrpUri.parse("msrp://[::1]:2855;tcp").host())).isEqualTo("::1");
  }
}
