package org.parley.msrp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.transport.MsrpListener;

/**
 * The 200 of a message's last chunk is a promise that the application has the message: it goes out
 * only after the listener heard {@code completed}. A listener that fails there gets no 200 sent in
 * its name (were the 200 written first, the peer would read it); the chunks before the last are
 * answered as they come.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LastChunkAnswerTest {
  @RegisterExtension final Stacks stacks = new Stacks();

  private int port;

  /** A stack listening on 127.0.0.1 with one session that tells {@code listener}; its URI. */
  private String listening(String sessionId, SessionListener listener) {
    MsrpStack bob = stacks.add(MsrpStack.builder().build());
    MsrpListener l = bob.listen(new InetSocketAddress("127.0.0.1", 0), null).join();
    port = l.localAddress().getPort();
    MsrpUri uri = MsrpUri.parse("msrp://127.0.0.1:" + port + "/" + sessionId + ";tcp");
    return bob.session(uri, listener).localUri().toString();
  }

  @Test
  void theLastChunkIsNotAnswered200WhenTheListenerFailsToTakeTheMessage() throws Exception {
    CompletableFuture<Boolean> completed = new CompletableFuture<>();
    SessionListener failing =
        new SessionListener() {
          @Override
          public void completed(MsrpSession session, IncomingMessage message, boolean aborted) {
            completed.complete(aborted);
            throw new IllegalStateException("the application could not store the message");
          }
        };
    String to = listening("lc1", failing);
    String from = "msrp://127.0.0.1:7777/raw1;tcp";
    try (RawClient c = new RawClient(port)) {
      c.write(RawClient.send("tlast0001", to, from, "m-last", "1-5/10", "hello", '+'));
      assertThat(c.readStatus()).as("the first chunk's answer").isEqualTo(200);
      c.write(RawClient.send("tlast0002", to, from, "m-last", "6-10/10", "world", '$'));
      int last;
      try {
        last = c.readStatus();
      } catch (EOFException closed) {
        last = -1;
      }
      assertThat(completed.get(20, TimeUnit.SECONDS)).as("aborted").isFalse();
      assertThat(last).as("the last chunk's answer (-1: connection closed)").isNotEqualTo(200);
    }
  }
}
