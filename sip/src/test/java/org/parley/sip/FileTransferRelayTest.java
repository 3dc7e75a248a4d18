package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileDescription;
import org.parley.im.FileHash;
import org.parley.msrp.MsrpUri;
import org.parley.relay.HtdigestUserStore;
import org.parley.relay.Relay;
import org.parley.relay.RelayConfig;
import org.parley.sdp.FileSelector;

/** RFC 5547 push and pull between two agents that are both behind Parley's MSRP relay. */
class FileTransferRelayTest {
  private static final String REALM = "parley.test";

  @TempDir static Path dir;
  private static Relay relay;

  private SipAgent alice;
  private SipAgent bob;

  @BeforeAll
  static void startRelay() throws Exception {
    Path users = dir.resolve("users.htdigest");
    Files.writeString(
        users,
        HtdigestUserStore.line("alice", REALM, "alice-secret")
            + "\n"
            + HtdigestUserStore.line("bob", REALM, "bob-secret")
            + "\n");
    relay =
        Relay.start(
            RelayConfig.builder()
                .listen(MsrpUri.parse("msrp://127.0.0.1:0;tcp"))
                .users(users)
                .realm(REALM)
                .threads(2)
                .build());
  }

  @AfterAll
  static void stopRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob);
  }

  private static SipAgent agent(String user, SipListener listener) {
    return SipAgent.start(
        SipConfig.builder("sip:" + user + "@127.0.0.1")
            .relay(MsrpRelay.of(relay.uri().toString(), user, user + "-secret"))
            .build(),
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
    FileSelector selector = FileSelector.parse(FileDescription.of(file, null).fileSelector());
    FileTransferResult pulled =
        SipAgentTest.await(alice.pullFile(bob.uri(), selector, mine, FileProgress.NONE));
    assertThat(pulled.verified()).isTrue();
    assertThat(Files.readAllBytes(pulled.path())).isEqualTo(data);
  }
}
