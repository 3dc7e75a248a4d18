package org.parley.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The captured screens of {@code docs/chat.md}. Each capture is written to {@code
 * target/chat-screens/NAME.txt}; with {@code -Dparley.chat-doc=update} it also replaces the fenced
 * block that follows {@code <!-- screen: NAME -->} in the document, so the document is regenerated
 * by running the test that makes the captures.
 */
final class DocScreens {
  static final String UPDATE_PROPERTY = "parley.chat-doc";

  private DocScreens() {}

  /** {@code docs/chat.md} of the repository. */
  static Path document() {
    return FreshCheckout.repository().resolve("docs/chat.md");
  }

  /** Keeps {@code screen} (rows as the terminal shows them) as the capture {@code name}. */
  static void save(String name, String screen) throws IOException {
    String text = trimmed(screen);
    Path dir = Files.createDirectories(Path.of("target", "chat-screens"));
    Files.writeString(dir.resolve(name + ".txt"), text);
    if ("update".equals(System.getProperty(UPDATE_PROPERTY))) {
      Path doc = document();
      synchronized (DocScreens.class) {
        Files.writeString(doc, replace(Files.readString(doc), name, text));
      }
    }
  }

  /** The screen's rows without trailing blanks, trailing empty rows dropped. */
  static String trimmed(String screen) {
    List<String> rows = new ArrayList<>();
    for (String row : screen.split("\n", -1)) {
      rows.add(row.stripTrailing());
    }
    while (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
      rows.remove(rows.size() - 1);
    }
    return String.join("\n", rows) + "\n";
  }

  /** The marker that names a capture in the document. */
  static String marker(String name) {
    return "<!-- screen: " + name + " -->";
  }

  /** {@code doc} with the fenced block after {@code name}'s marker holding {@code text}. */
  static String replace(String doc, String name, String text) {
    int at = doc.indexOf(marker(name));
    if (at < 0) {
      throw new IllegalArgumentException("no " + marker(name) + " in the document");
    }
    int open = doc.indexOf("```", at);
    int body = doc.indexOf('\n', open) + 1;
    int close = doc.indexOf("\n```", body - 1);
    if (open < 0 || body <= 0 || close < 0) {
      throw new IllegalArgumentException("no fenced block after " + marker(name));
    }
    return doc.substring(0, body) + text + doc.substring(close + 1);
  }
}
