package org.parley.relay;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A relay in a JVM of its own that measures itself, with figures that do not depend on a quiet
 * machine: the bytes its threads allocate (per thread, from the JVM's counters) and its heap after
 * a full GC. Not a test: {@code msrp-bench/relay-probe.sh} runs it against {@code parley load}.
 *
 * <p>Usage: {@code RelayProbe relay.conf}; prints {@code port=N}, then answers lines on stdin:
 *
 * <ul>
 *   <li>{@code mark}: remembers the counters now;
 *   <li>{@code since N}: what the relay's threads allocated and spent since the mark, per {@code N}
 *       messages (bytes, and CPU µs of the event loops and of the whole process, GC and JIT
 *       included);
 *   <li>{@code heap N}: waits until {@code N} clients are authenticated, then prints the heap used
 *       after {@link System#gc} (three rounds);
 *   <li>{@code histo N}: the first {@code N} lines of the class histogram, on stderr;
 *   <li>{@code quit}.
 * </ul>
 */
final class RelayProbe {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private RelayProbe() {}

  public static void main(String[] args) throws Exception {
    RelayConfig config = RelayConfigFile.read(Path.of(args[0]), RelayConfig.builder()).build();
    try (Relay relay = Relay.start(config, HtdigestUserStore.open(config.users()))) {
      System.out.println("port=" + relay.uri().port());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      long[] mark = counters();
      String line;
      while ((line = in.readLine()) != null) {
        String[] w = line.trim().split(" +");
        switch (w[0]) {
          case "mark" -> {
            mark = counters();
            System.out.println("marked");
          }
          case "since" -> {
            long n = Long.parseLong(w[1]);
            long[] now = counters();
            System.out.printf(
                Locale.ROOT,
                "allocated_bytes_per_msg=%.0f loop_alloc_bytes_per_msg=%.0f"
                    + " loop_cpu_us_per_msg=%.1f process_cpu_us_per_msg=%.1f%n",
                (now[0] - mark[0]) / (double) n,
                (now[1] - mark[1]) / (double) n,
                (now[2] - mark[2]) / 1e3 / n,
                (now[3] - mark[3]) / 1e3 / n);
          }
          case "heap" -> {
            long n = Long.parseLong(w[1]);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (relay.bindings().clients() < n && System.nanoTime() < deadline) {
              TimeUnit.MILLISECONDS.sleep(50);
            }
            long used = 0;
            for (int i = 0; i < 3; i++) {
              System.gc();
              used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }
            System.out.printf(
                Locale.ROOT, "clients=%d heap_used_bytes=%d%n", relay.bindings().clients(), used);
          }
          case "histo" -> {
            // The class histogram of this JVM (a full GC first), through its own MBean.
            Object out =
                ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                        new javax.management.ObjectName(
                            "com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
            String[] lines = String.valueOf(out).split("\n");
            for (int i = 0; i < Math.min(lines.length, Integer.parseInt(w[1]) + 3); i++) {
              System.err.println(lines[i]);
            }
            System.out.println("histogram on stderr");
          }
          case "quit" -> {
            return;
          }
          default -> System.out.println("unknown: " + line);
        }
        System.out.flush();
      }
    }
  }

  /** All threads' allocated bytes, the event loops' bytes and CPU ns, the process's CPU ns. */
  private static long[] counters() {
    long all = 0;
    long loops = 0;
    long loopCpu = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
      long id = t.getId();
      long a = THREADS.getThreadAllocatedBytes(id);
      if (a < 0) {
        continue;
      }
      all += a;
      if (t.getName().toLowerCase(Locale.ROOT).contains("eventloop")) {
        loops += a;
        loopCpu += Math.max(0, THREADS.getThreadCpuTime(id));
      }
    }
    return new long[] {all, loops, loopCpu, OS.getProcessCpuTime()};
  }
}
