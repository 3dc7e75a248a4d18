package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileHash;

/** RFC 5547 push between two agents on 127.0.0.1: offer, accept or refuse, MSRP to disk, hash. */
class FileTransferTest {
  @TempDir Path dir;

  private final BlockingQueue<FileOffer> offers = new LinkedBlockingQueue<>();
  private final BlockingQueue<CompletableFuture<FileTransferResult>> received =
      new LinkedBlockingQueue<>();
  private volatile boolean refuse;
  private SipAgent alice;
  private SipAgent bob;

  private void start() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    alice = SipAgent.start(SipConfig.builder("sip:alice@127.0.0.1").build(), new SipListener() {});
    bob =
        SipAgent.start(
            SipConfig.builder("sip:bob@127.0.0.1").build(),
            new SipListener() {
              @Override
              public void fileOffer(FileOffer offer) {
                offers.add(offer);
                if (refuse) {
                  offer.refuse();
                } else {
                  received.add(offer.accept(inbox));
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

  private void push(int size) throws Exception {
    start();
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    Path file = Files.write(dir.resolve("f" + size + ".bin"), data);
    String sha1 = FileHash.of(file);

    FileTransferResult sent =
        SipAgentTest.await(alice.sendFile(bob.uri(), file, "application/octet-stream"));
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
    assertThat(got.verified()).isTrue();
    assertThat(got.bytes()).isEqualTo(size);
    assertThat(got.sha1()).isEqualTo(sha1);
    assertThat(got.path()).isEqualTo(dir.resolve("inbox").resolve(offer.name()));
    assertThat(Files.readAllBytes(got.path())).isEqualTo(data);
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
  void a64KbFileIsPushedAndVerified() throws Exception {
    push(64 * 1024);
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
}
