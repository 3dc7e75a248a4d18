package org.parley.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;
import org.parley.msrp.session.SendOptions;
import org.parley.msrp.session.SessionListener;
import org.parley.msrp.transport.MsrpTransport;

/**
 * The client side of {@code scripts/soak.sh}: drives a relay for a given time with waves of clients
 * that authenticate, send messages of 1 KB to 1 MB, sometimes drop their connection in the middle
 * of a message and start again, beside a receiver that reads slowly and a sender of garbage. Every
 * message the relay acknowledged must reach its receiver byte for byte; the summary is one JSON
 * line, and the exit status is 1 when any acknowledged message was lost or changed.
 *
 * <p>Usage: {@code RelaySoak RELAY-URI USER PASSWORD SECONDS [CLIENTS [PAUSE-MS]]}: CLIENTS waves
 * at once (4), each wave after a pause of PAUSE-MS (0: as fast as they go).
 */
public final class RelaySoak {
  /** How long a wave waits for the messages it had acknowledged; only a lost one reaches it. */
  static final Duration DELIVERY_BOUND = Duration.ofSeconds(60);

  private final MsrpUri relay;
  private final String user;
  private final String password;
  private final long deadline;
  private final MsrpTransport transport = MsrpTransport.builder().build();
  final SoakCounts counts = new SoakCounts();
  private final AtomicLong sessionIds = new AtomicLong();
  private long pauseMillis;

  RelaySoak(MsrpUri relay, String user, String password, Duration length) {
    this.relay = relay;
    this.user = user;
    this.password = password;
    this.deadline = System.nanoTime() + length.toNanos();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: RelaySoak RELAY-URI USER PASSWORD SECONDS [CLIENTS [PAUSE-MS]]");
      System.exit(2);
    }
    RelaySoak soak =
        new RelaySoak(
            MsrpUri.parse(args[0]), args[1], args[2], Duration.ofSeconds(Long.parseLong(args[3])));
    int clients = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    soak.pauseMillis = args.length > 5 ? Long.parseLong(args[5]) : 0;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      threads.add(new Thread(soak::churn, "churn-" + i));
    }
    threads.add(new Thread(soak::slowReader, "slow-reader"));
    InetSocketAddress at = new InetSocketAddress(soak.relay.host(), soak.relay.port());
    threads.add(new Thread(() -> new GarbageSender(at, soak.counts).run(soak::running), "garbage"));
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    soak.transport.close();
    System.out.println(soak.counts.json());
    System.exit(soak.counts.broken() ? 1 : 0);
  }

  boolean running() {
    return System.nanoTime() - deadline < 0;
  }

  /**
   * Waves: two fresh clients authenticate, exchange messages, and go (a third of them abruptly).
   */
  void churn() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running()) {
      try (Pair p = pair()) {
        int n = 3 + random.nextInt(10);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int size = random.nextInt(8) == 0 ? 1 << 20 : 1024 + random.nextInt(64 << 10);
          sent.add(p.send(size, null));
          if (sent.size() == 4) {
            p.settle(sent);
            sent.clear();
          }
        }
        p.settle(sent);
        if (random.nextInt(3) == 0) {
          // Drop the sender's connection in the middle of a 1 MB message, as a crashing client.
          CompletableFuture<Void> cut = new CompletableFuture<>();
          CompletableFuture<Void> big =
              p.send(
                  1 << 20,
                  position -> {
                    if (position > 256 << 10) {
                      cut.complete(null);
                    }
                  });
          CompletableFuture.anyOf(cut, big).get(60, TimeUnit.SECONDS);
          p.tx.close();
          p.settle(List.of(big));
          counts.cut.incrementAndGet();
        }
        p.awaitDelivery();
        counts.waves.incrementAndGet();
      } catch (Exception e) {
        counts.setupFailed(e);
      }
      pause(pauseMillis);
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis); // the load's pacing, asked for
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One pair whose receiver stops reading for seconds at a time while 256 KB messages come. */
  void slowReader() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running()) {
      try (Pair p = pair()) {
        for (int round = 0; round < 20 && running(); round++) {
          p.receiver.suspendReading();
          List<CompletableFuture<Void>> sent = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            sent.add(p.send(256 << 10, null));
          }
          Thread.sleep(1000 + random.nextInt(2000)); // the slow reader's pause (pacing)
          p.receiver.resumeReading();
          p.settle(sent);
          counts.slowRounds.incrementAndGet();
        }
        p.awaitDelivery();
      } catch (Exception e) {
        counts.setupFailed(e);
      }
    }
  }

  private Pair pair() throws Exception {
    MsrpStack tx = MsrpStack.builder().transport(transport).build();
    MsrpStack rx = MsrpStack.builder().transport(transport).build();
    Pair p = new Pair(tx, rx, counts);
    long id = sessionIds.incrementAndGet();
    MsrpUri txUri = MsrpUri.parse("msrp://127.0.0.1:9/soak" + id + "t;tcp");
    MsrpUri rxUri = MsrpUri.parse("msrp://127.0.0.1:9/soak" + id + "r;tcp");
    p.receiver = rx.session(rxUri, p.checker);
    p.sender = tx.session(txUri, new SessionListener() {});
    RelayBinding b =
        rx.authenticate(relay, rxUri, user, password, null, null).get(30, TimeUnit.SECONDS);
    RelayBinding a =
        tx.authenticate(relay, txUri, user, password, null, null).get(30, TimeUnit.SECONDS);
    p.receiver.relays(b.usePath());
    p.sender.relays(a.usePath());
    p.sender.remotePath(b.pathTo(rxUri));
    p.sender.connect(null).get(30, TimeUnit.SECONDS);
    counts.auths.addAndGet(2);
    return p;
  }

  /** A sender and a receiver, each a client of the relay with a stack of its own. */
  static final class Pair implements AutoCloseable {
    final MsrpStack tx;
    final MsrpStack rx;
    final SoakCounts counts;
    final DeliveryChecker checker;
    MsrpSession sender;
    MsrpSession receiver;

    Pair(MsrpStack tx, MsrpStack rx, SoakCounts counts) {
      this.tx = tx;
      this.rx = rx;
      this.counts = counts;
      this.checker = new DeliveryChecker(counts);
    }

    CompletableFuture<Void> send(int size, java.util.function.LongConsumer progress) {
      String id = checker.expect(size);
      SendOptions.Builder o = SendOptions.builder().messageId(id);
      if (progress != null) {
        o.progress(progress);
      }
      return sender
          .send("application/octet-stream", DeliveryChecker.content(id, size), o.build())
          .whenComplete(
              (v, e) -> {
                if (e == null) {
                  checker.acknowledged(id);
                } else {
                  counts.sendFailed.incrementAndGet();
                  checker.forget(id);
                }
              });
    }

    /** Waits for every send in {@code sent} to end, either way. */
    void settle(List<CompletableFuture<Void>> sent) throws InterruptedException {
      for (CompletableFuture<Void> f : sent) {
        try {
          f.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          // counted by send()
        }
      }
    }

    void awaitDelivery() throws InterruptedException {
      checker.awaitAcknowledged(DELIVERY_BOUND);
    }

    @Override
    public void close() {
      tx.close();
      rx.close();
    }
  }

  static String format(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
