package org.parley.sip;

import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.ReasonHeader;
import javax.sip.message.Request;
import org.parley.msrp.session.MsrpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session: the INVITE dialog and its {@link Media}. Its state changes on the agent's thread only;
 * {@link #send} may be called from any thread.
 *
 * <pre>
 * SETTING_UP ──ACK sent / received──► ESTABLISHED ──bye() or media lost──► ENDING ──BYE answered──► ENDED
 *      │                                   └────────────── BYE received ──────────────────────────►  ▲
 *      └──────────────────── failure before the session was up ──────────────────────────────────────┘
 * </pre>
 *
 * <p>The media are closed only once the BYE is answered, so the peer hears the BYE before its MSRP
 * connection closes and ends with {@code REMOTE_BYE} rather than a media failure.
 */
final class Chat implements ChatSession {
  private static final Logger LOG = LoggerFactory.getLogger(Chat.class);

  private enum State {
    SETTING_UP,
    ESTABLISHED,
    ENDING,
    ENDED
  }

  private final SipAgent agent;
  private final String callId;
  private final String peer;
  private final ChatListener listener;
  private final Media media;
  private final CompletableFuture<SessionEnd> ended = new CompletableFuture<>();
  private volatile Dialog dialog;
  private State state = State.SETTING_UP;

  Chat(SipAgent agent, String callId, String peer, ChatListener listener, Media media) {
    this.agent = agent;
    this.callId = callId;
    this.peer = peer;
    this.listener = listener;
    this.media = media;
  }

  void dialog(Dialog dialog) {
    this.dialog = dialog;
  }

  Dialog dialog() {
    return dialog;
  }

  /** The ACK went or came: the session is up. */
  void established() {
    if (state == State.SETTING_UP) {
      state = State.ESTABLISHED;
    }
  }

  @Override
  public ChatMode mode() {
    return media.mode();
  }

  @Override
  public String peer() {
    return peer;
  }

  @Override
  public String callId() {
    return callId;
  }

  @Override
  public CompletableFuture<Void> send(String contentType, byte[] body) {
    return media.send(contentType, body);
  }

  @Override
  public CompletableFuture<SessionEnd> bye() {
    agent.loop().execute(() -> end(SessionEnd.Reason.LOCAL_BYE, null));
    return ended;
  }

  @Override
  public CompletableFuture<SessionEnd> ended() {
    return ended;
  }

  @Override
  public Optional<MsrpSession> msrp() {
    return media.msrp();
  }

  /**
   * Ends the session from this side: a BYE (with a Reason header naming {@code why} when given),
   * then the media once it is answered. On the agent's thread.
   */
  void end(SessionEnd.Reason reason, String why) {
    if (state == State.ENDING || state == State.ENDED) {
      return;
    }
    Dialog d = dialog;
    if (d == null) {
      finish(new SessionEnd(reason, why));
      return;
    }
    state = State.ENDING;
    try {
      Request bye = d.createRequest(Request.BYE);
      if (why != null) {
        bye.addHeader(agent.sip().headers.createReasonHeader("SIP", 500, why));
      }
      agent
          .transactions()
          .send(bye, d, () -> 0, null)
          .result
          .whenCompleteAsync(
              (r, e) ->
                  finish(
                      new SessionEnd(
                          reason,
                          why != null ? why : e == null ? null : "BYE failed: " + e.getMessage())),
              agent.loop());
    } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
      LOG.debug("BYE not sent for {}: {}", callId, e.toString());
      finish(new SessionEnd(reason, why != null ? why : "BYE not sent: " + e.getMessage()));
    }
  }

  /** The peer sent BYE (already answered 200). On the agent's thread. */
  void remoteBye(Request bye) {
    ReasonHeader r = (ReasonHeader) bye.getHeader(ReasonHeader.NAME);
    String detail = r == null ? null : r.getText() != null ? r.getText() : r.toString().trim();
    finish(new SessionEnd(SessionEnd.Reason.REMOTE_BYE, detail));
  }

  /** The dialog died under the session (no ACK, transport failure). On the agent's thread. */
  void dialogFailed(String why) {
    if (state == State.ENDING) {
      return; // our BYE ended the dialog; its answer finishes the session
    }
    finish(new SessionEnd(SessionEnd.Reason.DIALOG_FAILED, why));
  }

  /** The media stream failed: BYE with a reason. From any thread. */
  void mediaLost(String why) {
    agent
        .loop()
        .execute(
            () -> {
              if (state == State.ESTABLISHED) {
                end(SessionEnd.Reason.MEDIA_FAILED, why);
              }
            });
  }

  /** Ends without a BYE (the agent is closing, or the set-up failed). On the agent's thread. */
  void finish(SessionEnd end) {
    if (state == State.ENDED) {
      return;
    }
    state = State.ENDED;
    media.close();
    agent.forget(this);
    ended.complete(end);
    try {
      listener.ended(this, end);
    } catch (RuntimeException e) {
      LOG.warn("ChatListener.ended threw", e);
    }
  }

  /**
   * Drops a session that never came up (its INVITE failed or was cancelled): media closed, no
   * listener call, since the failure goes to whoever set it up. On the agent's thread.
   */
  void discard(String why) {
    if (state == State.ENDED) {
      return;
    }
    state = State.ENDED;
    media.close();
    agent.forget(this);
    ended.complete(new SessionEnd(SessionEnd.Reason.DIALOG_FAILED, why));
  }

  boolean isEnded() {
    return state == State.ENDED;
  }

  /** A whole message arrived. From any thread. */
  void deliver(ChatMessage message) {
    agent
        .loop()
        .execute(
            () -> {
              if (state != State.ENDED) {
                try {
                  listener.message(this, message);
                } catch (RuntimeException e) {
                  LOG.warn("ChatListener.message threw", e);
                }
              }
            });
  }

  /** A message began to arrive. From any thread. */
  void started(String contentType, long size) {
    agent
        .loop()
        .execute(
            () -> {
              if (state != State.ENDED) {
                try {
                  listener.started(this, contentType, size);
                } catch (RuntimeException e) {
                  LOG.warn("ChatListener.started threw", e);
                }
              }
            });
  }

  @Override
  public String toString() {
    return "ChatSession[" + media.mode() + " with " + peer + ", Call-ID " + callId + "]";
  }
}
