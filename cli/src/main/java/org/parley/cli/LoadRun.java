package org.parley.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpResponseException;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;
import org.parley.msrp.session.SendOptions;
import org.parley.msrp.session.SessionListener;
import org.parley.msrp.transport.MsrpListener;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.MsrpTransport;

/**
 * One run of {@code parley load}: sender/receiver session pairs, each side with a connection of its
 * own (through its relay after AUTH, or straight to an in-process receiver), messages sent with a
 * window per pair, at a target rate or as fast as they go, until all are delivered or time is up.
 */
final class LoadRun {
  /** What to run. */
  @SuppressWarnings("ArrayRecordComponent") // never compared: the user/password pairs as given
  record Plan(
      int pairs,
      int messages,
      int size,
      int chunk,
      int window,
      double rate,
      Duration duration,
      MsrpUri relay,
      MsrpUri relayB,
      String[] authA,
      String[] authB,
      MsrpTls tls,
      java.net.InetSocketAddress listen,
      java.net.InetSocketAddress via,
      Duration hold) {}

  /** What happened. */
  record Result(
      long sent,
      long answered,
      long delivered,
      long errors,
      Map<String, Long> errorsByKind,
      double seconds,
      boolean timedOut,
      Latencies sendTo200,
      Latencies delivery) {}

  /**
   * Pairs set up at once: 50 connections authenticating together, within the share of
   * unauthenticated connections a relay gives one address by default (64, {@code
   * limits.connections-per-address}): every client here comes from one address.
   */
  private static final int SETUP_BATCH = 25;

  private static final long SETUP_TIMEOUT_SECONDS = 30;

  private final Plan plan;
  private final PrintWriter progress;
  private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final Latencies sendTo200;
  private final Latencies delivery;

  /**
   * @param progress where a live progress line goes once a second, or null
   */
  LoadRun(Plan plan, PrintWriter progress) {
    this.plan = plan;
    this.progress = progress;
    int total = (int) Math.min(Integer.MAX_VALUE - 8, (long) plan.pairs() * plan.messages());
    this.sendTo200 = new Latencies(total);
    this.delivery = new Latencies(total);
  }

  /** A sender session and what it still has to send. */
  private static final class Pair {
    MsrpSession sender;
    int left;
  }

  Result run() throws Exception {
    MsrpTransport transport = MsrpTransport.builder().build();
    List<MsrpStack> stacks = new ArrayList<>();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try {
      List<Pair> pairs = setUp(transport, stacks);
      Result result = drive(pairs, ticker);
      if (!plan.hold().isZero()) {
        if (progress != null) {
          progress.printf(
              "holding %,d session pairs for %d s%n", pairs.size(), plan.hold().toSeconds());
          progress.flush();
        }
        Thread.sleep(plan.hold().toMillis()); // the operator's pause, asked for
      }
      return result;
    } finally {
      ticker.shutdownNow();
      for (MsrpStack s : stacks) {
        s.close();
      }
      transport.close();
    }
  }

