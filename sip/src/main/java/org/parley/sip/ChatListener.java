package org.parley.sip;

/**
 * What a session tells the application. Called on the agent's thread, one call at a time and in
 * order: do not block.
 */
public interface ChatListener {
  /** A whole message arrived. */
  void message(ChatSession session, ChatMessage message);

  /**
   * A message began to arrive (MSRP: its first chunk); {@code size} is the total announced, or -1.
   * The 2001 mode calls only {@link #message}.
   */
  default void started(ChatSession session, String contentType, long size) {}

  /** The session ended; nothing more comes. */
  default void ended(ChatSession session, SessionEnd end) {}
}
