package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.sip.FileOffer;
import org.parley.sip.FileTransferResult;
import org.parley.sip.Invitation;
import org.parley.sip.SipListener;

/**
 * A 100 MB file chosen in the page (headless Chromium) streams over wss through the relay to a
 * terminal, which writes it to disk: the heap of the relay and the terminal (after a full
 * collection at each quarter of the transfer) grows by at most 64 MB, and the file arrives
 * byte-exact with its SHA-1 checked.
 */
@Timeout(900)
class BrowserLargeFileTest {
  private static final long SIZE = 100L << 20;

  @TempDir Path dir;

  @Test
  void aHundredMegabyteFileFromThePageStreamsThroughTheRelayInBoundedHeap() throws Exception {
    Path file = dir.resolve("big.bin");
    Random random = new Random(7);
    byte[] block = new byte[1 << 20];
    try (OutputStream o = Files.newOutputStream(file)) {
      for (long n = 0; n < SIZE; n += block.length) {
        random.nextBytes(block);
        o.write(block);
      }
    }
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    List<CompletableFuture<Void>> quarters =
        IntStream.range(0, 4).mapToObj(i -> new CompletableFuture<Void>()).toList();
    CompletableFuture<FileTransferResult> received = new CompletableFuture<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    SipListener terminal =
        new SipListener() {
          @Override
          public void invitation(Invitation invitation) {
            var unused = invitation.accept((session, message) -> {});
          }

          @Override
          public void fileOffer(FileOffer offer) {
            var unused =
                offer
                    .accept(
                        inbox,
                        (bytes, total) -> {
                          for (int q = 0; q < 4; q++) {
                            if (bytes >= total / 4 * (q + 1)) {
                              quarters.get(q).complete(null);
                            }
                          }
                        })
                    .whenComplete(
                        (r, e) -> {
                          if (e != null) {
                            problems.add("receive: " + e);
                            received.completeExceptionally(e);
                          } else {
                            received.complete(r);
                          }
                        });
          }
        };
    try (WssChat wss = WssChat.start(dir, terminal)) {
      long before = heapAfterGc();
      CompletableFuture<String> page =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return wss.page(
                      "test-it/page-file.mjs", ",\"sendFile\":\"" + file + "\"", problems);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      long growth = 0;
      for (CompletableFuture<Void> q : quarters) {
        CompletableFuture.anyOf(q, page).get(600, TimeUnit.SECONDS);
        assertThat(q)
            .as("a quarter of the file arrived before the page ended: %s", problems)
            .isDone();
        growth = Math.max(growth, heapAfterGc() - before);
      }
      assertThat(page.get(600, TimeUnit.SECONDS)).contains("\"status\":\"done\"");
      FileTransferResult r = received.get(60, TimeUnit.SECONDS);
      assertThat(r.verified()).isTrue();
      assertThat(Files.mismatch(r.path(), file)).isEqualTo(-1L);
      System.out.printf(
          "BrowserLargeFileTest: heap growth at the quarters of %d MB: at most %d KB%n",
          SIZE >> 20, growth >> 10);
      assertThat(growth).isLessThanOrEqualTo(64L << 20);
    }
  }

  private static long heapAfterGc() {
    ManagementFactory.getMemoryMXBean().gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
