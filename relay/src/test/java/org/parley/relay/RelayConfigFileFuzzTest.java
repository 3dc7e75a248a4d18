package org.parley.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the relay's configuration reader (Jazzer; corpus in {@code
 * RelayConfigFileFuzzTestInputs/parse}). Any text is either read or refused with a {@link
 * RelayConfigException} whose message names the file and, for a line, a line number of the text.
 * Text that is read builds a configuration or is refused with an {@link IllegalArgumentException};
 * the same text with CRLF line ends, or with a comment and a blank line added, gives the same
 * outcome.
 */
class RelayConfigFileFuzzTest {
  private static final Path BASE = Path.of("/etc/parley");

  @FuzzTest
  void parse(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Object outcome = outcome(text);
    if (outcome instanceof RelayConfigException) {
      String m = ((RelayConfigException) outcome).getMessage();
      assertThat(m).startsWith("relay.conf:");
      String rest = m.substring("relay.conf:".length());
      int colon = rest.indexOf(':');
      if (colon > 0 && rest.substring(0, colon).matches("[0-9]+")) {
        assertThat(Integer.parseInt(rest.substring(0, colon)))
            .as("line named by %s", m)
            .isBetween(1, text.split("\n", -1).length);
      }
    }
    assertThat(describe(outcome(text.replace("\n", "\r\n"))))
        .as("with CRLF line ends")
        .isEqualTo(describe(outcome));
    assertThat(describe(outcome(text + "\n# a comment\n\n")))
        .as("with a comment added")
        .isEqualTo(describe(outcome));
  }

  /** The built configuration, or the exception that refused the text. */
  private static Object outcome(String text) {
    RelayConfig.Builder b;
    try {
      b = RelayConfigFile.parse(text, BASE, RelayConfig.builder(), "relay.conf");
    } catch (RelayConfigException e) {
      return e;
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      assertThat(e).isNotInstanceOf(RelayConfigException.class);
      return e;
    }
  }

  private static String describe(Object outcome) {
    if (outcome instanceof RelayConfigException) {
      return "refused: " + ((Exception) outcome).getMessage();
    }
    if (outcome instanceof IllegalArgumentException) {
      return "not buildable: " + ((Exception) outcome).getMessage();
    }
    return outcome.toString();
  }
}
