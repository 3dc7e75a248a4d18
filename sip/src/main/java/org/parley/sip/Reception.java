package org.parley.sip;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.parley.msrp.session.MsrpSession;

/**
 * A listener that only a real session can end: what an application waiting for sessions ({@code
 * parley chat --listen}, {@code parley receive-files}) makes of each one it takes. A set-up that
 * never gets going does not count, whatever went wrong: a 2xx never ACKed, an MSRP connection that
 * never comes or is refused (its binding SEND from another peer, a connect to an unreachable path),
 * a CANCEL, a BYE before the first message, an offer refused. Each is reported as a {@link
 * SetupFailure} and the reception waits on. A session <em>ran</em> when a message crossed it (one
 * began to arrive, or one sent was taken by the peer) or this end ended it (BYE); {@link #done()}
 * completes once as many sessions as asked for ran and ended.
 *
 * <p>Two ways to take sessions:
 *
 * <ul>
 *   <li>{@link #oneAtATime}: one session, as a chat has. While none is up, every invitation is
 *       accepted and set up side by side (the agent bounds how many: {@link
 *       SipConfig#maxPendingInvites()}); the first whose media are up (MSRP bound, or the ACK for
 *       the 2001 form) is the session, and the others are ended. A spoofed INVITE whose 200 is
 *       never ACKed, or whose peer never connects, so cannot keep a real caller out. While the
 *       session is up, invitations are declined 486. {@link #done()} completes when it ran and
 *       ended.
 *   <li>{@link #sideBySide}: every transfer at once, as a file receiver has ({@link #watch}).
 *       {@link #done()} completes after {@code count} transfers ran (0: never).
 * </ul>
 *
 * <p>The events and the futures are completed on the agent's thread (or the thread that failed the
 * transfer, once the agent is closed): do not block there.
 */
public final class Reception {
  /** What a reception reports. */
  public interface Events {
    /**
     * A set-up never got going (see the class comment); the reception waits on. For a session that
     * was up but ended before its first message, {@link SetupFailure#callId()} is that session's.
     */
    void setupFailed(SetupFailure failure);
  }

  /** How {@link #take} and {@link #watch} futures fail for a set-up that never got going. */
  public static final class SetupFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SetupFailure failure;

    SetupFailed(SetupFailure failure, Throwable cause) {
      super(failure.reason(), cause);
      this.failure = failure;
    }

