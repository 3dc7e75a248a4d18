package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileHash;
import org.parley.sdp.FileSelector;

/**
 * What a peer's file may do to the receiver's disk, between two agents on 127.0.0.1: it never
 * replaces a file (a free numbered name is taken), never becomes a file when it does not match its
 * offer (it stays {@code NAME.part}), is never written through a symbolic link, and is refused
 * (MSRP 413) beyond its announced size or the agent's disk budget.
 */
@Timeout(120)
class ReceivedFileSafetyTest {
  @TempDir Path dir;

  private final BlockingQueue<CompletableFuture<FileTransferResult>> received =
      new LinkedBlockingQueue<>();
  private Path inbox;
  private SipAgent alice;
  private SipAgent bob;

  private void start(long bobDiskBudget) throws Exception {
    inbox = Files.createDirectories(dir.resolve("inbox"));
    alice = Agents.local("alice", new SipListener() {});
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1").diskBudget(bobDiskBudget).build(),
            new SipListener() {
              @Override
              public void fileOffer(FileOffer offer) {
                received.add(offer.accept(inbox));
              }

              @Override
              public void filePull(FilePullRequest request) {
                request.serve(dir.resolve(request.name()));
              }
            });
  }

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob);
  }

  private CompletableFuture<FileTransferResult> next() throws InterruptedException {
    CompletableFuture<FileTransferResult> f =
        received.poll(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(f).as("no offer came").isNotNull();
    return f;
  }

  private Path randomFile(String name, int size) throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return Files.write(dir.resolve(name), data);
  }

  private static String failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause().getMessage());
    }
    throw new AssertionError("the transfer did not fail");
  }

  @Test
  void aFileOfTheSameNameIsNeverReplacedTheNextFreeNameIsTaken() throws Exception {
    start(SipConfig.DEFAULT_DISK_BUDGET);
    Path file = randomFile("report.pdf", 20_000);
    Path mine = Files.writeString(inbox.resolve("report.pdf"), "my own report");
    Files.writeString(inbox.resolve("report (1).pdf"), "my first copy");

    SipAgentTest.await(alice.sendFile(bob.uri(), file, null));
    FileTransferResult got = SipAgentTest.await(next());

    assertThat(got.verified()).isTrue();
    assertThat(got.path()).isEqualTo(inbox.resolve("report (2).pdf"));
    assertThat(Files.readAllBytes(got.path())).isEqualTo(Files.readAllBytes(file));
    assertThat(Files.readString(mine)).isEqualTo("my own report");
    assertThat(Files.readString(inbox.resolve("report (1).pdf"))).isEqualTo("my first copy");
    assertThat(inbox.resolve("report.pdf.part")).doesNotExist();
  }

  @Test
  void aFileThatDoesNotMatchItsHashStaysAPartAndNeverTakesTheName() throws Exception {
    start(SipConfig.DEFAULT_DISK_BUDGET);
    Path file = randomFile("served.bin", 30_000);
    Path mine = Files.createDirectories(dir.resolve("mine"));
    String wrong = "00:".repeat(19) + "00";
    FileSelector selector =
        FileSelector.builder().name("served.bin").size(30_000).hash(FileHash.SHA_1, wrong).build();

    FileTransferResult got =
        SipAgentTest.await(alice.pullFile(bob.uri(), selector, mine, FileProgress.NONE));

    assertThat(got.verified()).isFalse();
    assertThat(got.path()).isEqualTo(mine.resolve("served.bin.part"));
    assertThat(mine.resolve("served.bin")).doesNotExist();
    assertThat(mine.resolve("served.bin.part.selector")).doesNotExist();
    assertThat(Files.readAllBytes(got.path())).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void aPartThatIsASymbolicLinkIsNotFollowed() throws Exception {
    start(SipConfig.DEFAULT_DISK_BUDGET);
    Path file = randomFile("notes.txt", 5_000);
    Path victim = Files.writeString(dir.resolve("victim"), "precious", StandardCharsets.UTF_8);
    Files.createSymbolicLink(inbox.resolve("notes.txt.part"), victim);

    CompletableFuture<FileTransferResult> sent = alice.sendFile(bob.uri(), file, null);
    assertThat(failure(next())).contains("symbolic link");
    assertThat(sent).failsWithin(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(Files.readString(victim)).isEqualTo("precious");
    assertThat(inbox.resolve("notes.txt")).doesNotExist();
    assertThat(Files.isSymbolicLink(inbox.resolve("notes.txt.part"))).isTrue();
  }

  @Test
  void aSelectorFileThatIsASymbolicLinkIsNotWrittenThrough() throws Exception {
    start(SipConfig.DEFAULT_DISK_BUDGET);
    Path file = randomFile("notes.txt", 5_000);
    Path victim = Files.writeString(dir.resolve("victim"), "precious", StandardCharsets.UTF_8);
    Files.createSymbolicLink(inbox.resolve("notes.txt.part.selector"), victim);

    alice.sendFile(bob.uri(), file, null);
    assertThat(failure(next())).contains("symbolic link");
    assertThat(Files.readString(victim)).isEqualTo("precious");
  }

  @Test
  void bytesBeyondTheAnnouncedSizeAreRefusedWith413() throws Exception {
    start(SipConfig.DEFAULT_DISK_BUDGET);
    randomFile("served.bin", 50_000);
    Path mine = Files.createDirectories(dir.resolve("mine"));
    // The puller expects 1000 bytes; the server sends 50,000.
    FileSelector selector = FileSelector.builder().name("served.bin").size(1_000).build();

    String why = failure(alice.pullFile(bob.uri(), selector, mine, FileProgress.NONE));

    assertThat(why).contains("413");
    assertThat(mine.resolve("served.bin")).doesNotExist();
    assertThat(mine.resolve("served.bin.part")).doesNotExist();
  }

  @Test
  void aFileBeyondTheDiskBudgetIsRefusedWith413AndTheBudgetHoldsAcrossFiles() throws Exception {
    start(60_000);
    Path first = randomFile("first.bin", 40_000);
    Path second = randomFile("second.bin", 40_000);

    SipAgentTest.await(alice.sendFile(bob.uri(), first, null));
    assertThat(SipAgentTest.await(next()).verified()).isTrue();

    CompletableFuture<FileTransferResult> sent = alice.sendFile(bob.uri(), second, null);
    assertThat(failure(next())).contains("413");
    assertThat(failure(sent)).contains("413");
    assertThat(inbox.resolve("second.bin")).doesNotExist();
    assertThat(inbox.resolve("second.bin.part")).doesNotExist();
  }
}
