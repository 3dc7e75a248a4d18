package org.parley.sip;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Records what an agent and its sessions hear, for tests to wait on (with generous time-outs). */
final class Recorder implements SipListener, ChatListener {
  static final long WAIT_SECONDS = 30;

  final BlockingQueue<PagerMessage> pager = new LinkedBlockingQueue<>();
  final BlockingQueue<Invitation> invitations = new LinkedBlockingQueue<>();
  final BlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
  final BlockingQueue<SessionEnd> ends = new LinkedBlockingQueue<>();
  final CompletableFuture<ChatSession> started = new CompletableFuture<>();
  private volatile Consumer<Invitation> onInvitation;
  private volatile boolean byeOnStart;

  /** Sends BYE as soon as a message starts to arrive (on the agent's thread, at once). */
  Recorder byeOnStart() {
    this.byeOnStart = true;
    return this;
  }

  /** What to do with each invitation; without it they are queued. */
  Recorder onInvitation(Consumer<Invitation> action) {
    this.onInvitation = action;
    return this;
  }

  /** Accepts every invitation, this recorder hearing the sessions. */
  Recorder acceptAll() {
    return onInvitation(i -> i.accept(this));
  }

  @Override
  public void message(PagerMessage message) {
    pager.add(message);
  }

  @Override
  public void invitation(Invitation invitation) {
    Consumer<Invitation> a = onInvitation;
    if (a != null) {
      a.accept(invitation);
    } else {
      invitations.add(invitation);
    }
  }

  @Override
  public void message(ChatSession session, ChatMessage message) {
    messages.add(message);
  }

  @Override
  public void started(ChatSession session, String contentType, long size) {
    if (byeOnStart) {
      session.bye();
    }
    started.complete(session);
  }

  @Override
  public void ended(ChatSession session, SessionEnd end) {
    ends.add(end);
  }

  static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T t = q.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (t == null) {
      throw new AssertionError("nothing came in " + WAIT_SECONDS + " s");
    }
    return t;
  }
}
