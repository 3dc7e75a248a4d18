package org.parley.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines typed in the interactive chat, for Up and Down as in a shell: Up shows the line before,
 * Down the one after, and Down past the newest gives back what was being typed before Up was first
 * pressed. At most {@value #MAX} lines, the oldest forgotten; a line equal to the one before it is
 * kept once. Not thread-safe.
 */
final class InputHistory {
  static final int MAX = 500;

  private final List<String> lines = new ArrayList<>();

  /** The line shown: {@code lines.size()} while none (the draft) is. */
  private int at;

  private String draft = "";

  /** A line was sent: it becomes the newest, and the walk starts again from the draft. */
  void add(String line) {
    if (!line.isBlank() && (lines.isEmpty() || !lines.get(lines.size() - 1).equals(line))) {
      lines.add(line);
      if (lines.size() > MAX) {
        lines.remove(0);
      }
    }
    at = lines.size();
    draft = "";
  }

  /** The line before the one shown, or null at the oldest; {@code typed} is what is shown now. */
  String previous(String typed) {
    if (at == 0) {
      return null;
    }
    if (at == lines.size()) {
      draft = typed;
    }
    at--;
    return lines.get(at);
  }

  /** The line after the one shown, the draft after the newest, or null when the draft is shown. */
  String next() {
    if (at >= lines.size()) {
      return null;
    }
    at++;
    return at == lines.size() ? draft : lines.get(at);
  }
}
