package org.parley.msrp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link MsrpUri#parse} (Jazzer; corpus in {@code
 * MsrpUriFuzzTestInputs/parse}). Any text either parses or is refused with an {@link
 * MsrpSyntaxException} naming a rule; a parsed URI writes back the text it was parsed from, parses
 * again to an equal URI with the same hash, and its parts pass the builder's checks (RFC 4975 §6):
 * the URI built from them is equal and parses back to an equal URI.
 */
class MsrpUriFuzzTest {
  @FuzzTest
  void parse(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    MsrpUri uri;
    try {
      uri = MsrpUri.parse(text);
    } catch (MsrpSyntaxException e) {
      assertThat(e.rule()).as("the rule of a refusal").isNotNull();
      return;
    }
    assertThat(uri.toString()).as("written as parsed").isEqualTo(text);
    assertThat(uri.scheme()).isIn("msrp", "msrps");
    assertThat(uri.secure()).isEqualTo(uri.scheme().equals("msrps"));
    assertThat(uri.port()).isBetween(-1, 65535);
    assertThat(uri.hasPort()).isEqualTo(uri.port() >= 0);
    assertThat(uri.host()).isNotEmpty();
    assertThat(uri.transport()).isNotEmpty();

    MsrpUri again = MsrpUri.parse(uri.toString());
    assertThat(again).as("parse(toString()) of %s", text).isEqualTo(uri);
    assertThat(again.hashCode()).isEqualTo(uri.hashCode());

    MsrpUri built = uri.toBuilder().build();
    assertThat(built).as("built from the parts of %s", text).isEqualTo(uri);
    assertThat(built.hashCode()).isEqualTo(uri.hashCode());
    assertThat(MsrpUri.parse(built.toString())).as("built %s parses", built).isEqualTo(uri);
  }
}
