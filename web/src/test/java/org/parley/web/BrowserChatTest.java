package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.im.imdn.ImdnStatus;
import org.parley.im.iscomposing.ComposingState;
import org.parley.sip.ChatSession;
import org.parley.sip.FileOffer;
import org.parley.sip.FileTransferResult;
import org.parley.sip.Invitation;
import org.parley.sip.SetupFailure;
import org.parley.sip.SipAgent;
import org.parley.sip.SipListener;
import org.parley.sip.im.ImListener;
import org.parley.sip.im.ImSession;
import org.parley.sip.im.ReceivedIm;
import org.parley.sip.im.SentIm;

/**
 * The page chats with a terminal user in headless Chromium, all over TLS: loaded from the relay's
 * wss listener, it logs in there, calls a Parley agent by SIP over secure WebSocket (SIP.js, RFC
 * 7118) with an MSRP session through the relay (RFC 7977). Both ways: text with IMDN marks (the
 * page shows ✓✓ once the terminal displayed its line; the terminal hears the page displayed its
 * answer), typing (RFC 3994), and a 10 MB file each way (RFC 5547), byte-exact.
 */
@Timeout(300)
class BrowserChatTest {
  private static final int FILE_BYTES = 10 * 1024 * 1024;

  @TempDir Path dir;
  private final List<String> problems = new CopyOnWriteArrayList<>();

  @Test
  void aBrowserAndATerminalChatAndSwapFilesOverWss() throws Exception {
    Path up = file("from-browser.bin", 1);
    Path down = file("to-browser.bin", 2);
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Path saved = dir.resolve("saved.bin");

    CompletableFuture<String> heard = new CompletableFuture<>();
    CompletableFuture<String> answerId = new CompletableFuture<>();
    List<ImdnStatus> answerMarks = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> pageTyping = new CompletableFuture<>();
    CompletableFuture<ChatSession> chat = new CompletableFuture<>();
    CompletableFuture<FileTransferResult> received = new CompletableFuture<>();
    CompletableFuture<FileTransferResult> pushed = new CompletableFuture<>();
    CompletableFuture<SipAgent> agent = new CompletableFuture<>();
    ImListener terminal =
        new ImListener() {
          @Override
          public void message(ImSession im, ReceivedIm m) {
            heard.complete(m.text());
            im.displayed(m); // the page's line shows ✓✓
            SentIm back = im.send("hello back, from the terminal");
            answerId.complete(back.messageId());
          }

          @Override
          public void notification(ImSession im, String messageId, ImdnStatus status) {
            if (messageId.equals(answerId.getNow(null))) {
              answerMarks.add(status);
            }
          }

          @Override
          public void composing(ImSession im, ComposingState state) {
            if (state == ComposingState.ACTIVE && pageTyping.complete(null)) {
              im.composing(); // and the page shows the terminal typing
            }
          }
        };
    SipListener bobsAgent =
        new SipListener() {
          @Override
          public void invitation(Invitation invitation) {
            ImSession im = ImSession.builder(agent.join().address(), terminal).build();
            var unused =
                invitation
                    .accept(im.chatListener())
                    .thenApply(s -> im.attach(s).session())
                    .whenComplete((s, e) -> settle(chat, s, e, "accept"));
          }

          @Override
          public void refused(SetupFailure f) {
            problems.add(f.toString());
          }

          @Override
          public void fileOffer(FileOffer offer) {
            var unused =
                offer
                    .accept(inbox)
                    .whenComplete((r, e) -> settle(received, r, e, "receive"))
                    // Then one the other way, to where the page's chat came from.
                    .thenCompose(
                        r ->
                            agent
                                .join()
                                .sendFile(
                                    chat.join().remoteTarget(), down, "application/octet-stream"))
                    .whenComplete((p, e) -> settle(pushed, p, e, "push"));
          }
        };
    try (WssChat wss = WssChat.start(dir, bobsAgent)) {
      agent.complete(wss.agent);
      String out =
          wss.page(
              "test-it/page-chat.mjs",
              ",\"text\":\"hello from a browser\",\"back\":\"hello back, from the terminal\""
                  + ",\"sendFile\":\""
                  + up
                  + "\",\"saveAs\":\""
                  + saved
                  + "\",\"screenshot\":\"target/browser-chat.png\"",
              problems);
      assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo("hello from a browser");
      assertThat(out)
          .contains("is typing…")
          .contains("\"received\":\"hello back, from the terminal\"")
          .contains("\"mark\":\"✓✓\"")
          .contains("\"status\":\"done\"")
          .contains("\"fileReceived\":\"to-browser.bin\"");
      FileTransferResult in = received.get(30, TimeUnit.SECONDS);
      assertThat(in.verified()).isTrue();
      assertThat(Files.mismatch(in.path(), up)).isEqualTo(-1L);
      assertThat(pushed.get(60, TimeUnit.SECONDS).verified()).isTrue();
      assertThat(Files.mismatch(saved, down)).isEqualTo(-1L);
      assertThat(answerMarks).contains(ImdnStatus.DELIVERED, ImdnStatus.DISPLAYED);
    }
  }

  private Path file(String name, long seed) throws Exception {
    byte[] b = new byte[FILE_BYTES];
    new Random(seed).nextBytes(b);
    return Files.write(dir.resolve(name), b);
  }

  private <T> void settle(CompletableFuture<T> f, T value, Throwable e, String what) {
    if (e != null) {
      problems.add(what + ": " + e);
      f.completeExceptionally(e);
    } else {
      f.complete(value);
    }
  }
}
