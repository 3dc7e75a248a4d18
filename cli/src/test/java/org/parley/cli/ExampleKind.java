package org.parley.cli;

import java.util.Arrays;
import java.util.List;

/**
 * What a README command is, for running it: a daemon (started, awaited until it says it listens,
 * stopped later) or a command that runs to its end, and which daemon a command talks to.
 */
enum ExampleKind {
  RELAY(true),
  MSRP_LISTEN(true),
  RECEIVE_FILES(true),
  CHAT_LISTEN(true),
  CHAT(false),
  MSRP_SEND(false),
  SEND_FILE(false),
  PULL_FILE(false),
  LOAD(false),
  OTHER_PARLEY(false),
  SHELL(false);

  private final boolean daemon;

  ExampleKind(boolean daemon) {
    this.daemon = daemon;
  }

  /** Whether it runs until stopped, saying "listening" once ready. */
  boolean daemon() {
    return daemon;
  }

  /** The daemon this kind of command talks to, or null. */
  ExampleKind peer() {
    return switch (this) {
      case CHAT -> CHAT_LISTEN;
      case MSRP_SEND -> MSRP_LISTEN;
      case SEND_FILE, PULL_FILE -> RECEIVE_FILES;
      default -> null;
    };
  }

  /** The kind of a command line as written in the README. */
  static ExampleKind of(String line) {
    List<String> words = Arrays.asList(line.strip().split("\\s+"));
    if (!words.get(0).equals("./parley") || words.size() < 2) {
      return SHELL;
    }
    String second = words.size() > 2 ? words.get(2) : "";
    return switch (words.get(1)) {
      case "relay" -> second.isEmpty() || second.startsWith("-") ? RELAY : OTHER_PARLEY;
      case "msrp" ->
          switch (second) {
            case "listen" -> MSRP_LISTEN;
            case "send" -> MSRP_SEND;
            default -> OTHER_PARLEY;
          };
      case "receive-files" -> RECEIVE_FILES;
      case "chat" -> words.contains("--listen") ? CHAT_LISTEN : CHAT;
      case "send-file" -> SEND_FILE;
      case "pull-file" -> PULL_FILE;
      case "load" -> LOAD;
      default -> OTHER_PARLEY;
    };
  }
}
