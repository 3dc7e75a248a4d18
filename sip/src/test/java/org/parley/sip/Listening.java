package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sip.Recorder.next;
import static org.parley.sip.SipAgentTest.await;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An agent that listens the way {@code parley chat --listen} does: every invitation goes to a
 * {@link Reception} taking one session at a time, and what it reports is queued for the test
 * (set-ups that failed, the agent's own refusals, pager messages, the session's messages and end).
 * Its SIP timers are short ({@link #ACK_TIMEOUT}, {@link #MEDIA_TIMEOUT}), set through its
 * configuration.
 */
final class Listening implements AutoCloseable {
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);
  static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(2);

  final SipAgent agent;
  final Reception reception;
  final Recorder hears = new Recorder();
  final BlockingQueue<SetupFailure> failures = new LinkedBlockingQueue<>();
  final BlockingQueue<SetupFailure> refusals = new LinkedBlockingQueue<>();
  final BlockingQueue<PagerMessage> pager = new LinkedBlockingQueue<>();
  final BlockingQueue<ChatSession> sessions = new LinkedBlockingQueue<>();

  private Listening(SipConfig config) {
    this.reception = Reception.oneAtATime(failures::add);
    this.agent =
        SipAgent.start(
            config,
            new SipListener() {
              @Override
              public void invitation(Invitation i) {
                reception.take(i, hears).thenAccept(sessions::add);
              }

              @Override
              public void message(PagerMessage m) {
                pager.add(m);
              }

              @Override
              public void refused(SetupFailure f) {
                refusals.add(f);
              }
            });
  }

  /** {@code sip:bob@127.0.0.1} with short timers. */
  static Listening bob() {
    return start(defaults());
  }

  static SipConfig.Builder defaults() {
    return SipConfig.builder("sip:bob@127.0.0.1")
        .ackTimeout(ACK_TIMEOUT)
        .mediaTimeout(MEDIA_TIMEOUT);
  }

  static Listening start(SipConfig.Builder config) {
    return new Listening(config.build());
  }

  /**
   * A real caller invites this listener, sends {@code text}, and this listener's session delivers
   * it; then the caller ends the session, which (a session that ran) completes the reception.
   */
  void realChatDelivers(SipAgent caller, String text) throws Exception {
    assertThat(reception.done()).as("the listener ended before the real chat").isNotDone();
    ChatSession s = await(caller.invite(agent.uri(), InviteOptions.DEFAULT, new Recorder()));
    await(s.send(text));
    ChatMessage m;
    do {
      m = next(hears.messages);
    } while (!m.text().equals(text));
    ChatSession mine = next(sessions);
    assertThat(mine.callId()).isEqualTo(s.callId());
    await(s.bye());
    await(reception.done());
    assertThat(reception.sessions()).isEqualTo(1);
  }

  /** The next set-up failure reported (the reception waits on). */
  SetupFailure failure() throws InterruptedException {
    return next(failures);
  }

  /** The set-up failures reported until one for {@code callId}, that one. */
  SetupFailure failure(String callId) throws InterruptedException {
    while (true) {
      SetupFailure f = next(failures);
      if (f.callId().equals(callId)) {
        return f;
      }
    }
  }

  /** The agent's next own refusal. */
  SetupFailure refusal() throws InterruptedException {
    return next(refusals);
  }

  CompletableFuture<Void> done() {
    return reception.done();
  }

  @Override
  public void close() {
    agent.close();
  }
}
