package org.parley.msrp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MsrpUriTest {
  @Test
  void parsesTheRfcExample() {
    MsrpUri u = MsrpUri.parse("msrp://atlanta.example.com:7654/jshA7weztas;tcp");
    assertThat(u.host()).isEqualTo("atlanta.example.com");
    assertThat(u.port()).isEqualTo(7654);
    assertThat(u.sessionId()).isEqualTo("jshA7weztas");
    assertThat(u.transport()).isEqualTo("tcp");
  }
}
