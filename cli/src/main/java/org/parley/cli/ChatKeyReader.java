package org.parley.cli;

import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.utils.NonBlockingReader;

/**
 * Reads the chat's keys ({@link ChatKey}) and drops whole every escape sequence bound to no key (a
 * modified arrow, an F-key, Alt with a letter's Escape), so that none is typed into the message.
 * JLine's reader, meeting a sequence it has no binding for, gives its Escape as an unbound key and
 * then reads the rest as typed characters; this reader takes the rest of a CSI ({@code ESC [},
 * parameter and intermediate bytes, one final byte from {@code @} to {@code ~}) or an SS3 ({@code
 * ESC O} and one byte) off what it has read and reads on to its end.
 */
final class ChatKeyReader extends BindingReader {
  /** Longer CSI sequences than this are not a key: what follows is read as keys again. */
  private static final int MAX_CSI = 32;

  private static final long SEQUENCE_GAP_MILLIS = 50;

  ChatKeyReader(NonBlockingReader reader) {
    super(reader);
  }

  /** The next key, or null at the end of input. */
  ChatKey next(KeyMap<ChatKey> map) {
    while (true) {
      ChatKey k = readBinding(map);
      if (k == ChatKey.IGNORE && "\033".equals(getLastBinding())) {
        dropSequence();
        continue;
      }
      return k;
    }
  }

  private void dropSequence() {
    int c = next();
    if (c == '[') {
      take();
      for (int i = 0; i < MAX_CSI; i++) {
        int b = next();
        if (b < 0x20 || b > 0x7e) {
          return;
        }
        take();
        if (b >= 0x40) {
          return; // the final byte
        }
      }
    } else if (c == 'O') {
      take();
      int b = next();
      if (b >= 0x40 && b <= 0x7e) {
        take();
      }
    }
  }

  /** The next character, read already or arriving within the gap of one sequence; -1 for none. */
  private int next() {
    if (opBuffer.length() == 0) {
      int c = peekCharacter(SEQUENCE_GAP_MILLIS);
      if (c < 0) {
        return -1;
      }
      opBuffer.appendCodePoint(readCharacter());
    }
    return opBuffer.charAt(0);
  }

  /** Drops the character {@link #next} gave. */
  private void take() {
    opBuffer.deleteCharAt(0);
  }
}
