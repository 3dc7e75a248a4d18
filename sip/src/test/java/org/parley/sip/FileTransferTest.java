package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileDescription;
import org.parley.im.FileHash;
import org.parley.sdp.FileRange;
import org.parley.sdp.FileSelector;
import org.parley.sip.file.FileSink;

/**
 * RFC 5547 between two agents on 127.0.0.1: push (offer, accept or refuse, MSRP to disk, hash),
 * progress, a transfer cut off and resumed with file-range, and pull.
 */
class FileTransferTest {
  @TempDir Path dir;

  private final BlockingQueue<FileOffer> offers = new LinkedBlockingQueue<>();
  private final BlockingQueue<CompletableFuture<FileTransferResult>> received =
      new LinkedBlockingQueue<>();
  private final BlockingQueue<FilePullRequest> pulls = new LinkedBlockingQueue<>();
  private final List<long[]> receiverProgress = new CopyOnWriteArrayList<>();
  private final List<String> receiverThreads = new CopyOnWriteArrayList<>();
  private volatile boolean refuse;

  /** Cut the next accepted transfer: close its MSRP connection at the first bytes on disk. */
  private final AtomicBoolean cutNext = new AtomicBoolean();

  /** Hold the next accepted transfer's disk thread until the sink stops reading the connection. */
  private final AtomicBoolean stallNext = new AtomicBoolean();

  private final CountDownLatch suspended = new CountDownLatch(1);

  private Path inbox;
  private SipAgent alice;
  private SipAgent bob;

  private void start() throws Exception {
    inbox = Files.createDirectories(dir.resolve("inbox"));
    alice = Agents.local("alice", new SipListener() {});
    bob =
        Agents.local(
            "bob",
            new SipListener() {
              @Override
              public void fileOffer(FileOffer offer) {
                offers.add(offer);
                if (refuse) {
                  offer.refuse();
                  return;
                }
                boolean cut = cutNext.getAndSet(false);
                AtomicBoolean stall = new AtomicBoolean(stallNext.getAndSet(false));
                received.add(
                    offer.accept(
                        inbox,
                        (bytes, total) -> {
                          receiverProgress.add(new long[] {bytes, total});
                          receiverThreads.add(Thread.currentThread().getName());
                          if (stall.getAndSet(false)) {
                            // A disk that does not keep up: nothing is written until the
                            // sink has stopped reading the connection.
                            try {
                              assertThat(suspended.await(Recorder.WAIT_SECONDS, TimeUnit.SECONDS))
                                  .isTrue();
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                          }
                          if (cut) {
                            // On the sink's disk thread: nothing more is written until the
                            // connection is closed, and the connection stops being read once
                            // 4 MB wait for the disk, so the cut falls well inside the file.
                            Channel ch = offer.msrpSession().connection().channel();
                            ch.close().syncUninterruptibly();
                          }
                        }));
                offer.sink().onSuspend(suspended::countDown);
              }

              @Override
              public void filePull(FilePullRequest request) {
                pulls.add(request);
                if (refuse) {
                  request.refuse();
                } else {
                  request.serve(dir.resolve(request.name()));
                }
              }
            });
  }

  @AfterEach
  void close() {
    Agents.closeAll(alice, bob);
  }

  private static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T t = q.poll(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(t).as("nothing came").isNotNull();
    return t;
  }

  private Path randomFile(String name, int size) throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return Files.write(dir.resolve(name), data);
  }

