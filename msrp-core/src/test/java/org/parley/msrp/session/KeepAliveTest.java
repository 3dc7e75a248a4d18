package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * the message completes once it reads again.
 */
@Timeout(120)
class KeepAliveTest {
  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final int SIZE = 32 << 20;

  @RegisterExtension final Stacks stacks = new Stacks();

  private final CompletableFuture<Void> aliceClosed = new CompletableFuture<>();
  private final MsrpSessionTest.Inbox inbox = new MsrpSessionTest.Inbox();
  private MsrpSession alice;
  private MsrpSession bob;

  /** Alice's session bound to Bob's, and Bob's reading suspended. */
  private void connectedAndBobNotReading() throws Exception {
    MsrpStack a = stacks.add(MsrpStack.builder().build());
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
    assertThatThrownBy(() -> aliceClosed.get(3, TimeUnit.SECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(alice.connection().isOpen()).isTrue();
    assertThat(bob.connection().isOpen()).isTrue();

    bob.resumeReading();
    sending.get(30, TimeUnit.SECONDS);
    assertThat(inbox.done.get(30, TimeUnit.SECONDS).received()).isEqualTo(SIZE);
    assertThat(alice.closeCause()).isNull();
  }
}
