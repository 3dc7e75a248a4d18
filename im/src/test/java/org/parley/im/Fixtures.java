package org.parley.im;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The RFC examples under src/test/resources/org/parley/im (see the README there). */
public final class Fixtures {
  private Fixtures() {}

  /** The file's bytes as stored. */
  public static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file with every line ending in CRLF, as on the wire. */
  public static byte[] crlf(String name) {
    String text = new String(bytes(name), StandardCharsets.UTF_8).replace("\r\n", "\n");
    return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Text written with '|' for CRLF, as UTF-8. */
  public static byte[] wire(String text) {
    return text.replace("|", "\r\n").getBytes(StandardCharsets.UTF_8);
  }
}
