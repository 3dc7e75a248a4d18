package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 13, defect 6: a chat message costs memory for the bytes that came, not for a promise. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MessageAssemblyTest {
  @Test
  void aPromiseOfSixteenMebibytesCostsNothingUntilTheBytesCome() {
    MessageAssembly a = new MessageAssembly(); // the first chunk said Byte-Range: 1-1/16777216
    a.write(0, Unpooled.wrappedBuffer(new byte[] {'x'}));
    assertThat(a.heldBytes()).isLessThan(64);
    a.write(16_777_215, Unpooled.wrappedBuffer(new byte[] {'y'})); // the last byte, far ahead
    assertThat(a.heldBytes()).isLessThan(64);
  }

  @Test
  void partsInAnyOrderArePutTogether() {
    MessageAssembly a = new MessageAssembly();
    a.write(8, Unpooled.copiedBuffer("ijkl", StandardCharsets.US_ASCII));
    a.write(4, Unpooled.copiedBuffer("efgh", StandardCharsets.US_ASCII));
    assertThat(a.bytes()).isEmpty();
    a.write(0, Unpooled.copiedBuffer("abcd", StandardCharsets.US_ASCII));
    a.write(12, Unpooled.copiedBuffer("m", StandardCharsets.US_ASCII));
    assertThat(new String(a.bytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdefghijklm");
    assertThat(a.heldBytes()).isLessThan(64);
  }
}
