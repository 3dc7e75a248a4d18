package org.parley.im.imdn;

import java.util.Locale;
import java.util.Optional;

/**
 * A {@code notify-req} of the Disposition-Notification header (RFC 5438): which notifications the
 * sender of a message asks for.
 */
public enum DispositionRequest {
  /** A delivery notification when the message is delivered ({@code delivered}). */
  POSITIVE_DELIVERY("positive-delivery"),
  /** A delivery notification when delivery fails ({@code failed}). */
  NEGATIVE_DELIVERY("negative-delivery"),
  /** A processing notification from an intermediary ({@code processed}, {@code stored}). */
  PROCESSING("processing"),
  /** A display notification when the recipient's user has seen the message. */
  DISPLAY("display");

  private final String token;

  DispositionRequest(String token) {
    this.token = token;
  }

  /** The token as the header writes it. */
  public String token() {
    return token;
  }

  /** The request named {@code token} (without case), if it is one RFC 5438 defines. */
  public static Optional<DispositionRequest> of(String token) {
    String t = token.toLowerCase(Locale.ROOT);
    for (DispositionRequest r : values()) {
      if (r.token.equals(t)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
