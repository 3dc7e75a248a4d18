package org.parley.sdp;

import java.util.List;

/**
 * {@code a=chatroom} (RFC 7701 §5.1): the chat-room extensions an endpoint supports.
 *
 * <pre>
 * chatroom-attr = "chatroom" [":" chat-token *(SP chat-token)]
 * chat-token    = "nickname" / "private-messages" / token
 * </pre>
 */
public final class Chatroom {
  private final List<String> tokens;

  private Chatroom(List<String> tokens) {
    this.tokens = tokens;
  }

  /** A chatroom attribute with these tokens (none for the bare flag). */
  public static Chatroom of(List<String> tokens) {
    return parse(String.join(" ", tokens), 0);
  }

  static Chatroom parse(String v, int line) {
    List<String> words = SdpChars.words(v == null ? "" : v);
    for (String w : words) {
      if (!SdpChars.token(w)) {
        throw new SdpParseException(
            line, SdpRule.CHATROOM, "chat-token must be a token: " + SdpFields.quote(w));
      }
    }
    return new Chatroom(List.copyOf(words));
  }

  /** The tokens, in order. */
  public List<String> tokens() {
    return tokens;
  }

  /** {@code true} when nicknames are supported. */
  public boolean nickname() {
    return tokens.contains("nickname");
  }

  /** {@code true} when private messages are supported. */
  public boolean privateMessages() {
    return tokens.contains("private-messages");
  }

  /** The attribute value (empty for the bare flag). */
  @Override
  public String toString() {
    return String.join(" ", tokens);
  }
}
