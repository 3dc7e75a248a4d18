package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileDescription;
import org.parley.im.FileHash;
import org.parley.sdp.FileSelector;

/** RFC 5547 push and pull between two agents that are both behind Parley's MSRP relay. */
class FileTransferRelayTest {
  @TempDir static Path dir;
  @RegisterExtension static final TestRelay relay = new TestRelay();

  private SipAgent alice;
  private SipAgent bob;

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob);
  }

  private static SipAgent agent(String user, SipListener listener) {
    return SipAgent.start(
        SipConfig.builder("sip:" + user + "@127.0.0.1").relay(relay.account(user)).build(),
        listener);
  }

  @Test
  void aFileIsPushedAndPulledThroughTheRelay() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Path served = Files.createDirectories(dir.resolve("served"));
    byte[] data = new byte[3 << 20];
    new Random(11).nextBytes(data);
    Path file = Files.write(served.resolve("relayed.bin"), data);
    CompletableFuture<CompletableFuture<FileTransferResult>> accepted = new CompletableFuture<>();
    alice = agent("alice", new SipListener() {});
    bob =
        agent(
            "bob",
            new SipListener() {
              @Override
              public void fileOffer(FileOffer offer) {
                accepted.complete(offer.accept(inbox));
              }

              @Override
              public void filePull(FilePullRequest request) {
                request.serve(served.resolve(request.name()));
              }
            });

    FileTransferResult sent = SipAgentTest.await(alice.sendFile(bob.uri(), file, null));
    FileTransferResult got = SipAgentTest.await(SipAgentTest.await(accepted));
    assertThat(sent.sha1()).isEqualTo(FileHash.of(file));
    assertThat(got.verified()).isTrue();
    assertThat(Files.readAllBytes(got.path())).isEqualTo(data);

    Path mine = Files.createDirectories(dir.resolve("mine"));
    FileSelector selector = FileAttributes.selector(FileDescription.of(file, null));
    FileTransferResult pulled =
        SipAgentTest.await(alice.pullFile(bob.uri(), selector, mine, FileProgress.NONE));
    assertThat(pulled.verified()).isTrue();
    assertThat(Files.readAllBytes(pulled.path())).isEqualTo(data);
  }
}
