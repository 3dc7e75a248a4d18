package org.parley.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the SDP parser (Jazzer; corpus in {@code
 * SdpParserFuzzTestInputs/parse}). Any text either parses or is refused with an {@link
 * SdpParseException} naming a line (1 to the number of lines, plus one for a missing line) and a
 * rule. A parsed description writes back the text byte for byte, parses again to an equal
 * description, starts with {@code v=} and {@code o=}; each {@code m=message} stream's attributes
 * either read as {@link MessageMedia} or are refused the same typed way.
 */
class SdpParserFuzzTest {
  @FuzzTest
  void parse(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    SessionDescription sdp;
    try {
      sdp = SessionDescription.parse(text);
    } catch (SdpParseException e) {
      assertThat(e.rule()).isNotNull();
      assertThat(e.lineNumber()).as("line of %s", e).isBetween(1, lineCount(text) + 1);
      return;
    }
    assertThat(sdp.toString()).as("written as parsed").isEqualTo(text);
    assertThat(sdp.toBytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    SessionDescription again = SessionDescription.parse(sdp.toString());
    assertThat(again).isEqualTo(sdp);
    assertThat(again.hashCode()).isEqualTo(sdp.hashCode());
    assertThat(sdp.sessionLines().get(0).type()).isEqualTo('v');
    assertThat(sdp.sessionLines().get(1).type()).isEqualTo('o');
    assertThat(sdp.origin()).isNotNull();
    for (int i = 0; i < sdp.media().size(); i++) {
      if (MessageMedia.isMessage(sdp.media().get(i))) {
        try {
          MessageMedia m = MessageMedia.of(sdp, i);
          assertThat(m.port()).isBetween(0, 65535);
        } catch (SdpParseException e) {
          assertThat(e.rule()).isNotNull();
        }
      }
    }
  }

  private static int lineCount(String text) {
    int n = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
