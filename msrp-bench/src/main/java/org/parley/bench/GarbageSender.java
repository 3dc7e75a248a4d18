package org.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Connects to the relay again and again and writes what is not MSRP: random bytes, a TLS
 * ClientHello's first bytes, an HTTP request, a frame head that turns to noise. The relay must
 * close each such connection; one it leaves open for 10 seconds is counted.
 */
final class GarbageSender {
  private static final byte[][] OPENINGS = {
    {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03},
    "GET / HTTP/1.1\r\nHost: relay\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
    "MSRP a1 SEND\r\nTo-Path: \u0000\u0001\r\n".getBytes(StandardCharsets.ISO_8859_1),
    "MSRP a2 AUTH\r\n".getBytes(StandardCharsets.ISO_8859_1),
  };

  private final InetSocketAddress relay;
  private final SoakCounts counts;

  GarbageSender(InetSocketAddress relay, SoakCounts counts) {
    this.relay = relay;
    this.counts = counts;
  }

  void run(BooleanSupplier running) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running.getAsBoolean()) {
      try (Socket s = new Socket()) {
        s.connect(relay, 5000);
        counts.garbageConnections.incrementAndGet();
        byte[] opening = OPENINGS[random.nextInt(OPENINGS.length)];
        byte[] noise = new byte[random.nextInt(4096)];
        random.nextBytes(noise);
        s.getOutputStream().write(opening);
        s.getOutputStream().write(noise);
        s.getOutputStream().flush();
        s.setSoTimeout(10_000);
        if (closedByPeer(s.getInputStream())) {
          counts.garbageClosedByRelay.incrementAndGet();
        } else {
          counts.garbageLeftOpen.incrementAndGet();
        }
        Thread.sleep(200); // pacing: five garbage connections a second
      } catch (IOException e) {
        counts.garbageClosedByRelay.incrementAndGet(); // reset by the relay
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean closedByPeer(InputStream in) throws IOException {
    byte[] b = new byte[4096];
    try {
      while (in.read(b) >= 0) {
        // a 400 or nothing: read until the relay closes
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }
}
