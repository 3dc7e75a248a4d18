package org.parley.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.SendOptions;
import org.parley.msrp.session.SessionListener;
import org.parley.msrp.transport.MsrpListener;
import org.parley.msrp.transport.MsrpTls;
import org.parley.msrp.transport.TestCertificates;

/**
 * Two endpoints on loopback in one process, next to a plain Netty sender/receiver pair pushing the
 * same bytes (the ceiling). Not JMH: each figure is one timed run after a warm-up run.
 *
 * <pre>
 * java -cp msrp-bench/target/benchmarks.jar org.parley.bench.EndpointBenchmark [MB] [messages] [chunk]
 * </pre>
 *
 * <p>chunk 0 (the default) sends each large message as one streamed chunk, as on a direct session;
 * a size sends chunks of that size, as through a relay.
 *
 * <pre>
 * </pre>
 */
public final class EndpointBenchmark {
  private static final int WARM_UPS = 3;

  private EndpointBenchmark() {}

  public static void main(String[] args) throws Exception {
    int mb = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    // 0 (the default): a direct session's way, one streamed chunk per message; else chunks of that
    // size (streaming off), as through a relay.
    int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    String how = chunk == 0 ? "one streamed chunk" : chunk + "-byte chunks";
    System.out.printf(
        "%s, %d cores, heap %d MB%n",
        System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    // Each figure follows three warm-up runs of the same size: the JIT has compiled the whole path
    // by then (MSRP has more code to compile than the plain pair; one warm-up run is not enough).
    for (int i = 0; i < WARM_UPS; i++) {
      nettyCeiling(mb);
    }
    System.out.printf("plain Netty, %d MB: %.0f MB/s%n", mb, nettyCeiling(mb));
    for (int i = 0; i < WARM_UPS; i++) {
      largeMessage(mb, chunk, false, true);
    }
    System.out.printf(
        "MSRP one message from a direct buffer (as the plain pair), %d MB (%s): %.0f" + " MB/s%n",
        mb, how, largeMessage(mb, chunk, false, true));
    System.out.printf(
        "MSRP one message from a byte array, %d MB (%s): %.0f MB/s%n",
        mb, how, largeMessage(mb, chunk, false));
    System.out.printf("plain Netty again, %d MB: %.0f MB/s%n", mb, nettyCeiling(mb));
    largeMessage(mb / 4, chunk, true);
    System.out.printf(
        "MSRP one message over TLS, %d MB (%s): %.0f MB/s%n",
        mb, how, largeMessage(mb, chunk, true));
    // Warm-up as long as the measured run: the JIT compiles the whole path before it is timed.
    smallMessages(messages, true);
    double[] sw = smallMessages(messages, false);
    System.out.printf(
        "MSRP %d x 100 B stop-and-wait: %.0f msg/s, p50 %.0f us, p99 %.0f us%n",
        messages, sw[0], sw[1], sw[2]);
    double[] pl = smallMessages(messages, true);
    System.out.printf(
        "MSRP %d x 100 B pipelined: %.0f msg/s, p50 %.0f us, p99 %.0f us%n",
        messages, pl[0], pl[1], pl[2]);
    int sessions = 10_000;
    double[] shared = manySessions(sessions, false);
    System.out.printf(
        "MSRP %d sessions on one shared connection: %.0f bytes of heap per idle session pair"
            + " (both ends in this process); one 100 B message from each: %.0f msg/s%n",
        sessions, shared[0], shared[1]);
    // Both ends in one process: two descriptors per connection, within the usual limit of 20,000.
    int owning = 4_000;
    double[] own = manySessions(owning, true);
    System.out.printf(
        "MSRP %d sessions, a connection each: %.0f bytes of heap per idle session pair"
            + " (both ends, with their connections); one 100 B message from each: %.0f msg/s%n",
        owning, own[0], own[1]);
  }

  /**
   * {@code n} bound session pairs, on one shared connection or a connection each: heap per idle
   * pair (both ends, after a full GC), then one 100-byte message from every session at once.
   * Returns bytes per pair and messages/s.
   */
  static double[] manySessions(int n, boolean ownConnections) throws Exception {
    try (MsrpStack a = MsrpStack.builder().build();
        MsrpStack b = MsrpStack.builder().build()) {
      MsrpListener l = b.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
      CountDownLatch arrived = new CountDownLatch(n);
      SessionListener counting =
          new SessionListener() {
            @Override
            public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
              arrived.countDown();
            }
          };
      long before = usedHeap();
      List<MsrpSession> alices = new ArrayList<>(n);
      List<MsrpSession> bobs = new ArrayList<>(n);
      List<CompletableFuture<Void>> bound = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        MsrpSession bob =
            b.session(
                MsrpUri.parse(
                    "msrp://127.0.0.1:" + l.localAddress().getPort() + "/b" + i + "x;tcp"),
                counting);
        MsrpSession alice =
            a.session(
                MsrpUri.parse("msrp://127.0.0.1:7777/a" + i + "x;tcp"), new SessionListener() {});
        alice.ownConnection(ownConnections);
        alice.remotePath(List.of(bob.localUri()));
        bound.add(alice.connect(null));
        alices.add(alice);
        bobs.add(bob);
        if (bound.size() == 500) {
          CompletableFuture.allOf(bound.toArray(new CompletableFuture<?>[0]))
              .get(60, TimeUnit.SECONDS);
          bound.clear();
        }
      }
      CompletableFuture.allOf(bound.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      long after = usedHeap();
      byte[] data = new byte[100];
      long t0 = System.nanoTime();
      List<CompletableFuture<Void>> sent = new ArrayList<>(n);
      for (MsrpSession alice : alices) {
        sent.add(alice.send("text/plain", data));
      }
      if (!arrived.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException(arrived.getCount() + " messages did not arrive");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      if (bobs.size() != n) {
        throw new IllegalStateException("sessions lost");
      }
      return new double[] {(after - before) / (double) n, n / seconds};
    }
  }

  private static long usedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100); // a benchmark, not a test: let the collector settle
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Bytes from one channel to another over loopback, no protocol: MB/s. */
  static double nettyCeiling(int mb) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    try {
      long total = (long) mb << 20;
      AtomicLong received = new AtomicLong();
      CountDownLatch done = new CountDownLatch(1);
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(EpollServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(
                              new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                  if (received.addAndGet(((ByteBuf) msg).readableBytes())
                                      >= total) {
                                    done.countDown();
                                  }
                                  ReferenceCountUtil.release(msg);
                                }
                              });
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      byte[] block = new byte[64 << 10];
      new Random(1).nextBytes(block);
      ByteBuf shared = Unpooled.directBuffer(block.length).writeBytes(block);
      Channel client =
          new Bootstrap()
              .group(group)
              .channel(EpollSocketChannel.class)
              .handler(new ChannelInboundHandlerAdapter())
              .connect(server.localAddress())
              .sync()
              .channel();
      long t0 = System.nanoTime();
      client.eventLoop().execute(() -> pump(client, shared, total));
      if (!done.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "the plain transfer did not finish: "
                + received.get()
                + " of "
                + total
                + ", writable "
                + client.isWritable()
                + ", active "
                + client.isActive());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      shared.release();
      client.close().sync();
      server.close().sync();
      return mb / seconds;
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /**
   * Writes while the channel is writable, and goes on when it is writable again (a flush may make
   * it writable at once, before any handler could hear of it).
   */
  private static void pump(Channel ch, ByteBuf block, long remaining) {
    long left = remaining;
    while (left > 0) {
      while (left > 0 && ch.isWritable()) {
        int n = (int) Math.min(block.readableBytes(), left);
        ch.write(block.retainedSlice(0, n));
        left -= n;
      }
      ch.flush();
      if (!ch.isWritable()) {
        break;
      }
    }
    if (left > 0) {
      long rest = left;
      ch.pipeline()
          .addLast(
              new ChannelInboundHandlerAdapter() {
                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                  if (ctx.channel().isWritable()) {
                    ctx.pipeline().remove(this);
                    pump(ctx.channel(), block, rest);
                  }
                }
              });
    }
  }

  /** One message of {@code mb} MB from one session to another, over TCP or TLS: MB/s. */
  static double largeMessage(int mb, int chunk, boolean tls) throws Exception {
    return largeMessage(mb, chunk, tls, false);
  }

  /**
   * As {@link #largeMessage(int, int, boolean)}; {@code direct} sends from a direct buffer (as the
   * plain Netty pair does) instead of a byte array, which the socket must first copy.
   */
  static double largeMessage(int mb, int chunk, boolean tls, boolean direct) throws Exception {
    MsrpTls server = null;
    MsrpTls client = null;
    if (tls) {
      Path dir = Files.createTempDirectory("parley-bench");
      KeyStore ks = TestCertificates.selfSigned(dir, "127.0.0.1");
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, TestCertificates.PASSWORD);
      server = MsrpTls.server(kmf);
      X509Certificate cert = (X509Certificate) ks.getCertificate(TestCertificates.ALIAS);
      client = MsrpTls.client(List.of(Fingerprint.sha256(cert)));
    }
    String scheme = tls ? "msrps" : "msrp";
    try (MsrpStack a =
            MsrpStack.builder()
                .chunkSize(chunk > 0 ? chunk : MsrpStack.DEFAULT_CHUNK_SIZE)
                .streamDirect(chunk == 0)
                .build();
        MsrpStack b = MsrpStack.builder().build()) {
      byte[] data = new byte[mb << 20];
      new Random(2).nextBytes(data);
      CompletableFuture<IncomingMessage> got = new CompletableFuture<>();
      MsrpListener l = b.listen(new InetSocketAddress("127.0.0.1", 0), server).join();
      MsrpSession bob =
          b.session(
              MsrpUri.parse(scheme + "://127.0.0.1:" + l.localAddress().getPort() + "/bob;tcp"),
              new SessionListener() {
                @Override
                public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
                  got.complete(m);
                }
              });
      MsrpSession alice =
          a.session(
              MsrpUri.parse(scheme + "://127.0.0.1:7777/alice;tcp"), new SessionListener() {});
      alice.remotePath(List.of(bob.localUri()));
      alice.connect(client).get(20, TimeUnit.SECONDS);
      ByteBuf buffer = direct ? Unpooled.directBuffer(data.length).writeBytes(data) : null;
      long t0 = System.nanoTime();
      CompletableFuture<Void> sent =
          direct
              ? alice.send("application/octet-stream", buffer, SendOptions.DEFAULT)
              : alice.send("application/octet-stream", data);
      IncomingMessage m = got.get(300, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      sent.get(60, TimeUnit.SECONDS);
      if (buffer != null) {
        buffer.release();
      }
      if (m.received() != data.length) {
        throw new IllegalStateException("received " + m.received() + " of " + data.length);
      }
      return mb / seconds;
    }
  }

  /**
   * {@code count} messages of 100 bytes; latency is send to completion at the receiver. Returns
   * messages/s, p50 and p99 in microseconds.
   */
  static double[] smallMessages(int count, boolean pipelined) throws Exception {
    try (MsrpStack a = MsrpStack.builder().build();
        MsrpStack b = MsrpStack.builder().build()) {
      byte[] data = new byte[100];
      long[] sentAt = new long[count];
      long[] latency = new long[count];
      AtomicLong arrived = new AtomicLong();
      CountDownLatch all = new CountDownLatch(count);
      MsrpListener l = b.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
      MsrpSession bob =
          b.session(
              MsrpUri.parse("msrp://127.0.0.1:" + l.localAddress().getPort() + "/bob;tcp"),
              new SessionListener() {
                @Override
                public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
                  int i = (int) arrived.getAndIncrement();
                  latency[i] = System.nanoTime() - sentAt[i];
                  all.countDown();
                }
              });
      MsrpSession alice =
          a.session(MsrpUri.parse("msrp://127.0.0.1:7777/alice;tcp"), new SessionListener() {});
      alice.remotePath(List.of(bob.localUri()));
      alice.connect(null).get(20, TimeUnit.SECONDS);
      List<CompletableFuture<Void>> pending = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        sentAt[i] = System.nanoTime();
        CompletableFuture<Void> f = alice.send("text/plain", data);
        if (pipelined) {
          pending.add(f);
          if (pending.size() == 1000) {
            pending.get(0).get(60, TimeUnit.SECONDS);
            pending.remove(0);
          }
        } else {
          f.get(60, TimeUnit.SECONDS);
        }
      }
      if (!all.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException("only " + arrived.get() + " of " + count + " arrived");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Arrays.sort(latency);
      return new double[] {
        count / seconds, latency[count / 2] / 1e3, latency[(int) (count * 0.99)] / 1e3
      };
    }
  }
}
