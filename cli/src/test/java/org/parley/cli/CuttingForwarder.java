package org.parley.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder that breaks one connection the way a network does: it passes bytes both ways
 * between each client and {@code target}, and the first connection over which {@code limit} bytes
 * have gone towards its client is closed, both sides, wherever that falls in a frame; the others,
 * and every later one, are left alone. What is cut is decided by a byte count, not by a clock.
 */
final class CuttingForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long limit;
  private final AtomicBoolean cutting = new AtomicBoolean();
  private final CountDownLatch cut = new CountDownLatch(1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** Listens at {@code host:port} and forwards to {@code target}. */
  CuttingForwarder(String host, int port, InetSocketAddress target, long limit) throws IOException {
    this.server = new ServerSocket(port, 50, InetAddress.getByName(host));
    this.target = target;
    this.limit = limit;
    Thread t = new Thread(this::accept, "cutting-forwarder");
    t.setDaemon(true);
    t.start();
  }

  /** Waits until the connections were cut; false when that did not happen within the bound. */
  boolean awaitCut(long seconds) throws InterruptedException {
    return cut.await(seconds, TimeUnit.SECONDS);
  }

  private void accept() {
    try {
      while (true) {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, null);
        pump(upstream, client, new AtomicLong());
      }
    } catch (IOException e) {
      // closed
    }
  }

  /** Copies {@code from} to {@code to}; {@code towardsClient} counts what goes to a client. */
  private void pump(Socket from, Socket to, AtomicLong towardsClient) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                  if (towardsClient != null && cut.getCount() > 0) {
                    long before = towardsClient.getAndAdd(n);
                    if (before + n > limit && cutting.compareAndSet(false, true)) {
                      out.write(buf, 0, (int) Math.max(0, limit - before));
                      out.flush();
                      closeQuietly(from);
                      closeQuietly(to);
                      cut.countDown();
                      return;
                    }
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed: the other goes too
              }
              closeQuietly(from);
              closeQuietly(to);
            },
            "cutting-forwarder-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closed already
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
