package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpListener;

/**
 * {@link MsrpSession#keepAlive(Duration, Duration)} over real sockets: a peer that stops reading in
 * the middle of a long message (as a stopped process does) is noticed within the interval and the
 * time-out once the socket buffers are full, with {@link PeerNotRespondingException}; a peer that
 * does not read for a while (its consumer lags) but keeps sending its own keep-alives is alive, and
 * the message completes once it reads again; an end that resumes reading does not blame its peer
 * for the bytes it has not read yet.
 */
@Timeout(120)
class KeepAliveTest {
  // Generous for a loaded machine: an event loop starved of CPU for the time-out is silent.
  private static final Duration INTERVAL = Duration.ofMillis(250);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final int SIZE = 32 << 20;

  @RegisterExtension final Stacks stacks = new Stacks();

  private final CompletableFuture<Void> aliceClosed = new CompletableFuture<>();
  private final MsrpSessionTest.Inbox inbox = new MsrpSessionTest.Inbox();
  private MsrpSession alice;
  private MsrpSession bob;

  /** Alice's session bound to Bob's, and Bob's reading suspended. */
  private void connectedAndBobNotReading() throws Exception {
    connectedAndBobNotReading(MsrpStack.builder());
  }

  private void connectedAndBobNotReading(MsrpStack.Builder alicesStack) throws Exception {
    MsrpStack a = stacks.add(alicesStack.build());
    MsrpStack b = stacks.add(MsrpStack.builder().build());
    MsrpListener l = b.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    bob =
        b.session(
            MsrpUri.parse("msrp://127.0.0.1:" + l.localAddress().getPort() + "/bob;tcp"), inbox);
    alice =
        a.session(
            MsrpUri.parse("msrp://127.0.0.1:7777/alice;tcp"),
            new SessionListener() {
              @Override
              public void closed(MsrpSession s) {
                aliceClosed.complete(null);
              }
            });
    alice.remotePath(List.of(bob.localUri()));
    alice.connect(null).get(20, TimeUnit.SECONDS);
    bob.bound().get(20, TimeUnit.SECONDS);
    bob.remotePath(List.of(alice.localUri())); // from the SDP, in an application
    bob.suspendReading();
  }