    /** What failed (already reported to {@link Events#setupFailed}). */
    public SetupFailure failure() {
      return failure;
    }
  }

  private final boolean single;
  private final int count;
  private final Events events;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Set<Invitation> settingUp = new HashSet<>(); // guarded by this
  private Chat current; // guarded by this: the session of oneAtATime
  private int ran; // guarded by this

  private Reception(boolean single, int count, Events events) {
    if (count < 0) {
      throw new IllegalArgumentException("count cannot be negative: " + count);
    }
    this.single = single;
    this.count = count;
    this.events = java.util.Objects.requireNonNull(events, "events");
  }

  /** One session, taken from the invitations set up side by side (see the class comment). */
  public static Reception oneAtATime(Events events) {
    return new Reception(true, 1, events);
  }

  /** Transfers side by side; done after {@code count} of them ran (0: never). */
  public static Reception sideBySide(int count, Events events) {
    return new Reception(false, count, events);
  }

  /** Completes once the sessions asked for ran and ended; never for {@code sideBySide(0, …)}. */
  public CompletableFuture<Void> done() {
    return done;
  }

  /** Sessions that ran and ended so far. */
  public synchronized int sessions() {
    return ran;
  }

  /**
   * Takes an invitation ({@link #oneAtATime} only): declined 486 while a session is up (the future
   * fails with {@link SipFailure.Kind#BUSY}); else accepted with {@code listener}. The future
   * completes with the session once its media are up and no other came up first; it fails with
   * {@link SetupFailed} for a set-up that never got going (reported), the session ended if it lost
   * to another one. A session handed over that ends before its first message is reported too, and
   * the reception takes invitations again.
   */
  public CompletableFuture<ChatSession> take(Invitation invitation, ChatListener listener) {
    if (!single) {
      throw new IllegalStateException("take is for oneAtATime; watch transfers side by side");
    }
    synchronized (this) {
      if (current != null || done.isDone()) {
        invitation.decline(486);
        return CompletableFuture.failedFuture(
            new SipFailure(SipFailure.Kind.BUSY, 486, "in a session already", null));
      }
      settingUp.add(invitation);
    }
    CompletableFuture<ChatSession> result = new CompletableFuture<>();
    AgentContext ctx = invitation.context();
    invitation
        .accept(listener)
        .whenComplete(
            (session, e) -> {
              if (e != null) {
                onLoop(ctx, () -> settled(ctx, invitation, null, e, result));
                return;
              }
              Chat s = (Chat) session;
              mediaUp(s)
                  .whenComplete(
                      (v, me) -> {
                        if (me == null) {
                          onLoop(ctx, () -> settled(ctx, invitation, s, null, result));
                          return;
                        }
                        // The session ended before its media came up: say how it ended.
                        s.ended()
                            .whenComplete(
                                (end, x) ->
                                    onLoop(
                                        ctx,
                                        () ->
                                            settled(
                                                ctx,
                                                invitation,
                                                null,
                                                new SipFailure(
                                                    SipFailure.Kind.MEDIA,
                                                    "the session ended before its first message ("
                                                        + (end == null ? "?" : describe(end))
                                                        + ")"),
                                                result)));
                      });
            });
    return result;
  }

  /**
   * Completes when the session can carry messages: its MSRP session bound (else at once); fails
   * when it was closed first.
   */
  private static CompletableFuture<Void> mediaUp(Chat s) {
    return s.msrp().map(MsrpSession::bound).orElse(CompletableFuture.completedFuture(null));
  }

  private void settled(
      AgentContext ctx,
      Invitation invitation,
      Chat s,
      Throwable e,
      CompletableFuture<ChatSession> result) {
    boolean won = false;
    synchronized (this) {
      settingUp.remove(invitation);
      if (e == null && current == null && !done.isDone()) {
        current = s;
        won = true;
      }
    }
    if (e != null) {
      if (s != null) {
        s.bye();
      }
      failed(invitation, describe(e), status(e), e, result);
      return;
    }
    if (!won) {
      s.bye();
      failed(invitation, "another session came up first", 0, null, result);
      return;
    }
    s.ended().whenComplete((end, x) -> onLoop(ctx, () -> sessionEnded(invitation, s, end)));
    result.complete(s);
  }

  private void sessionEnded(Invitation invitation, Chat s, SessionEnd end) {
    boolean counted = ran(s, end);
    boolean finished = false;
    synchronized (this) {
      if (current == s) {
        current = null;
      }
      if (counted) {
        ran++;
        finished = count > 0 && ran >= count;
      }
    }
    if (counted) {
      if (finished) {
        done.complete(null);
      }
      return;
    }
    if (end != null && end.reason() == SessionEnd.Reason.AGENT_CLOSED) {
      return; // the application is stopping: nothing to report
    }
    report(
        new SetupFailure(
            invitation.from(),
            invitation.callId(),
            0,
            "the session ended before its first message ("
                + (end == null ? "?" : describe(end))
                + ")"));
  }

  /** A session ran: a message crossed it, or this end ended it. */
  private static boolean ran(Chat s, SessionEnd end) {
    return s.used() || (end != null && end.reason() == SessionEnd.Reason.LOCAL_BYE);
  }

  /**
   * Watches the transfer of an accepted file offer ({@link #sideBySide} only). The future completes
   * as {@code transfer} does for one that ran (its first bytes arrived), counting it; it fails with
   * {@link SetupFailed} (reported, not counted) for one that failed before.
   */
  public <T> CompletableFuture<T> watch(FileOffer offer, CompletableFuture<T> transfer) {
    return watch(offer.invitation(), transfer);
  }

  /**
   * Watches a pull being served ({@link #sideBySide} only): as for a file offer, a transfer ran
   * once the peer took its first bytes.
   */
  public <T> CompletableFuture<T> watch(FilePullRequest request, CompletableFuture<T> transfer) {
    return watch(request.invitation(), transfer);
  }

  private <T> CompletableFuture<T> watch(Invitation invitation, CompletableFuture<T> transfer) {
    if (single) {
      throw new IllegalStateException("watch is for sideBySide; take sessions one at a time");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    AgentContext ctx = invitation.context();
    transfer.whenComplete((v, e) -> onLoop(ctx, () -> transferEnded(invitation, v, e, result)));
    return result;
  }

  private <T> void transferEnded(
      Invitation invitation, T value, Throwable e, CompletableFuture<T> result) {
    Chat s = invitation.chat();
    if (e != null && (s == null || !s.used())) {
      failed(invitation, describe(e), status(e), e, result);
      return;
    }
    if (e == null) {
      result.complete(value);
    } else {
      result.completeExceptionally(unwrap(e));
    }
    boolean finished;
    synchronized (this) {
      ran++;
      finished = count > 0 && ran >= count;
    }
    if (finished) {
      done.complete(null);
    }
  }

  private void failed(
      Invitation invitation,
      String reason,
      int status,
      Throwable cause,
      CompletableFuture<?> result) {
    SetupFailure f = new SetupFailure(invitation.from(), invitation.callId(), status, reason);
    report(f);
    result.completeExceptionally(new SetupFailed(f, cause == null ? null : unwrap(cause)));
  }

  private void report(SetupFailure f) {
    try {
      events.setupFailed(f);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(Reception.class).warn("setupFailed threw", e);
    }
  }

  /** Runs on the agent's thread, or here once the agent is closed. */
  private static void onLoop(AgentContext ctx, Runnable r) {
    try {
      ctx.loop().execute(r);
    } catch (RejectedExecutionException e) {
      r.run();
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static int status(Throwable e) {
    Throwable t = unwrap(e);
    return t instanceof SipFailure ? ((SipFailure) t).status() : 0;
  }

  private static String describe(Throwable e) {
    Throwable t = unwrap(e);
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  private static String describe(SessionEnd end) {
    String reason = end.reason().name().toLowerCase(java.util.Locale.ROOT);
    return end.detail() == null ? reason : reason + ": " + end.detail();
  }
}
