package org.parley.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.parley.im.imdn.ImdnStatus;
import org.parley.im.iscomposing.ComposingState;
import org.parley.sip.ChatMode;
import org.parley.sip.ChatSession;
import org.parley.sip.FileOffer;
import org.parley.sip.Invitation;
import org.parley.sip.InviteOptions;
import org.parley.sip.PagerMessage;
import org.parley.sip.Reception;
import org.parley.sip.SessionEnd;
import org.parley.sip.SetupFailure;
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
 *
 * <p>Listening, the invitations go to a {@link Reception} taking one session: set-ups run side by
 * side, each with an IM session of its own, and the first whose media come up is the chat's. A
 * set-up that never got going is reported and the chat waits on; only a session that ran ends it.
 * Every IM session and every report of the reception run on one thread ({@link #events}), so that
 * what the front end shows keeps their order: a session's last message, its end, then the report
 * that it never got going or the end of the run.
 */
final class ChatRun {
  private static final int MAX_HELD = 1024;
  private final ChatCommand options;
  private final ChatFrontEnd ui;
  private final CompletableFuture<Integer> done = new CompletableFuture<>();
  private final AtomicReference<ImSession> im = new AtomicReference<>();
  private final AtomicReference<String> lastSender;
  private final ScheduledExecutorService events =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "parley-chat-events");
            t.setDaemon(true);
            return t;
          });
  private final Reception reception;

  /**
   * Listening: what the IM sessions not (yet) the chat's told, held on the events thread until the
   * reception says which one is the chat's (then shown, in order) or that one lost (then dropped).
   * A message acknowledged on the chat's session before the reception settled is shown, not lost.
   */
  private final Map<ImSession, List<Runnable>> held = new HashMap<>();

  private volatile SessionEnd lastEnd;

  /** The exit code the user asked for by quitting (0 for /quit, 130 for Ctrl-C), or null. */
  private volatile Integer quitCode;

  private SipAgent agent;
  private volatile CompletableFuture<ChatSession> inviting;

  ChatRun(ChatCommand options, ChatFrontEnd ui) {
    this.options = options;
    this.ui = ui;
    this.lastSender = new AtomicReference<>(options.target);
    this.reception =
        options.target == null && !options.pager
            ? Reception.oneAtATime(f -> post(() -> setupFailed(f)))
            : null;
  }

  /** Runs {@code r} on the events thread, in order with the IM sessions' events. */
  private void post(Runnable r) {
    try {
      events.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the run is over
    }
  }

  /** A set-up never got going; when it was the chat's session, the chat has none again. */
  private void setupFailed(SetupFailure f) {
    ImSession current = im.get();
    if (current != null && current.session().callId().equals(f.callId())) {
      im.set(null);
      current.close();
    }
    held.keySet().removeIf(s -> s.session() != null && s.session().callId().equals(f.callId()));
    ui.setupFailed(f);
  }

  /** Runs the chat; returns the exit code. */
  int run(SipConfig config) throws Exception {
    try {
      return runAgent(config);
    } finally {
      events.shutdown();
    }
  }

  private int runAgent(SipConfig config) throws Exception {
    try {
      agent = SipAgent.start(config, new AgentEvents());
    } catch (SipFailure e) {
      return ui.error(Parley.FAILED, Problem.words(e));
    }
    ui.starting(this);
    if (reception != null) {
      // The end of the run waits behind what the events thread has to show first.
      reception.done().thenRun(() -> post(() -> done.complete(exitCode(lastEnd))));
    }
    try (SipAgent a = agent) {
      Json listening = Json.event("listening").put("uri", a.uri()).put("address", a.address());
      String ws =
          WebSocketOptions.url(a, config.webSocket() != null && config.webSocket().secure());
      if (ws != null) {
        listening.put("websocket", ws);
      }
      ws = ws == null ? "" : " (browsers: " + ws + ")";
      ui.info(
          AccessOptions.listening(listening, config.admission()),
          "* listening at "
              + a.uri()
              + ws
              + " as "
              + a.address()
              + "; "
              + AccessOptions.describe(config.admission()));
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
                    .progress((waited, sent) -> ui.noAnswerYet(options.target, waited, sent))
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
          return ui.error(Parley.FAILED, inviteFailed(options.target, e.getCause()));
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

  /**
   * Where pager-mode lines go: the last sender (where its message came from), else the target; null
   * when nobody yet.
   */
  String pagerPeer() {
    return lastSender.get();
  }

  /** Pager mode: MESSAGEs without a session. */
  boolean pager() {
    return options.pager;
  }

  /** Completes with the exit code when the session ended. */
  CompletableFuture<Integer> done() {
    return done;
  }

  /** Sends text in the session; null when there is none yet. */
  SentIm send(String text) {
    return send(ImSession.newMessageId(), text);
  }

  /** {@link #send(String)} under the Message-ID {@code id} ({@link ImSession#newMessageId}). */
  SentIm send(String id, String text) {
    ImSession s = im.get();
    return s == null ? null : s.send(id, text);
  }

  /**
   * Ends the session with BYE, the run ending with {@code code} once the front end heard of it;
   * without a session, ends the run with {@code code}, cancelling the INVITE if one is ringing.
   */
  void quit(int code) {
    ImSession s = im.get();
    // A session that ended before the user left keeps its own code: a peer that died is a failure
    // whenever the user leaves the screen saying so, even before the events thread has told the
    // run (the session's end is complete before any thread is told of it).
    if (s == null || !s.session().ended().isDone()) {
      quitCode = code;
    }
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

  /**
   * Why an invitation failed, in one line: a target nothing answered at (a refused connection, no
   * answer to the INVITE) is "not reachable", with what to check.
   */
  static String inviteFailed(String target, Throwable e) {
    // A refused or unanswered connection, or an INVITE nothing answered; not a TLS failure, say.
    if (e instanceof SipFailure f
        && f.kind() == SipFailure.Kind.UNREACHABLE
        && (f.getCause() instanceof java.io.IOException || f.getCause() instanceof SipFailure)) {
      return target
          + " is not reachable: "
          + f.getMessage()
          + "; check the address, and that the peer is running";
    }
    return "invite: " + Problem.words(e);
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
    return ImSession.builder(agent.address(), new SessionEvents()).executor(events).build();
  }

  /** The run's exit code once the session ended: the user's, when the user quit. */
  private int exitCode(SessionEnd end) {
    Integer asked = quitCode;
    if (asked != null) {
      return asked;
    }
    // A peer that dies is noticed by whichever breaks first, its MSRP connection (MEDIA_FAILED)
    // or its SIP dialog (DIALOG_FAILED, e.g. its SIP TCP connection closing): both are a failure.
    return end != null
            && (end.reason() == SessionEnd.Reason.MEDIA_FAILED
                || end.reason() == SessionEnd.Reason.DIALOG_FAILED)
        ? Parley.FAILED
        : Parley.OK;
  }

  private void connected(ImSession s) {
    im.set(s);
    ui.connected(s, mode(s.session().mode()));
    List<Runnable> first = held.remove(s);
    if (first != null) {
      first.forEach(Runnable::run);
    }
  }

  /**
   * Shows {@code event} now when {@code s} is the chat's session (or the chat is not listening);
   * holds it while the reception has not settled which session is the chat's (on the events thread,
   * as every IM session event is). At most {@link #MAX_HELD} per session: the reception settles as
   * soon as the media are up, long before a peer can send that many.
   */
  private void show(ImSession s, Runnable event) {
    if (reception == null || im.get() == s) {
      event.run();
      return;
    }
    List<Runnable> list = held.computeIfAbsent(s, k -> new ArrayList<>());
    if (list.size() < MAX_HELD) {
      list.add(event);
    }
  }

  /** A set-up that is not the chat's: what it told is dropped. */
  private void drop(ImSession s) {
    held.remove(s);
    s.close();
  }

  /** The agent's events: pager messages, the one invitation taken, file offers. */
  private final class AgentEvents implements SipListener {
    @Override
    public void message(PagerMessage m) {
      lastSender.set(m.replyTo()); // where it came from: the From URI may name no port
      ui.pagerMessage(m);
    }

    @Override
    public void invitation(Invitation i) {
      if (reception == null) {
        i.decline(486);
        return;
      }
      ui.invited(i, mode(i.mode()));
      ImSession s = newIm();
      reception
          .take(i, s.chatListener())
          .whenComplete(
              (cs, e) ->
                  post(
                      () -> {
                        if (e == null) {
                          connected(s.attach(cs));
                          return;
                        }
                        drop(s);
                        if (e instanceof SipFailure
                            && ((SipFailure) e).kind() == SipFailure.Kind.BUSY) {
                          ui.busy(i);
                        } // a set-up that failed was reported by the reception
                      }));
    }

    @Override
    public void refused(SetupFailure f) {
      post(() -> ui.refused(f));
    }

    @Override
    public void fileOffer(FileOffer offer) {
      ui.fileOffer(offer);
    }
  }

  /**
   * The session's IM events, to the front end; the end of the session ends the run (listening: the
   * reception says whether it does).
   */
  private final class SessionEvents implements ImListener {
    @Override
    public void message(ImSession s, ReceivedIm m) {
      show(s, () -> ui.message(s, m));
    }

    @Override
    public void notification(ImSession s, String messageId, ImdnStatus status) {
      show(s, () -> ui.notification(s, messageId, status));
    }

    @Override
    public void composing(ImSession s, ComposingState state) {
      show(s, () -> ui.composing(s, state));
    }

    @Override
    public void ended(ImSession s, SessionEnd end) {
      show(
          s,
          () -> {
            lastEnd = end;
            ui.ended(s, end);
            if (reception == null) {
              done.complete(exitCode(end));
            }
          });
    }
  }
}
