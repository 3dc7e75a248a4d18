package org.parley.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The charset text is read from the keyboard and written to the screen in. Messages are UTF-8 on
 * the wire whatever the locale (RFC 4975 and CPIM carry UTF-8); the locale's charset is used for
 * display only, except that the C or POSIX locale's US-ASCII is taken as UTF-8: a terminal that
 * sends é while the locale says ASCII sends it in UTF-8, and ASCII is UTF-8's first half.
 */
final class TextEncoding {
  private TextEncoding() {}

  /** The charset of the terminal and of standard output. */
  static Charset terminal() {
    String name = System.getProperty("stdout.encoding", System.getProperty("native.encoding"));
    Charset c;
    try {
      c = name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      c = StandardCharsets.UTF_8;
    }
    return c.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : c;
  }

  /** {@code stream} as an auto-flushing writer in {@link #terminal()}'s charset. */
  static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, terminal()), true);
  }
}
