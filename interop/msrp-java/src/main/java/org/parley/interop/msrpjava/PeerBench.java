package org.parley.interop.msrpjava;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Parley and msrp-java side by side, each library talking to itself on loopback on its defaults,
 * every case in a fresh JVM of its own (same options) so that its peak RSS is its own.
 *
 * <pre>
 * java -cp CLASSPATH org.parley.interop.msrpjava.PeerBench          # the whole table
 * java -cp CLASSPATH org.parley.interop.msrpjava.PeerBench LIBRARY CASE   # one case, one line
 * </pre>
 *
 * LIBRARY is {@code parley} or {@code msrp-java}; CASE one of {@link #CASES}.
 */
public final class PeerBench {
  static final List<String> CASES =
      List.of(
          "stop-and-wait", "window-4", "100MiB", "100MiB-256KB", "sessions", "text-during-100MiB");

  private static final List<String> JVM = List.of("-Xms1g", "-Xmx4g");
  private static final int SMALL = 1024;
  private static final int BIG = 100 << 20;

  private PeerBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2) {
      // One case per JVM; it always exits, as msrp-java's threads are not daemons.
      Thread watchdog =
          new Thread(
              () -> {
                try {
                  Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                  System.out.println("did not finish in 10 min");
                  System.exit(1);
                } catch (InterruptedException e) {
                  // finished
                }
              });
      watchdog.setDaemon(true);
      watchdog.start();
      try {
        System.out.println(run(args[0], args[1]));
        System.exit(0);
      } catch (Exception | Error e) {
        System.out.println(e.getMessage() != null ? e.getMessage() : e.toString());
        System.exit(1);
      }
    }
    System.out.printf(
        "| case | Parley | msrp-java | Parley / msrp-java |%n| --- | --- | --- | ---: |%n");
    for (String c : CASES) {
      String p = child("parley", c);
      String j = child("msrp-java", c);
      System.out.printf("| %s | %s | %s | %s |%n", c, p, j, ratio(p, j));
    }
  }

  /** Runs one case in a fresh JVM and returns its line (or why it failed). */
  private static String child(String library, String c) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.addAll(List.of(PeerBench.class.getName(), library, c));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String last = "";
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        last = line;
      }
    }
    p.waitFor(); // the case bounds itself (10 min)
    return p.exitValue() == 0 ? last : "failed: " + last;
  }

  /** The ratio of the first figures of two lines (a rate: higher is better). */
  private static String ratio(String parley, String java) {
    try {
      double a = Double.parseDouble(parley.split(" ")[0].replace(",", ""));
      double b = Double.parseDouble(java.split(" ")[0].replace(",", ""));
      return String.format("%.2f×", a / b);
    } catch (RuntimeException e) {
      return "—";
    }
  }

  static String run(String library, String c) throws Exception {
    String line =
        switch (c) {
          case "stop-and-wait" -> window(library, 1);
          case "window-4" -> window(library, 4);
          case "100MiB" -> big(library, 0);
          case "100MiB-256KB" -> big(library, 256 << 10);
          case "sessions" -> sessions(library);
          case "text-during-100MiB" -> textDuringBig(library);
          default -> throw new IllegalArgumentException("no case " + c + "; cases: " + CASES);
        };
    return line + ", peak RSS " + peakRssMb() + " MB";
  }

  private static BenchPair pair(String library, int sessions, int chunkSize) throws Exception {
    return switch (library) {
      case "parley" -> new ParleyPair(sessions, chunkSize);
      case "msrp-java" -> new JavaPair(sessions, chunkSize);
      default -> throw new IllegalArgumentException("library parley or msrp-java: " + library);
    };
  }

  /** 1 KB messages with at most {@code window} on their way: msg/s and send-to-arrival times. */
  private static String window(String library, int window) throws Exception {
    try (BenchPair pair = pair(library, 1, 0)) {
      byte[] body = new byte[SMALL];
      windowRun(pair, body, window, 5_000); // warm-up
      long[] latency = new long[20_000];
      long took = windowRun(pair, body, window, latency.length, latency);
      Arrays.sort(latency);
      return String.format(
          "%,.0f msg/s, p50 %d µs, p99 %d µs",
          latency.length * 1e9 / took,
          latency[latency.length / 2] / 1000,
          latency[latency.length * 99 / 100] / 1000);
    }
  }

  private static long windowRun(BenchPair pair, byte[] body, int window, int n) throws Exception {
    return windowRun(pair, body, window, n, new long[n]);
  }

  /** Messages arrive in order on one session, so the i-th arrival is the i-th message. */
  private static long windowRun(BenchPair pair, byte[] body, int window, int n, long[] latency)
      throws Exception {
    long[] sentAt = new long[n];
    long start = System.nanoTime();
    int arrived = 0;
    for (int i = 0; i < n; i++) {
      while (i - arrived >= window) {
        latency[arrived] = pair.arrival() - sentAt[arrived];
        arrived++;
      }
      sentAt[i] = System.nanoTime();
      pair.send(0, "text/plain", body, null);
    }
    while (arrived < n) {
      latency[arrived] = pair.arrival() - sentAt[arrived];
      arrived++;
    }
    return System.nanoTime() - start;
  }

  /** One 100 MiB message, send to arrival: three warm-ups, then five runs (MB/s: best, median). */
  private static String big(String library, int chunkSize) throws Exception {
    try (BenchPair pair = pair(library, 1, chunkSize)) {
      byte[] body = new byte[BIG];
      new Random(1).nextBytes(body);
      double[] runs = new double[5];
      for (int i = -3; i < runs.length; i++) {
        long t0 = System.nanoTime();
        pair.send(0, "application/octet-stream", body, null);
        long took = pair.arrival() - t0;
        if (i >= 0) {
          runs[i] = BIG / 1e6 / (took / 1e9);
        }
      }
      Arrays.sort(runs);
      return String.format(
          "%,.0f MB/s best, median %,.0f, slowest %,.0f", runs[4], runs[2], runs[0]);
    }
  }

  /**
   * 100 sessions × 1,000 messages of 1 KB, sent round the sessions with 8 per session on their way
   * at most (800 in all; {@code parley load}'s default window): msg/s.
   */
  private static String sessions(String library) throws Exception {
    int sessions = 100;
    int each = 1_000;
    int window = 8 * sessions;
    try (BenchPair pair = pair(library, sessions, 0)) {
      byte[] body = new byte[SMALL];
      for (int round = 0; round < 2; round++) { // a warm-up, then the measured run
        long t0 = System.nanoTime();
        int arrived = 0;
        long last = 0;
        for (int i = 0; i < sessions * each; i++) {
          while (i - arrived >= window) {
            last = pair.arrival();
            arrived++;
          }
          pair.send(i % sessions, "text/plain", body, null);
        }
        while (arrived < sessions * each) {
          last = pair.arrival();
          arrived++;
        }
        if (round == 1) {
          return String.format("%,.0f msg/s", sessions * each * 1e9 / (last - t0));
        }
      }
      throw new AssertionError();
    }
  }

  /**
   * A 40-byte text sent when a 100 MiB message on the same session is 10 MiB under way: the text's
   * send-to-arrival time, 100 trials (each trial a new 100 MiB message).
   */
  private static String textDuringBig(String library) throws Exception {
    try (BenchPair pair = pair(library, 1, 0)) {
      byte[] big = new byte[BIG];
      byte[] text = "forty bytes of text, queued behind a file".substring(0, 40).getBytes();
      long[] latency = new long[100];
      for (int i = -3; i < latency.length; i++) {
        CountDownLatch underWay = new CountDownLatch(1);
        AtomicBoolean told = new AtomicBoolean();
        pair.receiving =
            got -> {
              if (got >= 10 << 20 && told.compareAndSet(false, true)) {
                underWay.countDown();
              }
            };
        pair.send(0, "application/octet-stream", big, null);
        if (!underWay.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the big message did not get under way");
        }
        long t0 = System.nanoTime();
        pair.send(0, "text/plain", text, null);
        BenchPair.Arrival first = pair.next();
        BenchPair.Arrival second = pair.next();
        long took = (first.text() ? first.at() : second.at()) - t0;
        if (i >= 0) {
          latency[i] = took;
        }
      }
      Arrays.sort(latency);
      return String.format(
          "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
          latency[50] / 1e6, latency[98] / 1e6, latency[99] / 1e6);
    }
  }

  /** The process's peak resident set (VmHWM), in MB. */
  private static long peakRssMb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
