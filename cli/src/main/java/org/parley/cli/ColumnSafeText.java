package org.parley.cli;

/**
 * Text for a screen laid out in columns (the interactive chat): the characters whose width
 * terminals disagree on are dropped, so that the width the layout counts (one or two columns per
 * code point, as wcwidth says) is the width every terminal draws, and nothing after the text (the
 * delivery marks) moves. Dropped: the zero-width joiner (U+200D), which joins emoji into one glyph
 * on some terminals and not on others; the variation selectors (U+FE00 to U+FE0F), which turn a
 * narrow symbol into a wide emoji on some; the skin-tone modifiers (U+1F3FB to U+1F3FF), drawn into
 * their emoji on some and beside it on others; tag characters (U+E0000 to U+E007F, subdivision
 * flags). A ZWJ sequence shows as its emoji side by side, a toned emoji in its plain colour. CJK
 * and the regional-indicator pairs of flags keep their widths everywhere, and stay. The message
 * itself is not changed: only what the screen shows.
 */
final class ColumnSafeText {
  private ColumnSafeText() {}

  static String of(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder b = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      if (unsafe(cp)) {
        if (b == null) {
          b = new StringBuilder(text.length()).append(text, 0, i);
        }
      } else if (b != null) {
        b.appendCodePoint(cp);
      }
      i += n;
    }
    return b == null ? text : b.toString();
  }

  static boolean unsafe(int cp) {
    return cp == 0x200D
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || (cp >= 0x1F3FB && cp <= 0x1F3FF)
        || (cp >= 0xE0000 && cp <= 0xE007F);
  }
}
