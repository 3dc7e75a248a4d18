package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failures users met as Java or Netty internals, each with the words they now see: what
 * happened and what to do (issue 16, "errors in words").
 */
@Timeout(120)
class ProblemTest {
  @Test
  void internalsBecomeWords() {
    assertThat(Problem.words(new CompletionException(new NullPointerException())))
        .isEqualTo("failed (NullPointerException)")
        .doesNotContain("null");
    assertThat(Problem.words(new ExecutionException(new ClosedChannelException())))
        .contains("the connection closed before an answer")
        .contains("try msrps://");
    assertThat(
            Problem.words(
                new SSLHandshakeException(
                    "PKIX path building failed: unable to find valid certification path to"
                        + " requested target")))
        .contains("certificate is not trusted")
        .contains("--relay-fingerprint");
    assertThat(
            Problem.words(
                new java.io.IOException(
                    "writevAddresses(..) failed with error(-104): Connection" + " reset by peer")))
        .isEqualTo("the peer reset the connection");
    assertThat(Problem.words(new ConnectException("Connection refused")))
        .contains("nothing answers there (connection refused)");
    assertThat(Problem.words(new java.io.IOException((String) null)))
        .isEqualTo("failed (IOException)");
    assertThat(Problem.words(new IllegalStateException("the relay is gone")))
        .isEqualTo("the relay is gone");
  }

  @Test
  void aSipPortInUseIsNamedWithItsProtocol() throws Exception {
    try (ServerSocket tcp = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String uri = "sip:bob@127.0.0.1:" + tcp.getLocalPort();
      ChatCommandTest.Running bob = new ChatCommandTest.Running("--listen", uri, "--json");
      String error = bob.next("error");
      assertThat(MsrpCommandsTest.field(error, "error"))
          .isEqualTo(
              "cannot listen on 127.0.0.1:"
                  + tcp.getLocalPort()
                  + ": the TCP port is in use by another program");
      assertThat(bob.exitCode()).isEqualTo(Parley.FAILED);
    }
  }
}