  @Test
  void aPeerThatStopsReadingMidMessageIsNotRespondingWithinSeconds() throws Exception {
    connectedAndBobNotReading();
    CompletableFuture<Void> sending = alice.send("application/octet-stream", new byte[SIZE]);
    alice.keepAlive(INTERVAL, TIMEOUT);
    long start = System.nanoTime();

    aliceClosed.get(20, TimeUnit.SECONDS);
    // Interval plus time-out once the buffers are full; the bound leaves room for a loaded machine.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(alice.closeCause()).isInstanceOf(PeerNotRespondingException.class);
    assertThat(((PeerNotRespondingException) alice.closeCause()).silence()).isEqualTo(TIMEOUT);
    assertThatThrownBy(() -> sending.get(20, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(Exception.class);
  }

  @Test
  void aPeerThatDoesNotReadButSendsItsOwnKeepAlivesIsAlive() throws Exception {
    connectedAndBobNotReading();
    bob.keepAlive(INTERVAL, TIMEOUT);
    CompletableFuture<Void> sending = alice.send("application/octet-stream", new byte[SIZE]);
    alice.keepAlive(INTERVAL, TIMEOUT);

    // Several times the time-out without reading: Alice hears Bob's SENDs, and Bob holds no
    // silence against Alice while he does not read.
    assertThatThrownBy(() -> aliceClosed.get(3 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(alice.connection().isOpen()).isTrue();
    assertThat(bob.connection().isOpen()).isTrue();

    bob.resumeReading();
    try {
      sending.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(
          "the send failed; Alice's close cause: "
              + alice.closeCause()
              + ", Bob's: "
              + bob.closeCause(),
          e);
    }
    assertThat(inbox.done.get(30, TimeUnit.SECONDS).received()).isEqualTo(SIZE);
    assertThat(alice.closeCause()).isNull();
  }

  /**
   * Review of 4db0b09: the stack's transaction time-out of a keep-alive SEND closed the connection
   * whatever the signs of life (here Bob does not read, so Alice's SENDs wait unread in his socket,
   * while his own SENDs keep coming). With the time-out of the one-argument {@code keepAlive},
   * equal to the transaction time-out, Alice closed on a live peer after one time-out.
   */
  @Test
  void aKeepAliveSendTheStackTimedOutIsJudgedBySignsOfLife() throws Exception {
    connectedAndBobNotReading(MsrpStack.builder().transactionTimeout(TIMEOUT));
    bob.keepAlive(INTERVAL, TIMEOUT);
    alice.keepAlive(INTERVAL, TIMEOUT);

    assertThatThrownBy(() -> aliceClosed.get(3 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .as("Alice's close cause: %s", alice.closeCause())
        .isInstanceOf(TimeoutException.class);
    assertThat(alice.connection().isOpen()).isTrue();
    assertThat(bob.connection().isOpen()).isTrue();
    bob.resumeReading();
  }

  /**
   * The other side of the test above: with no sign of life, the checks still find the peer dead.
   */
  @Test
  void aStoppedPeerIsFoundWhenTheStackTimesTheKeepAliveOutFirst() throws Exception {
    connectedAndBobNotReading(MsrpStack.builder().transactionTimeout(TIMEOUT));
    CompletableFuture<Void> sending = alice.send("application/octet-stream", new byte[SIZE]);
    alice.keepAlive(INTERVAL); // its time-out is the stack's transaction time-out

    aliceClosed.get(20, TimeUnit.SECONDS);
    assertThat(alice.closeCause()).isInstanceOf(PeerNotRespondingException.class);
    assertThatThrownBy(() -> sending.get(20, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(Exception.class);
  }

  /**
   * Repeat-verify at febea28, run 5: Bob's check ran right after his resume and before his first
   * read (a late loop runs the resume task, then the check that fell due meanwhile), saw nothing
   * heard since its mark, and closed the connection on Alice mid-message.
   */
  @Test
  void aCheckRightAfterTheResumeDoesNotBlameThePeer() throws Exception {
    connectedAndBobNotReading();
    Duration timeout = Duration.ofSeconds(1);
    bob.keepAlive(Duration.ofMillis(100), timeout);
    EventLoop loop = bob.connection().channel().eventLoop();
    // On Bob's loop's clock: his first keep-alive went, and its check is scheduled.
    loop.schedule(() -> {}, 200, TimeUnit.MILLISECONDS).get(20, TimeUnit.SECONDS);

    // Bob's loop stalls in its I/O phase past a check's due time (as on a loaded machine or in a
    // GC pause) while the application resumes reading: when the loop runs its tasks, the resume
    // comes first and the check right after it, before any read.
    CountDownLatch stalled = new CountDownLatch(1);
    boolean epoll = Epoll.isAvailable();
    Channel server =
        new ServerBootstrap()
            .group(loop)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .childHandler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg)
                      throws InterruptedException {
                    ReferenceCountUtil.release(msg);
                    stalled.countDown();
                    Thread.sleep(timeout.toMillis() + 100); // the stalled loop, not a wait
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    Channel client =
        new Bootstrap()
            .group(loop)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(server.localAddress())
            .sync()
            .channel();
    try {
      client.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
      assertThat(stalled.await(20, TimeUnit.SECONDS)).isTrue();
      bob.resumeReading();
      // On the loop's clock again: every check due by then has run.
      loop.schedule(() -> {}, 2 * timeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(20, TimeUnit.SECONDS);
      assertThat(bob.closeCause()).isNull();
      assertThat(bob.connection().isOpen()).isTrue();
    } finally {
      client.close().sync();
      server.close().sync();
    }
  }
}
