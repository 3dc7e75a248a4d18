package org.parley.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers: descriptions written line by line with CRLF, and fixture files. */
public final class Sdp {
  private Sdp() {}

  /** The lines joined, each ending with CRLF. */
  public static String crlf(String... lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append("\r\n");
    }
    return sb.toString();
  }

  /** A fixture from src/test/resources/org/parley/sdp, bytes as stored. */
  public static String fixture(String name) {
    try (InputStream in = Sdp.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
