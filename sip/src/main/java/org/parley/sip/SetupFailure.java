package org.parley.sip;

/**
 * A session that never got going: an INVITE the agent refused itself ({@link SipListener#refused}),
 * or one an application took that failed before a message crossed it ({@link Reception}). A
 * listener reports it and goes on waiting.
 *
 * @param from the caller's address (From URI)
 * @param callId the INVITE's Call-ID
 * @param status the final response this end sent (403, 488, 503, …), or 0 when the INVITE was
 *     answered 2xx (or not at all) and the set-up failed afterwards
 * @param reason what went wrong, in words
 */
public record SetupFailure(String from, String callId, int status, String reason) {}
