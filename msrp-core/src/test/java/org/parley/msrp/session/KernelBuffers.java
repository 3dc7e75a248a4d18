package org.parley.msrp.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The most a loopback TCP connection can hold in the kernel: the sender's send buffer and the
 * receiver's receive buffer at their largest (Linux's {@code tcp_wmem} and {@code tcp_rmem}), for
 * tests whose sizes must reach past them.
 */
final class KernelBuffers {
  private KernelBuffers() {}

  /** The two largest sizes added; 32 MB for each that cannot be read (not Linux). */
  static long largest() {
    long most = 0;
    for (String f : List.of("/proc/sys/net/ipv4/tcp_rmem", "/proc/sys/net/ipv4/tcp_wmem")) {
      try {
        // readAllLines: procfs files report no size, and Files.readString stops short on them.
        String[] v = String.join(" ", Files.readAllLines(Path.of(f))).trim().split("\\s+");
        most += Long.parseLong(v[v.length - 1]);
      } catch (IOException | RuntimeException e) {
        most += 32L << 20;
      }
    }
    return most;
  }
}
