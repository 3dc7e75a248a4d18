package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Loopback figures for BENCHMARKS.md: pager MESSAGEs per second (a window of outstanding requests)
 * and session set-ups per second (INVITE, the first message delivered over MSRP, BYE; a few
 * sessions at a time). Two agents over UDP on 127.0.0.1.
 *
 * <pre>
 * java -cp "$(cat cp.txt):sip/target/classes:sip/target/test-classes" org.parley.sip.SipBenchmark [pagers] [sessions]
 * </pre>
 */
public final class SipBenchmark {
  private SipBenchmark() {}

  public static void main(String[] args) throws Exception {
    int pagers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    BlockingQueue<ChatMessage> firsts = new LinkedBlockingQueue<>();
    Semaphore received = new Semaphore(0);
    SipListener bobEvents =
        new SipListener() {
          @Override
          public void message(PagerMessage m) {
            received.release();
          }

          @Override
          public void invitation(Invitation i) {
            i.accept(
                new ChatListener() {
                  @Override
                  public void message(ChatSession s, ChatMessage m) {
                    firsts.add(m);
                  }
                });
          }
        };
    try (SipAgent bob = SipAgent.start(SipConfig.builder("sip:bob@127.0.0.1").build(), bobEvents);
        SipAgent alice =
            SipAgent.start(
                SipConfig.builder("sip:alice@127.0.0.1").build(), new SipListener() {})) {
      pager(alice, bob, Math.min(pagers, 2_000), received); // warm-up
      double pagerRate = pager(alice, bob, pagers, received);
      sessions(alice, bob, Math.min(sessions, 200), firsts); // warm-up
      double sessionRate = sessions(alice, bob, sessions, firsts);
      System.out.printf(
          "pager: %d MESSAGEs, %.0f/s; sessions: %d set-ups, %.0f/s%n",
          pagers, pagerRate, sessions, sessionRate);
    }
  }

  private static double pager(SipAgent alice, SipAgent bob, int n, Semaphore received)
      throws Exception {
    byte[] body = "a short pager-mode message".getBytes(UTF_8);
    Semaphore window = new Semaphore(64);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      window.acquire();
      alice.message(bob.uri(), "text/plain", body).whenComplete((s, e) -> window.release());
    }
    if (!received.tryAcquire(n, 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every MESSAGE arrived");
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static double sessions(
      SipAgent alice, SipAgent bob, int n, BlockingQueue<ChatMessage> firsts) throws Exception {
    int parallel = 8;
    Semaphore window = new Semaphore(parallel);
    ChatListener quiet = (s, m) -> {};
    long t0 = System.nanoTime();
    CompletableFuture<?>[] all = new CompletableFuture<?>[n];
    for (int i = 0; i < n; i++) {
      window.acquire();
      all[i] =
          alice
              .invite(bob.uri(), InviteOptions.DEFAULT, quiet)
              .thenCompose(s -> s.send("first").thenApply(v -> s))
              .thenCompose(ChatSession::bye)
              .whenComplete((v, e) -> window.release());
    }
    CompletableFuture.allOf(all).get(300, TimeUnit.SECONDS);
    double rate = n / ((System.nanoTime() - t0) / 1e9);
    for (int i = 0; i < n; i++) {
      if (firsts.poll(30, TimeUnit.SECONDS) == null) {
        throw new IllegalStateException("a first message did not arrive");
      }
    }
    return rate;
  }
}
