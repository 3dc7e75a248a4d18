package org.parley.sip;

/**
 * What an agent tells the application about requests from outside any session. Called on the
 * agent's thread, one call at a time: do not block (accept or decline an invitation later if the
 * decision takes time).
 */
public interface SipListener {
  /** A pager-mode MESSAGE arrived (it has been answered 200 already). */
  default void message(PagerMessage message) {}

  /**
   * An INVITE offering a message session arrived (it has been answered 180 Ringing). Accept or
   * decline it; without a decision it is answered 480 after the agent's ring time-out. Offers
   * without any acceptable message stream never get here: they are answered 488.
   */
  default void invitation(Invitation invitation) {
    invitation.decline(480);
  }

  /**
   * An INVITE pushing a file (RFC 5547: {@code a=sendonly} with {@code a=file-selector}) arrived
   * (it has been answered 180 Ringing). Accept it into a directory or refuse it; the default
   * refuses.
   */
  default void fileOffer(FileOffer offer) {
    offer.refuse();
  }

  /**
   * An INVITE asking for a file (RFC 5547 pull: {@code a=recvonly} with {@code a=file-selector})
   * arrived (it has been answered 180 Ringing). Find the file the selector names and serve it, or
   * refuse; the default refuses.
   */
  default void filePull(FilePullRequest request) {
    request.refuse();
  }

  /**
   * The agent refused an INVITE (outside a dialog) or a MESSAGE itself, before the application
   * heard of it: 403 (not allowed by the {@link Admission}), 488 (an offer without a usable message
   * stream, or no SDP), 503 (too many INVITEs being set up). Digest challenges (401) are not
   * reported: they are part of authenticating. Nothing else happens; the default does nothing.
   */
  default void refused(SetupFailure refusal) {}
}
