package org.parley.cli;

import java.time.Duration;
import org.parley.sip.ChatSession;
import org.parley.sip.FileOffer;
import org.parley.sip.Invitation;
import org.parley.sip.PagerMessage;
import org.parley.sip.SetupFailure;
import org.parley.sip.im.ImListener;
import org.parley.sip.im.ImSession;

/**
 * What {@code parley chat} shows and reads, whichever the face: lines on stdin/stdout ({@link
 * LineChat}) or the interactive terminal ({@link TerminalChat}). {@link ChatRun} calls it from the
 * agent's thread, the IM thread and the main thread: implementations synchronize their output.
 */
interface ChatFrontEnd extends ImListener {
  /** A notice: the JSON event in JSON mode, else {@code text} (nothing when null). */
  void info(Json event, String text);

  /** Shows an error and returns {@code code}. */
  default int error(int code, String message) {
    info(Json.event("error").put("error", message), "* error: " + message);
    return code;
  }

  /**
   * Nothing has answered the INVITE to {@code target} yet, {@code waited} after it first went;
   * {@code sent}: how many times it went (SIP over UDP sends it again).
   */
  default void noAnswerYet(String target, Duration waited, int sent) {
    long seconds = waited.toSeconds();
    info(
        Json.event("no_answer_yet").put("target", target).put("seconds", seconds).put("sent", sent),
        "* no answer yet from "
            + target
            + " after "
            + seconds
            + " s"
            + (sent > 1 ? " (INVITE sent " + sent + " times)" : "")
            + "; still trying, Ctrl-C gives up");
  }

  /** Someone invites this end; it is being accepted. */
  default void invited(Invitation invitation, String mode) {
    info(
        Json.event("invited").put("from", invitation.from()).put("mode", mode),
        "* " + invitation.from() + " invites you (" + mode + ")");
  }

  /** An invitation was declined 486: this end is in a session already. */
  default void busy(Invitation invitation) {
    info(
        Json.event("busy").put("from", invitation.from()),
        "* declined " + invitation.from() + ": in a session already");
  }

  /** A set-up never got going; the listener waits on. */
  default void setupFailed(SetupFailure f) {
    info(AccessOptions.setupFailed(f), AccessOptions.setupFailedLine(f));
  }

  /** The agent refused an INVITE or MESSAGE itself (403, 488, 503). */
  default void refused(SetupFailure f) {
    info(AccessOptions.refused(f), AccessOptions.refusedLine(f));
  }

  /** The session is up. */
  default void connected(ImSession im, String mode) {
    ChatSession s = im.session();
    info(
        Json.event("session").put("peer", s.peer()).put("mode", mode).put("cpim", im.cpim()),
        "* in a session with " + s.peer() + " (" + mode + ")");
  }

  /** A pager-mode MESSAGE arrived. */
  default void pagerMessage(PagerMessage m) {
    info(
        Json.event("message")
            .put("from", m.from())
            .put("content_type", m.contentType())
            .put("text", m.text()),
        m.from() + "> " + m.text());
  }

  /** A file is offered (RFC 5547 push); this face refuses it unless it can ask. */
  default void fileOffer(FileOffer offer) {
    info(
        Json.event("file_refused").put("from", offer.from()).put("name", offer.name()),
        "* refused the file " + offer.name() + " from " + offer.from());
    offer.refuse();
  }

  /**
   * The chat is starting (before any invitation): a face that can quit from then on (Ctrl-C on a
   * terminal) keeps {@code run} to call {@link ChatRun#quit}, which also cancels a pending INVITE.
   */
  default void starting(ChatRun run) {}

  /**
   * Pager mode: sends what is typed or read as MESSAGEs until the input ends or the user quits;
   * returns the exit code.
   */
  int pager(ChatRun run) throws Exception;

  /** The session's input loop: returns the exit code once the session or the input ended. */
  int run(ChatRun run) throws Exception;
}
