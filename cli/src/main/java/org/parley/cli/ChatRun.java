package org.parley.cli;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.parley.im.ComposingState;
import org.parley.im.ImdnStatus;
import org.parley.sip.ChatMode;
import org.parley.sip.ChatSession;
import org.parley.sip.FileOffer;
import org.parley.sip.Invitation;
import org.parley.sip.InviteOptions;
import org.parley.sip.PagerMessage;
import org.parley.sip.SessionEnd;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipFailure;
import org.parley.sip.SipListener;
import org.parley.sip.im.ImListener;
import org.parley.sip.im.ImSession;
import org.parley.sip.im.ReceivedIm;
import org.parley.sip.im.SentIm;

/**
 * One {@code parley chat}: starts the agent, sets the session up (invites the target, or takes one
 * invitation), runs it through an {@link ImSession} and hands what happens to the {@link
 * ChatFrontEnd}. Done when the session ends or the front end quits.
 */
final class ChatRun {
  private final ChatCommand options;
  private final ChatFrontEnd ui;
  private final CompletableFuture<Integer> done = new CompletableFuture<>();
  private final AtomicReference<ImSession> im = new AtomicReference<>();
  private final AtomicReference<String> lastSender;
  private final AtomicBoolean taken = new AtomicBoolean();
  private SipAgent agent;
  private volatile CompletableFuture<ChatSession> inviting;

  ChatRun(ChatCommand options, ChatFrontEnd ui) {
    this.options = options;
    this.ui = ui;
    this.lastSender = new AtomicReference<>(options.target);
  }

  /** Runs the chat; returns the exit code. */
  int run(SipConfig config) throws Exception {
    try {
      agent = SipAgent.start(config, new AgentEvents());
    } catch (SipFailure e) {
      return ui.error(Parley.FAILED, Problem.words(e));
    }
    ui.starting(this);
    try (SipAgent a = agent) {
      ui.info(
          Json.event("listening").put("uri", a.uri()).put("address", a.address()),
          "* listening at " + a.uri() + " as " + a.address());
      if (options.register) {
        try {
          a.registered().get();
          ui.info(Json.event("registered").put("address", a.address()), "* registered");
        } catch (ExecutionException e) {
          return ui.error(Parley.FAILED, "registration: " + Problem.words(e));
        }
      }
      if (options.pager) {
        return ui.pager(this);
      }
      if (options.target != null) {
        ui.info(
            Json.event("inviting").put("target", options.target),
            "* inviting " + options.target + "…");
        ImSession s = newIm();
        CompletableFuture<ChatSession> invite =
            a.invite(
                options.target,
                InviteOptions.builder()
                    .mode(options.mode.equals("sip-message") ? ChatMode.SIP_MESSAGE : ChatMode.MSRP)
                    .build(),
                s.chatListener());
        inviting = invite;
        if (done.isDone()) {
          invite.cancel(true); // quit before the INVITE was sent: see quit
        }
        try {
          connected(s.attach(invite.get()));
        } catch (CancellationException e) {
          s.close();
          ui.info(Json.event("cancelled"), "* invitation cancelled");
          return done.getNow(Parley.OK);
        } catch (ExecutionException e) {
          s.close();
          return ui.error(Parley.FAILED, "invite: " + Problem.words(e));
        }
      }
      return ui.run(this);
    }
  }

  SipAgent agent() {
    return agent;
  }

  /** The session's IM layer, or null before the session is up. */
  ImSession im() {
    return im.get();
  }

  /** Where pager-mode lines go: the target, else the last sender; null when nobody yet. */
  String pagerPeer() {
    return lastSender.get();
  }

  /** Completes with the exit code when the session ended. */
  CompletableFuture<Integer> done() {
    return done;
  }

  /** Sends text in the session; null when there is none yet. */
  SentIm send(String text) {
    ImSession s = im.get();
    return s == null ? null : s.send(text);
  }

  /**
   * Ends the session with BYE, the run ending once the front end heard of it; without a session,
   * ends the run with {@code code}, cancelling the INVITE if one is ringing.
   */
  void quit(int code) {
    ImSession s = im.get();
    if (s == null) {
      // No session yet: an INVITE still ringing is cancelled (CANCEL). Done is completed first,
      // so either this sees the inviter's future, or the inviter, having set it, sees done
      // completed and cancels it itself.
      done.complete(code);
      CompletableFuture<ChatSession> invite = inviting;
      if (invite != null) {
        invite.cancel(true);
      }
      return;
    }
    s.bye()
        .whenComplete(
            (end, e) -> {
              if (e != null) {
                done.complete(ui.error(Parley.FAILED, "BYE: " + Problem.words(e)));
              }
            });
  }

  static String mode(ChatMode m) {
    return m == ChatMode.MSRP ? "msrp" : "sip-message";
  }

  static Throwable cause(Throwable e) {
    return e instanceof ExecutionException || e instanceof CompletionException
        ? (e.getCause() != null ? e.getCause() : e)
        : e;
  }

  private ImSession newIm() {
    return ImSession.builder(agent.address(), new SessionEvents()).build();
  }

  private void connected(ImSession s) {
    im.set(s);
    ui.connected(s, mode(s.session().mode()));
  }

  /** The agent's events: pager messages, the one invitation taken, file offers. */
  private final class AgentEvents implements SipListener {
    @Override
    public void message(PagerMessage m) {
      lastSender.set(m.from());
      ui.pagerMessage(m);
    }

    @Override
    public void invitation(Invitation i) {
      if (options.pager || options.target != null || !taken.compareAndSet(false, true)) {
        i.decline(486);
        return;
      }
      ui.invited(i, mode(i.mode()));
      ImSession s = newIm();
      i.accept(s.chatListener())
          .whenComplete(
              (cs, e) -> {
                if (e != null) {
                  s.close();
                  done.complete(ui.error(Parley.FAILED, Problem.words(e)));
                } else {
                  connected(s.attach(cs));
                }
              });
    }

    @Override
    public void fileOffer(FileOffer offer) {
      ui.fileOffer(offer);
    }
  }

  /** The session's IM events, to the front end; the end of the session ends the run. */
  private final class SessionEvents implements ImListener {
    @Override
    public void message(ImSession s, ReceivedIm m) {
      ui.message(s, m);
    }

    @Override
    public void notification(ImSession s, String messageId, ImdnStatus status) {
      ui.notification(s, messageId, status);
    }

    @Override
    public void composing(ImSession s, ComposingState state) {
      ui.composing(s, state);
    }

    @Override
    public void ended(ImSession s, SessionEnd end) {
      ui.ended(s, end);
      done.complete(end.reason() == SessionEnd.Reason.MEDIA_FAILED ? Parley.FAILED : Parley.OK);
    }
  }
}
