package org.parley.sip.im;

import org.parley.im.imdn.ImdnStatus;
import org.parley.im.iscomposing.ComposingState;
import org.parley.sip.SessionEnd;

/**
 * What an {@link ImSession} tells the application. Called on the session's IM thread, one call at a
 * time and in order: do not block.
 */
public interface ImListener {
  /** A message arrived (CPIM unwrapped); its delivery notification, if asked, is on its way. */
  void message(ImSession session, ReceivedIm message);

  /**
   * A notification about a message this end sent arrived (RFC 5438): {@code DELIVERED}, {@code
   * DISPLAYED}, {@code FAILED}, {@code FORBIDDEN}, {@code ERROR}, … Each status is reported once
   * per message and recipient.
   *
   * @param messageId the {@link SentIm#messageId()} of the message
   */
  default void notification(ImSession session, String messageId, ImdnStatus status) {}

  /**
   * The peer's composing state changed (RFC 3994): {@code ACTIVE} on its status, {@code IDLE} on
   * its status, on its next message, or when its refresh did not come in time.
   */
  default void composing(ImSession session, ComposingState state) {}

  /** The session ended; nothing more comes. */
  default void ended(ImSession session, SessionEnd end) {}
}
