package org.parley.sip;

/**
 * How a session ended.
 *
 * @param reason who or what ended it
 * @param detail the peer's Reason header, an error, or a short description
 */
public record SessionEnd(Reason reason, String detail) {
  /** Who or what ended a session. */
  public enum Reason {
    /** This end sent BYE. */
    LOCAL_BYE,
    /** The peer sent BYE. */
    REMOTE_BYE,
    /** The MSRP connection failed or was lost; this end sent BYE with a Reason header. */
    MEDIA_FAILED,
    /** The dialog failed: no ACK, or a BYE that could not be delivered. */
    DIALOG_FAILED,
    /** The agent was closed. */
    AGENT_CLOSED
  }
}
