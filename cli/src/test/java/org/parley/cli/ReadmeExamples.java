package org.parley.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a README's {@code ```sh} blocks, in order, as a person would paste them: a line
 * ending in {@code \} joined with the next, blank lines and comment lines (the README shows output
 * that way) left out. Other fenced blocks (screens, Java) are not commands.
 */
final class ReadmeExamples {
  private ReadmeExamples() {}

  /**
   * One command of the README.
   *
   * @param section the heading it is under
   * @param block which {@code sh} block it is in, from 1
   * @param line the command as written (continuations joined)
   */
  record Example(String section, int block, String line) {
    @Override
    public String toString() {
      return "block " + block + " (" + section + "): " + line;
    }
  }

  /** The commands of {@code readme}'s shell blocks. */
  static List<Example> read(Path readme) throws IOException {
    return parse(Files.readAllLines(readme));
  }

  static List<Example> parse(List<String> lines) {
    List<Example> examples = new ArrayList<>();
    String section = "";
    int block = 0;
    boolean inShell = false;
    boolean inOther = false;
    StringBuilder pending = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      if (inShell || inOther) {
        if (trimmed.equals("```")) {
          if (pending.length() > 0) {
            throw new IllegalArgumentException("a continued line ends its block: " + pending);
          }
          inShell = false;
          inOther = false;
        } else if (inShell) {
          boolean continued = trimmed.endsWith("\\");
          String part = continued ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
          if (pending.length() == 0 && (part.isEmpty() || part.startsWith("#"))) {
            continue;
          }
          if (pending.length() > 0) {
            pending.append(' ');
          }
          pending.append(part);
          if (!continued) {
            examples.add(new Example(section, block, pending.toString()));
            pending.setLength(0);
          }
        }
      } else if (trimmed.equals("```sh") || trimmed.equals("```bash")) {
        inShell = true;
        block++;
      } else if (trimmed.startsWith("```")) {
        inOther = true;
      } else if (line.startsWith("#")) {
        section = line.replaceFirst("^#+\\s*", "");
      }
    }
    return examples;
  }
}
