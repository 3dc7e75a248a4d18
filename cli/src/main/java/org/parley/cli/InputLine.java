package org.parley.cli;

/**
 * The line being typed in the interactive chat, with its cursor: insert, delete either side, move,
 * clear. Positions count chars and never split a surrogate pair. Not thread-safe.
 */
final class InputLine {
  private final StringBuilder text = new StringBuilder();
  private int cursor;

  String text() {
    return text.toString();
  }

  /** The text before the cursor. */
  String beforeCursor() {
    return text.substring(0, cursor);
  }

  boolean isEmpty() {
    return text.length() == 0;
  }

  void insert(String s) {
    text.insert(cursor, s);
    cursor += s.length();
  }

  /** Deletes the code point before the cursor; false when there is none. */
  boolean backspace() {
    if (cursor == 0) {
      return false;
    }
    int from = text.offsetByCodePoints(cursor, -1);
    text.delete(from, cursor);
    cursor = from;
    return true;
  }

  /** Deletes the code point under the cursor. */
  void delete() {
    if (cursor < text.length()) {
      text.delete(cursor, text.offsetByCodePoints(cursor, 1));
    }
  }

  void left() {
    if (cursor > 0) {
      cursor = text.offsetByCodePoints(cursor, -1);
    }
  }

  void right() {
    if (cursor < text.length()) {
      cursor = text.offsetByCodePoints(cursor, 1);
    }
  }

  void home() {
    cursor = 0;
  }

  void end() {
    cursor = text.length();
  }

  /** Replaces the line with {@code s}, the cursor at its end (a line from the history). */
  void replace(String s) {
    text.setLength(0);
    text.append(s);
    cursor = text.length();
  }

  /** Empties the line and returns what it held. */
  String take() {
    String s = text.toString();
    text.setLength(0);
    cursor = 0;
    return s;
  }
}
