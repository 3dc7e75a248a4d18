package org.parley.sip;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.parley.msrp.session.MsrpSession;

/**
 * A message session set up by INVITE: the SIP dialog and its message stream, MSRP or the 2001
 * MESSAGE form. An application sends and receives the same way whichever was negotiated.
 */
public interface ChatSession {
  /** How this session's messages travel. */
  ChatMode mode();

  /** The peer's address (the remote URI of the dialog). */
  String peer();

  /** The Call-ID of the INVITE dialog. */
  String callId();

  /**
   * Sends a message. Completes when the peer took it (MSRP: every chunk answered 200; 2001 mode:
   * the MESSAGE answered 2xx); fails with {@link SipFailure} or the MSRP layer's exception.
   */
  CompletableFuture<Void> send(String contentType, byte[] body);

  /** Sends text as {@code text/plain;charset=UTF-8}. */
  default CompletableFuture<Void> send(String text) {
    return send("text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Ends the session: sends BYE, and closes the MSRP session once the BYE is answered. Completes
   * with the end (which {@link #ended()} also gives).
   */
  CompletableFuture<SessionEnd> bye();

  /** Completes when the session ends, for whatever reason. */
  CompletableFuture<SessionEnd> ended();

  /** The MSRP session, for {@link ChatMode#MSRP} (to stream files, say); empty otherwise. */
  Optional<MsrpSession> msrp();
}
