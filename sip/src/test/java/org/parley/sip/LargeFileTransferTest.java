package org.parley.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.FileHash;

/**
 * A 1 GB push between two agents on 127.0.0.1, hash checked at both ends: the file is read a chunk
 * at a time, written off the event loop with at most a few megabytes waiting for the disk.
 *
 * <p>Netty's leak detection is SIMPLE (sampled) for this test: the build's paranoid level records a
 * stack trace at every buffer access, which for 262,144 chunks takes most of a minute; the other
 * file tests keep it paranoid.
 */
class LargeFileTransferTest {
  private static ResourceLeakDetector.Level before;
  private static final int BLOCK = 1 << 20;
  private static final int BLOCKS = 1024;

  @TempDir Path dir;
  private SipAgent alice;
  private SipAgent bob;

  @BeforeAll
  static void sampledLeakDetection() {
    before = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
  }

  @AfterAll
  static void restoreLeakDetection() {
    ResourceLeakDetector.setLevel(before);
  }

  @AfterEach
  void close() throws Exception {
    Agents.closeAll(alice, bob);
  }

  /** 1 GB: one pseudo-random megabyte written 1024 times; returns its SHA-1. */
  private static String write(Path file) throws Exception {
    byte[] block = new byte[BLOCK];
    new Random(1024).nextBytes(block);
    FileHash hash = FileHash.sha1();
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < BLOCKS; i++) {
        ByteBuffer b = ByteBuffer.wrap(block);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        hash.update(block, 0, BLOCK);
      }
    }
    return hash.hashValue();
  }

  @Test
  void aOneGigabyteFileIsPushedAndVerified() throws Exception {
    Path file = dir.resolve("one.gb");
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    String sha1 = write(file);
    CompletableFuture<CompletableFuture<FileTransferResult>> accepted = new CompletableFuture<>();
    alice = Agents.local("alice", new SipListener() {});
    bob = Agents.receiving("bob", offer -> accepted.complete(offer.accept(inbox)));
    try {
      long start = System.nanoTime();
      FileTransferResult sent = alice.sendFile(bob.uri(), file, null).get(120, TimeUnit.SECONDS);
      FileTransferResult got = accepted.get(120, TimeUnit.SECONDS).get(120, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.println("1 GB pushed, hashed at both ends and verified in " + ms + " ms");

      assertThat(sent.sha1()).isEqualTo(sha1);
      assertThat(got.bytes()).isEqualTo((long) BLOCK * BLOCKS);
      assertThat(got.sha1()).isEqualTo(sha1);
      assertThat(got.verified()).isTrue();
      assertThat(Files.size(got.path())).isEqualTo((long) BLOCK * BLOCKS);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(inbox.resolve("one.gb"));
      Files.deleteIfExists(inbox.resolve("one.gb.part"));
    }
  }
}
