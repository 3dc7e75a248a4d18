package org.parley.im.imdn;

import java.util.Optional;

/** The kind of an IMDN document (RFC 5438): the element that holds its status. */
public enum NotificationType {
  /** {@code <delivery-notification>}: the message reached (or did not reach) the recipient. */
  DELIVERY("delivery-notification"),
  /** {@code <display-notification>}: the recipient's user saw the message. */
  DISPLAY("display-notification"),
  /** {@code <processing-notification>}: an intermediary processed or stored the message. */
  PROCESSING("processing-notification");

  private final String element;

  NotificationType(String element) {
    this.element = element;
  }

  /** The element's local name. */
  public String element() {
    return element;
  }

  static Optional<NotificationType> ofElement(String localName) {
    for (NotificationType t : values()) {
      if (t.element.equals(localName)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
