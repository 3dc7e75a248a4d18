package org.parley.cli;

import picocli.CommandLine.Option;

/**
 * {@code --window} of the commands that send MSRP messages ({@code msrp send}, {@code send-file},
 * {@code chat}): how many chunks may be out without an answer. A picocli mixin.
 */
final class WindowOptions {
  @Option(
      names = "--window",
      defaultValue = "0",
      paramLabel = "CHUNKS",
      description =
          "Chunks sent and not yet answered at most. 0 (the default): a message goes to a direct"
              + " peer as one chunk, cut short when another message is waiting, and through a"
              + " relay in pipelined chunks. 1 or more: chunks on every path, and a wait for"
              + " answers when that many are out (for peers that cannot take pipelined chunks,"
              + " such as msrp-java).")
  int window;

  /**
   * The window, checked.
   *
   * @throws IllegalArgumentException when negative
   */
  int checked() {
    if (window < 0) {
      throw new IllegalArgumentException("--window is 0 (no bound) or more: " + window);
    }
    return window;
  }
}
