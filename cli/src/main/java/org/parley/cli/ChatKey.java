package org.parley.cli;

import org.jline.keymap.KeyMap;

/**
 * What a key does in the interactive chat, and the keys bound to each: printable characters insert,
 * Enter sends, the usual editing keys (arrows, Home/End, Delete, Backspace, and their Emacs
 * controls), Up and Down (Ctrl-P, Ctrl-N) walk the lines sent before, PgUp and PgDn scroll the
 * conversation, F1 shows the help, Ctrl-U clears, Ctrl-D on an empty line and Ctrl-C quit, Ctrl-L
 * redraws. Both the normal and the application (keypad) cursor sequences are bound; any other
 * sequence is read to its end and dropped ({@link ChatKeyReader}).
 */
enum ChatKey {
  INSERT,
  ENTER,
  BACKSPACE,
  DELETE,
  LEFT,
  RIGHT,
  HOME,
  END,
  CLEAR,
  EOF,
  INTERRUPT,
  REDRAW,
  HISTORY_PREVIOUS,
  HISTORY_NEXT,
  PAGE_UP,
  PAGE_DOWN,
  HELP,
  IGNORE;

  /** The bindings; anything else (an unknown escape sequence) is {@link #IGNORE}. */
  static KeyMap<ChatKey> keyMap() {
    KeyMap<ChatKey> m = new KeyMap<>();
    m.setUnicode(INSERT);
    m.setNomatch(IGNORE);
    m.bind(INSERT, KeyMap.range(" -~"));
    m.bind(ENTER, "\r", "\n");
    m.bind(BACKSPACE, KeyMap.del(), KeyMap.ctrl('H'));
    m.bind(DELETE, "\033[3~");
    m.bind(LEFT, "\033[D", "\033OD", KeyMap.ctrl('B'));
    m.bind(RIGHT, "\033[C", "\033OC", KeyMap.ctrl('F'));
    m.bind(HOME, "\033[H", "\033OH", "\033[1~", KeyMap.ctrl('A'));
    m.bind(END, "\033[F", "\033OF", "\033[4~", KeyMap.ctrl('E'));
    m.bind(CLEAR, KeyMap.ctrl('U'));
    m.bind(EOF, KeyMap.ctrl('D'));
    m.bind(INTERRUPT, KeyMap.ctrl('C'));
    m.bind(REDRAW, KeyMap.ctrl('L'));
    m.bind(HISTORY_PREVIOUS, "\033[A", "\033OA", KeyMap.ctrl('P'));
    m.bind(HISTORY_NEXT, "\033[B", "\033OB", KeyMap.ctrl('N'));
    m.bind(PAGE_UP, "\033[5~");
    m.bind(PAGE_DOWN, "\033[6~");
    m.bind(HELP, "\033OP", "\033[11~", "\033[[A");
    return m;
  }
}