  private final SessionListener receiving =
      new SessionListener() {
        @Override
        public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
          Long t0 = startedAt.get(m.messageId());
          if (aborted) {
            error("aborted");
          } else {
            delivered.incrementAndGet();
            settled();
            if (t0 != null) {
              delivery.add(System.nanoTime() - t0);
            }
          }
        }
      };

  /** AUTHs, sessions and connections, in batches so that 10,000 pairs do not swamp a relay. */
  private List<Pair> setUp(MsrpTransport transport, List<MsrpStack> stacks) throws Exception {
    MsrpStack direct = null;
    MsrpListener listener = null;
    if (plan.relay() == null) {
      direct = stack(transport, stacks);
      java.net.InetSocketAddress at =
          plan.listen() != null ? plan.listen() : new java.net.InetSocketAddress("127.0.0.1", 0);
      listener = direct.listen(at, null).get(20, TimeUnit.SECONDS);
    }
    String scheme = plan.tls() != null ? "msrps" : "msrp";
    String run = TransactionIds.next().substring(0, 6);
    List<Pair> pairs = new ArrayList<>(plan.pairs());
    for (int from = 0; from < plan.pairs(); from += SETUP_BATCH) {
      int to = Math.min(plan.pairs(), from + SETUP_BATCH);
      List<CompletableFuture<Void>> ready = new ArrayList<>();
      for (int i = from; i < to; i++) {
        Pair pair = new Pair();
        pair.left = plan.messages();
        pairs.add(pair);
        MsrpStack tx = stack(transport, stacks);
        MsrpUri txUri = clientUri(scheme, plan.relay(), "ld" + run + "s" + i);
        pair.sender = tx.session(txUri, new SessionListener() {});
        if (direct != null) {
          // Senders connect where the receiver's URI points: the listener, or --via (a forwarder).
          java.net.InetSocketAddress target =
              plan.via() != null ? plan.via() : listener.localAddress();
          MsrpUri rxUri =
              MsrpUri.parse(
                  "msrp://"
                      + target.getAddress().getHostAddress()
                      + ":"
                      + target.getPort()
                      + "/ld"
                      + run
                      + "r"
                      + i
                      + ";tcp");
          direct.session(rxUri, receiving);
          pair.sender.remotePath(List.of(rxUri));
          ready.add(pair.sender.connect(null));
          continue;
        }
        MsrpStack rx = stack(transport, stacks);
        MsrpUri relayB = plan.relayB() != null ? plan.relayB() : plan.relay();
        MsrpUri rxUri = clientUri(scheme, relayB, "ld" + run + "r" + i);
        MsrpSession receiver = rx.session(rxUri, receiving);
        CompletableFuture<RelayBinding> rxAuth =
            rx.authenticate(relayB, rxUri, plan.authB()[0], plan.authB()[1], plan.tls(), null);
        CompletableFuture<RelayBinding> txAuth =
            tx.authenticate(
                plan.relay(), txUri, plan.authA()[0], plan.authA()[1], plan.tls(), null);
        ready.add(
            rxAuth
                .thenCombine(
                    txAuth,
                    (b, a) -> {
                      receiver.relays(b.usePath());
                      pair.sender.relays(a.usePath());
                      pair.sender.remotePath(b.pathTo(rxUri));
                      return a;
                    })
                .thenCompose(a -> pair.sender.connect(plan.tls())));
      }
      CompletableFuture.allOf(ready.toArray(new CompletableFuture<?>[0]))
          .get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    return pairs;
  }

  /**
   * A client's own URI: behind a WebSocket relay, as a browser's (a {@code .invalid} host and the
   * {@code ws} transport, RFC 7977 Appendix A); else the loopback address.
   */
  private static MsrpUri clientUri(String scheme, MsrpUri relay, String sessionId) {
    boolean ws = relay != null && relay.transport().equalsIgnoreCase("ws");
    String host = ws ? sessionId.toLowerCase(java.util.Locale.ROOT) + ".invalid" : "127.0.0.1";
    return MsrpUri.parse(scheme + "://" + host + ":9/" + sessionId + (ws ? ";ws" : ";tcp"));
  }

  private MsrpStack stack(MsrpTransport transport, List<MsrpStack> stacks) {
    // A window of messages larger than a chunk is that many unfinished messages per receiving
    // session, and per connection times the pairs sharing it: the stack's bounds must let them in.
    int unfinished = Math.max(plan.window(), MsrpStack.DEFAULT_MAX_INCOMPLETE_MESSAGES);
    long perConnection = (long) unfinished * Math.max(1, plan.pairs());
    MsrpStack s =
        MsrpStack.builder()
            .transport(transport)
            .chunkSize(plan.chunk())
            .maxIncompleteMessages(unfinished)
            .maxIncompletePerConnection(
                (int)
                    Math.min(
                        Integer.MAX_VALUE,
                        Math.max(perConnection, MsrpStack.DEFAULT_MAX_INCOMPLETE_PER_CONNECTION)))
            .build();
    stacks.add(s);
    return s;
  }

  /**
   * Sends: a token per free window place of each pair goes round a queue; the driver takes one,
   * waits for the rate's next slot, and sends that pair's next message; the answer puts the token
   * back.
   */
  private Result drive(List<Pair> pairs, ScheduledExecutorService ticker) throws Exception {
    byte[] payload = new byte[plan.size()];
    new Random(1).nextBytes(payload);
    LinkedBlockingQueue<Pair> tokens = new LinkedBlockingQueue<>();
    for (Pair p : pairs) {
      for (int w = 0; w < Math.min(plan.window(), p.left); w++) {
        tokens.add(p);
      }
    }
    long total = (long) pairs.size() * plan.messages();
    CountDownLatch finished = new CountDownLatch(1);
    long t0 = System.nanoTime();
    long deadline = t0 + plan.duration().toNanos();
    if (progress != null) {
      ticker.scheduleAtFixedRate(() -> progressLine(t0), 1, 1, TimeUnit.SECONDS);
    }
    Function<Pair, Void> sendOne =
        p -> {
          String id = TransactionIds.next();
          long start = System.nanoTime();
          startedAt.put(id, start);
          sent.incrementAndGet();
          p.sender
              .send("text/plain", payload, SendOptions.builder().messageId(id).build())
              .whenComplete(
                  (v, e) -> {
                    if (e == null) {
                      answered.incrementAndGet();
                      sendTo200.add(System.nanoTime() - start);
                    } else {
                      error(kind(e));
                    }
                    if (answered.get() + errors.get() >= total) {
                      finished.countDown();
                    }
                    tokens.add(p);
                  });
          return null;
        };
    double interval = plan.rate() > 0 ? 1e9 / plan.rate() : 0;
    long issued = 0;
    boolean timedOut = false;
    while (issued < total) {
      long now = System.nanoTime();
      if (now >= deadline) {
        timedOut = true;
        break;
      }
      Pair p = tokens.poll(Math.min(deadline - now, 100_000_000L), TimeUnit.NANOSECONDS);
      if (p == null || p.left == 0) {
        continue;
      }
      if (interval > 0) {
        long slot = t0 + (long) (issued * interval);
        while (System.nanoTime() < slot) {
          java.util.concurrent.locks.LockSupport.parkNanos(slot - System.nanoTime());
        }
      }
      p.left--;
      issued++;
      sendOne.apply(p);
    }
    // What was sent gets until the deadline, and at least five more seconds, to be answered.
    long grace = Math.max(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(5));
    if (!finished.await(grace, TimeUnit.NANOSECONDS)) {
      timedOut = true;
    }
    // Deliveries may trail the answers (through a relay the 200 is the relay's); wait for them too.
    synchronized (this) {
      expected = sent.get();
    }
    settled();
    try {
      allSettled.get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // reported as what was delivered
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (progress != null) {
      progressLine(t0);
      progress.println();
      progress.flush();
    }
    Map<String, Long> kinds = new java.util.TreeMap<>();
    errorKinds.forEach((k, v) -> kinds.put(k, v.get()));
    return new Result(
        sent.get(),
        answered.get(),
        delivered.get(),
        errors.get(),
        kinds,
        seconds,
        timedOut,
        sendTo200,
        delivery);
  }

  /** Sent messages, once sending is over: then every delivery or error may be the last. */
  private long expected = Long.MAX_VALUE;

  private final CompletableFuture<Void> allSettled = new CompletableFuture<>();

  private void settled() {
    long e;
    synchronized (this) {
      e = expected;
    }
    if (delivered.get() + errors.get() >= e) {
      allSettled.complete(null);
    }
  }

  private void error(String kind) {
    errors.incrementAndGet();
    settled();
    errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  private static String kind(Throwable e) {
    Throwable c =
        e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause()
            : e;
    if (c instanceof MsrpResponseException) {
      return "status " + ((MsrpResponseException) c).code();
    }
    return c.getClass().getSimpleName();
  }

  private void progressLine(long t0) {
    double s = (System.nanoTime() - t0) / 1e9;
    long d = delivered.get();
    progress.printf(
        "\r%6.1f s  sent %,d  delivered %,d  %,.0f msg/s  %.1f MB/s  errors %,d   ",
        s, sent.get(), d, d / s, d * (double) plan.size() / s / (1 << 20), errors.get());
    progress.flush();
  }
}