  private void push(int size) throws Exception {
    start();
    Path file = randomFile("f" + size + ".bin", size);
    byte[] data = Files.readAllBytes(file);
    String sha1 = FileHash.of(file);
    List<long[]> senderProgress = new CopyOnWriteArrayList<>();

    FileTransferResult sent =
        SipAgentTest.await(
            alice.sendFile(
                bob.uri(),
                file,
                "application/octet-stream",
                (bytes, total) -> senderProgress.add(new long[] {bytes, total})));
    FileOffer offer = next(offers);
    FileTransferResult got = SipAgentTest.await(next(received));

    assertThat(offer.name()).isEqualTo(file.getFileName().toString());
    assertThat(offer.size()).isEqualTo(size);
    assertThat(offer.sha1()).isEqualTo(sha1);
    assertThat(offer.type()).isEqualTo("application/octet-stream");
    assertThat(offer.transferId()).isNotBlank();
    assertThat(offer.from()).isEqualTo("sip:alice@127.0.0.1");
    assertThat(sent.bytes()).isEqualTo(size);
    assertThat(sent.sha1()).isEqualTo(sha1);
    assertThat(sent.resumed()).isFalse();
    assertThat(got.verified()).isTrue();
    assertThat(got.bytes()).isEqualTo(size);
    assertThat(got.sha1()).isEqualTo(sha1);
    assertThat(got.path()).isEqualTo(inbox.resolve(offer.name()));
    assertThat(Files.readAllBytes(got.path())).isEqualTo(data);
    assertThat(Files.exists(inbox.resolve(offer.name() + ".part"))).isFalse();
    assertThat(Files.exists(inbox.resolve(offer.name() + ".part.selector"))).isFalse();
    // Both ends heard a last call with the whole file, and never more than the file.
    assertThat(senderProgress.get(senderProgress.size() - 1)).containsExactly(size, size);
    assertThat(receiverProgress.get(receiverProgress.size() - 1)).containsExactly(size, size);
    assertThat(receiverProgress).allSatisfy(p -> assertThat(p[0]).isBetween(0L, (long) size));
  }

  @Test
  void anEmptyFileIsPushedAndVerified() throws Exception {
    push(0);
  }

  @Test
  void aOneByteFileIsPushedAndVerified() throws Exception {
    push(1);
  }

  @Test
  void a64KbFileIsPushedAndVerifiedAndWrittenOffTheEventLoop() throws Exception {
    push(64 * 1024);
    assertThat(receiverThreads).allSatisfy(t -> assertThat(t).contains("-file-"));
  }

