package org.parley.cli;

/**
 * Text from a peer (messages, From URIs, file names, reason phrases) made harmless before it
 * reaches a terminal: the C0 controls (ESC among them), DEL and the C1 controls (U+0080 to U+009F,
 * CSI among them) become U+FFFD, so a peer cannot move the cursor, recolour, retitle or otherwise
 * drive the user's terminal. Tabs become four spaces. The one place every printer of plain text
 * goes through: the interactive chat's screen, line mode ({@code chat --plain}, {@code --pager}, a
 * non-terminal stdout) and the file commands' plain lines. JSON output does not: {@link Json}
 * escapes every control character, so its text stays exact and cannot drive a terminal either.
 */
final class TerminalText {
  private static final String TAB = "    ";

  private TerminalText() {}

  /** One line: every control, line breaks included, is replaced; tabs become spaces. */
  static String line(String text) {
    return clean(text, false);
  }

  /**
   * Message text that may span lines: {@code \n} (and {@code \r\n}, written as {@code \n}) stays a
   * line break; every other control is replaced (a lone {@code \r} too: it would let a line
   * overwrite what is before it); tabs become spaces.
   */
  static String text(String text) {
    return clean(text, true);
  }

  /** {@code true} for what a terminal acts on: C0, DEL and C1. */
  static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
  }

  private static String clean(String text, boolean lines) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean keep = !isControl(c) || (lines && c == '\n');
      if (keep && sb == null) {
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (keep) {
        sb.append(c);
      } else if (c == '\t') {
        sb.append(TAB);
      } else if (lines && c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        // CRLF: the LF that follows is the line break
      } else {
        sb.append('\ufffd');
      }
    }
    return sb == null ? text : sb.toString();
  }
}
