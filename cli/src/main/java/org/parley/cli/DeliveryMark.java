package org.parley.cli;

import org.jline.utils.AttributedStyle;
import org.parley.im.imdn.ImdnStatus;

/**
 * Where a message this end sent stands, as shown beside it in the interactive chat. A mark only
 * moves forward ({@link #after}): a late delivery notification does not undo a display one.
 */
@SuppressWarnings("ImmutableEnumChecker") // JLine's AttributedStyle is immutable
enum DeliveryMark {
  /** Handed to the session, not yet taken by the peer. */
  SENDING("…", AttributedStyle.DEFAULT.faint()),
  /** Taken by the peer (MSRP 200); no notification yet, or none will come (plain text). */
  SENT("·", AttributedStyle.DEFAULT.faint()),
  /** IMDN delivered. */
  DELIVERED("✓", AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)),
  /** IMDN displayed: the peer's user saw it. */
  DISPLAYED("✓✓", AttributedStyle.BOLD.foreground(AttributedStyle.GREEN)),
  /** Not sent, or a notification said it failed. */
  FAILED("✗", AttributedStyle.BOLD.foreground(AttributedStyle.RED));

  final String symbol;
  final AttributedStyle style;

  DeliveryMark(String symbol, AttributedStyle style) {
    this.symbol = symbol;
    this.style = style;
  }

  /** The mark once {@code next} happened: the later of the two, a failure always wins. */
  @SuppressWarnings("EnumOrdinal") // the marks are declared in the order they rise
  DeliveryMark after(DeliveryMark next) {
    if (this == FAILED || next == FAILED) {
      return FAILED;
    }
    return next.ordinal() > ordinal() ? next : this;
  }

  /** The mark a notification status gives, or null for one that changes nothing shown. */
  static DeliveryMark of(ImdnStatus status) {
    switch (status) {
      case DELIVERED:
        return DELIVERED;
      case DISPLAYED:
        return DISPLAYED;
      case FAILED:
      case FORBIDDEN:
      case ERROR:
        return FAILED;
      default:
        return null;
    }
  }
}