  @Test
  void aRefusedOfferFailsAsDeclinedAndWritesNothing() throws Exception {
    refuse = true;
    start();
    Path file = Files.write(dir.resolve("secret.txt"), new byte[] {1, 2, 3});
    SipFailure f = SipAgentTest.failure(alice.sendFile(bob.uri(), file, null));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.DECLINED);
    assertThat(next(offers).name()).isEqualTo("secret.txt");
    try (var files = Files.list(dir.resolve("inbox"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aTransferCutOffIsResumedWithTheMissingRangeOnlyAndVerifiedWhole() throws Exception {
    start();
    int size = 16 << 20;
    Path file = randomFile("big.bin", size);
    String sha1 = FileHash.of(file);

    cutNext.set(true);
    CompletableFuture<FileTransferResult> first = alice.sendFile(bob.uri(), file, null);
    assertThat(first).failsWithin(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(next(received)).failsWithin(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
    Path part = inbox.resolve("big.bin.part");
    long kept = Files.size(part);
    assertThat(kept).isPositive().isLessThan(size);
    assertThat(Files.exists(inbox.resolve("big.bin"))).isFalse();
    byte[] data = Files.readAllBytes(file);
    assertThat(Files.readAllBytes(part)).isEqualTo(Arrays.copyOf(data, (int) kept));

    receiverProgress.clear();
    FileTransferResult sent = SipAgentTest.await(alice.sendFile(bob.uri(), file, null));
    FileOffer again = next(offers);
    next(offers); // the first one
    FileTransferResult got = SipAgentTest.await(next(received));

    assertThat(again.partial(inbox)).as("consumed").isZero();
    assertThat(sent.from()).isEqualTo(kept);
    assertThat(sent.resumed()).isTrue();
    assertThat(got.from()).isEqualTo(kept);
    assertThat(got.bytes()).isEqualTo(size);
    assertThat(got.sha1()).isEqualTo(sha1);
    assertThat(got.verified()).isTrue();
    assertThat(Files.readAllBytes(inbox.resolve("big.bin"))).isEqualTo(data);
    assertThat(Files.exists(part)).isFalse();
    assertThat(Files.exists(inbox.resolve("big.bin.part.selector"))).isFalse();
    assertThat(receiverProgress).allSatisfy(p -> assertThat(p[0]).isGreaterThanOrEqualTo(kept));
  }

  @Test
  void aDiskThatLagsStopsTheReadsSoLittleWaitsInMemory() throws Exception {
    start();
    int size = 32 << 20;
    Path file = randomFile("slow.bin", size);

    stallNext.set(true);
    FileTransferResult sent = SipAgentTest.await(alice.sendFile(bob.uri(), file, null));
    FileOffer offer = next(offers);
    FileTransferResult got = SipAgentTest.await(next(received));

    assertThat(suspended.getCount()).as("the reads were suspended").isZero();
    // Without the suspension all 32 MB would have waited for the stalled disk; with it, what
    // waits is the high-water mark plus what the read in progress brought.
    assertThat(offer.sink().maxQueued())
        .isGreaterThan(FileSink.HIGH_WATER)
        .isLessThan(FileSink.HIGH_WATER + (4 << 20));
    assertThat(offer.msrpSession().readingSuspended()).isFalse();
    assertThat(sent.verified()).isTrue();
    assertThat(got.verified()).isTrue();
    assertThat(got.sha1()).isEqualTo(FileHash.of(file));
  }

  @Test
  void aPartOfAnotherFileIsNotResumedButReplaced() throws Exception {
    start();
    Path file = randomFile("same-name.bin", 10_000);
    Files.write(inbox.resolve("same-name.bin.part"), new byte[5_000]);
    Files.writeString(
        inbox.resolve("same-name.bin.part.selector"),
        "name:\"same-name.bin\" size:10000 hash:sha-1:" + "00:".repeat(19) + "00\n");

    FileTransferResult sent = SipAgentTest.await(alice.sendFile(bob.uri(), file, null));
    FileTransferResult got = SipAgentTest.await(next(received));

    assertThat(sent.from()).isZero();
    assertThat(got.from()).isZero();
    assertThat(got.verified()).isTrue();
    assertThat(Files.readAllBytes(got.path())).isEqualTo(Files.readAllBytes(file));
  }

  private static FileSelector selectorOf(Path file) throws Exception {
    return FileAttributes.selector(FileDescription.of(file, null));
  }

  @Test
  void aPulledFileArrivesVerified() throws Exception {
    start();
    Path file = randomFile("served.bin", 200_000);
    List<long[]> progress = new CopyOnWriteArrayList<>();
    Path mine = Files.createDirectories(dir.resolve("mine"));

    FileTransferResult got =
        SipAgentTest.await(
            alice.pullFile(
                bob.uri(),
                selectorOf(file),
                mine,
                (bytes, total) -> progress.add(new long[] {bytes, total})));

    FilePullRequest request = next(pulls);
    assertThat(request.name()).isEqualTo("served.bin");
    assertThat(request.sha1()).isEqualTo(FileHash.of(file));
    assertThat(request.size()).isEqualTo(200_000);
    assertThat(request.range()).isNull();
    assertThat(request.from()).isEqualTo("sip:alice@127.0.0.1");
    assertThat(got.verified()).isTrue();
    assertThat(got.bytes()).isEqualTo(200_000);
    assertThat(got.path()).isEqualTo(mine.resolve("served.bin"));
    assertThat(Files.readAllBytes(got.path())).isEqualTo(Files.readAllBytes(file));
    assertThat(progress.get(progress.size() - 1)).containsExactly(200_000, 200_000);
  }

  @Test
  void aPullResumesAPartWithAFileRange() throws Exception {
    start();
    Path file = randomFile("served.bin", 100_000);
    byte[] data = Files.readAllBytes(file);
    Path mine = Files.createDirectories(dir.resolve("mine"));
    FileSelector selector = selectorOf(file);
    Files.write(mine.resolve("served.bin.part"), Arrays.copyOf(data, 30_000));
    Files.writeString(mine.resolve("served.bin.part.selector"), selector + "\n");

    FileTransferResult got =
        SipAgentTest.await(alice.pullFile(bob.uri(), selector, mine, FileProgress.NONE));

    FileRange asked = next(pulls).range();
    assertThat(asked.start()).isEqualTo(30_001);
    assertThat(asked.stop()).isEqualTo(100_000);
    assertThat(got.from()).isEqualTo(30_000);
    assertThat(got.verified()).isTrue();
    assertThat(Files.readAllBytes(got.path())).isEqualTo(data);
  }

  @Test
  void aPullByNameAloneIsCheckedAgainstTheSizeAndHashTheSenderAnswersWith() throws Exception {
    start();
    Path file = randomFile("named.bin", 150_000);
    Path mine = Files.createDirectories(dir.resolve("mine"));

    FileTransferResult got =
        SipAgentTest.await(
            alice.pullFile(
                bob.uri(), FileSelector.parse("name:\"named.bin\""), mine, FileProgress.NONE));

    FilePullRequest request = next(pulls);
    assertThat(request.sha1()).isNull();
    assertThat(request.size()).isEqualTo(-1);
    assertThat(got.sha1()).isEqualTo(FileHash.of(file));
    assertThat(got.verified()).isTrue();
    assertThat(Files.readAllBytes(got.path())).isEqualTo(Files.readAllBytes(file));
    assertThat(Files.exists(mine.resolve("named.bin.part.selector"))).isFalse();
  }

  @Test
  void aPullByNameAloneResumesFromTheSelectorKeptBesideThePart() throws Exception {
    start();
    Path file = randomFile("kept.bin", 90_000);
    byte[] data = Files.readAllBytes(file);
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.write(mine.resolve("kept.bin.part"), Arrays.copyOf(data, 40_000));
    Files.writeString(mine.resolve("kept.bin.part.selector"), selectorOf(file) + "\n");
    FileSelector byName = FileSelector.parse("name:\"kept.bin\"");

    PartialPull start = PartialPull.find(mine, byName);
    assertThat(start.have()).isEqualTo(40_000);
    assertThat(start.selector().size()).hasValue(90_000);
    assertThat(FileOffer.sha1(start.selector())).isEqualTo(FileHash.of(file));
    // A hash that is not the kept one starts over.
    assertThat(
            PartialPull.find(
                    mine,
                    FileSelector.parse("name:\"kept.bin\" hash:sha-1:" + "AB:".repeat(19) + "AB"))
                .have())
        .isZero();

    FileTransferResult got =
        SipAgentTest.await(alice.pullFile(bob.uri(), byName, mine, FileProgress.NONE));

    assertThat(next(pulls).range().start()).isEqualTo(40_001);
    assertThat(got.from()).isEqualTo(40_000);
    assertThat(got.verified()).isTrue();
    assertThat(Files.readAllBytes(got.path())).isEqualTo(data);
  }

  @Test
  void aRefusedPullFailsAsDeclinedAndLeavesNothing() throws Exception {
    refuse = true;
    start();
    Path mine = Files.createDirectories(dir.resolve("mine"));
    SipFailure f =
        SipAgentTest.failure(
            alice.pullFile(
                bob.uri(),
                FileSelector.parse(
                    "name:\"nope.bin\" size:10 hash:sha-1:" + "AB:".repeat(19) + "AB"),
                mine,
                FileProgress.NONE));
    assertThat(f.kind()).isEqualTo(SipFailure.Kind.DECLINED);
    try (var files = Files.list(mine)) {
      assertThat(files).isEmpty();
    }
  }
}
