package org.parley.sip;

import java.nio.charset.StandardCharsets;
import java.util.List;
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

  /**
   * Where requests outside this session reach the peer's device (the dialog's remote target, its
   * Contact), e.g. to push a file to it; {@link #peer()} when it is not known.
   */
  default String remoteTarget() {
    return peer();
  }

  /** The Call-ID of the INVITE dialog. */
  String callId();

  /**
   * Sends a message. Completes when the peer took it (MSRP: every chunk answered 200 by the peer;
   * through relays, which answer each chunk themselves, the peer's success report too, or 35 s per
   * relay without one; 2001 mode: the MESSAGE answered 2xx), so that a BYE sent then cannot
   * overtake it; fails with {@link SipFailure} (a failure report among them) or the MSRP layer's
   * exception.
   */
  CompletableFuture<Void> send(String contentType, byte[] body);

  /** Sends text as {@code text/plain;charset=UTF-8}. */
  default CompletableFuture<Void> send(String text) {
    return send("text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Ends the session: sends BYE once every message sent before has its outcome (so that the BYE
   * overtakes none of them; at most 40 s, after which one still without its outcome fails), and
   * closes the MSRP session once the BYE is answered. Completes with the end (which {@link
   * #ended()} also gives).
   */
  CompletableFuture<SessionEnd> bye();

  /** Completes when the session ends, for whatever reason. */
  CompletableFuture<SessionEnd> ended();

  /** The MSRP session, for {@link ChatMode#MSRP} (to stream files, say); empty otherwise. */
  Optional<MsrpSession> msrp();

  /**
   * The types both ends accept, as negotiated (SDP {@code a=accept-types}, RFC 4975 §8.6; {@code *}
   * and {@code type/*} stay wildcards); empty for the 2001 form, which does not say.
   */
  default List<String> acceptTypes() {
    return List.of();
  }

  /**
   * The types both ends accept inside a wrapper such as {@code message/cpim} ({@code
   * a=accept-wrapped-types}); empty when either end did not say.
   */
  default List<String> acceptWrappedTypes() {
    return List.of();
  }
}
