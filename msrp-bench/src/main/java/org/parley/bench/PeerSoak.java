package org.parley.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.RelayBinding;
import org.parley.msrp.session.SendOptions;

/**
 * One endpoint of {@code scripts/soak.sh --endpoints}: authenticates at the relay, meets its peer
 * (the other process) through files in a shared directory, then for the given time sends chat
 * messages (a few hundred bytes, several a second) and files (1 to 8 MB, from disk) to the peer
 * over one session while receiving the peer's, each checked byte for byte. Its heap, RSS, file
 * descriptors and threads are what the script samples. Prints its counts as one JSON line; exit
 * status 1 when a message it sent was acknowledged and not delivered, or one it received changed.
 *
 * <p>Usage: {@code PeerSoak RELAY-URI USER PASSWORD SECONDS ROLE(a|b) DIR}
 */
public final class PeerSoak {
  private PeerSoak() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: PeerSoak RELAY-URI USER PASSWORD SECONDS a|b DIR");
      System.exit(2);
    }
    MsrpUri relay = MsrpUri.parse(args[0]);
    long end = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
    String role = args[4];
    String other = role.equals("a") ? "b" : "a";
    Path dir = Path.of(args[5]);
    SoakCounts counts = new SoakCounts();
    DeliveryChecker checker = new DeliveryChecker(counts);
    try (MsrpStack stack = MsrpStack.builder().build()) {
      MsrpUri me = MsrpUri.parse("msrp://127.0.0.1:9/peer" + role + "x;tcp");
      MsrpSession session = stack.session(me, checker);
      RelayBinding binding =
          stack.authenticate(relay, me, args[1], args[2], null, null).get(30, TimeUnit.SECONDS);
      session.relays(binding.usePath());
      // Refresh the binding at three quarters of its life, to the granted URI (the relay keeps the
      // path), as a long-lived client must (RFC 4976 §5.2).
      java.util.concurrent.ScheduledExecutorService refresher =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      long every = Math.max(1, binding.expires().toSeconds() * 3 / 4);
      MsrpUri granted = binding.usePath().get(0);
      refresher.scheduleAtFixedRate(
          () -> {
            try {
              stack
                  .authenticate(granted, me, args[1], args[2], null, null)
                  .get(30, TimeUnit.SECONDS);
              counts.auths.incrementAndGet();
            } catch (Exception e) {
              counts.setupFailed(e);
            }
          },
          every,
          every,
          TimeUnit.SECONDS);
      // Meet the peer: each writes the path that reaches it, then reads the other's.
      List<String> mine = new ArrayList<>();
      for (MsrpUri u : binding.pathTo(me)) {
        mine.add(u.toString());
      }
      Path own = dir.resolve(role + ".path");
      Files.write(dir.resolve(role + ".tmp"), mine, StandardCharsets.UTF_8);
      Files.move(dir.resolve(role + ".tmp"), own);
      Path theirs = dir.resolve(other + ".path");
      while (!Files.exists(theirs)) {
        RelaySoak.pause(50); // the other process starts when the script starts it
      }
      List<MsrpUri> path = new ArrayList<>();
      for (String line : Files.readAllLines(theirs, StandardCharsets.UTF_8)) {
        path.add(MsrpUri.parse(line));
      }
      session.remotePath(path);
      session.connect(null).get(30, TimeUnit.SECONDS);
      ThreadLocalRandom random = ThreadLocalRandom.current();
      Path file = dir.resolve(role + ".file");
      while (System.nanoTime() - end < 0) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          sent.add(send(session, counts, 100 + random.nextInt(400), null));
          RelaySoak.pause(100); // a chat's pace
        }
        int size = (1 << 20) + random.nextInt(7 << 20);
        sent.add(send(session, counts, size, file));
        for (CompletableFuture<Void> f : sent) {
          try {
            f.get(120, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            // counted
          }
        }
        counts.waves.incrementAndGet();
      }
      // Close only once each side has what the other had acknowledged, so that the end of the
      // run loses nothing: say how many were acknowledged, wait for the peer's, then for them.
      signal(dir, role + ".done", counts.acknowledged.get());
      long peerAcknowledged = await(dir.resolve(other + ".done"), 180);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (counts.delivered.get() < peerAcknowledged && System.nanoTime() - until < 0) {
        RelaySoak.pause(50);
      }
      signal(dir, role + ".finished", counts.delivered.get());
      await(dir.resolve(other + ".finished"), 120);
      refresher.shutdownNow();
    }
    System.out.println(counts.json());
    System.exit(counts.broken() ? 1 : 0);
  }

  private static void signal(Path dir, String name, long value) throws java.io.IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.writeString(tmp, Long.toString(value));
    Files.move(tmp, dir.resolve(name));
  }

  /** The number the other process wrote to {@code file}, waiting for it up to {@code seconds}. */
  private static long await(Path file, int seconds) throws java.io.IOException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!Files.exists(file)) {
      if (System.nanoTime() - until > 0) {
        System.err.println("peer soak: " + file + " never came");
        return 0;
      }
      RelaySoak.pause(50);
    }
    return Long.parseLong(Files.readString(file).trim());
  }

  /**
   * Sends {@code size} bytes whose content both sides can check: the id names the content and its
   * size, so the receiving process recognises it ({@link DeliveryChecker#selfDescribingId}).
   */
  private static CompletableFuture<Void> send(
      MsrpSession session, SoakCounts counts, int size, Path file) throws java.io.IOException {
    String id = DeliveryChecker.selfDescribingId(size);
    byte[] content = DeliveryChecker.content(id, size);
    CompletableFuture<Void> f;
    SendOptions o = SendOptions.builder().messageId(id).build();
    if (file != null) {
      Files.write(file, content);
      f = session.send("application/octet-stream", file, o);
    } else {
      f = session.send("text/plain", content, o);
    }
    return f.whenComplete(
        (v, e) -> {
          if (e == null) {
            counts.acknowledged.incrementAndGet();
          } else {
            counts.sendFailed.incrementAndGet();
          }
        });
  }
}
