package org.parley.im.imdn;

import java.util.Optional;

/**
 * The status an IMDN reports (RFC 5438), each allowed in some kinds of notification:
 *
 * <table>
 *   <caption>Statuses per notification</caption>
 *   <tr><th>notification</th><th>statuses</th></tr>
 *   <tr><td>delivery</td><td>delivered, failed, forbidden, error</td></tr>
 *   <tr><td>display</td><td>displayed, forbidden, error</td></tr>
 *   <tr><td>processing</td><td>processed, stored, forbidden, error</td></tr>
 * </table>
 */
public enum ImdnStatus {
  /** Delivered to the recipient. */
  DELIVERED("delivered"),
  /** Delivery failed. */
  FAILED("failed"),
  /** Shown to the recipient's user. */
  DISPLAYED("displayed"),
  /** Processed by an intermediary. */
  PROCESSED("processed"),
  /** Stored by an intermediary for later delivery. */
  STORED("stored"),
  /** Policy forbids sending this notification. */
  FORBIDDEN("forbidden"),
  /** The notification could not be generated (an error at the recipient). */
  ERROR("error");

  private final String element;

  ImdnStatus(String element) {
    this.element = element;
  }

  /** The element's local name. */
  public String element() {
    return element;
  }

  /** Whether this status may appear in a notification of {@code type}. */
  public boolean allowedIn(NotificationType type) {
    switch (this) {
      case FORBIDDEN:
      case ERROR:
        return true;
      case DELIVERED:
      case FAILED:
        return type == NotificationType.DELIVERY;
      case DISPLAYED:
        return type == NotificationType.DISPLAY;
      default:
        return type == NotificationType.PROCESSING;
    }
  }

  static Optional<ImdnStatus> ofElement(String localName) {
    for (ImdnStatus s : values()) {
      if (s.element.equals(localName)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
