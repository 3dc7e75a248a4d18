package org.parley.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.sip.PagerMessage;

/**
 * Pager mode (RFC 3428: SIP MESSAGE, no session) on the interactive chat's screen: a line typed
 * goes as a MESSAGE to the peer last heard from (where its MESSAGE came from), else the target,
 * marked sent once answered 2xx; a MESSAGE received is shown as the peer's line, and its sender
 * becomes the peer. The commands ({@code /quit}, {@code /help}, F1, ...) are the session's, read by
 * {@link TerminalChat}: none of them goes to the peer.
 */
final class TerminalPager {
  private final ChatScreen screen;
  private final Runnable redraw;
  private final AtomicLong sent = new AtomicLong();

  TerminalPager(ChatScreen screen, Runnable redraw) {
    this.screen = screen;
    this.redraw = redraw;
  }

  /** The title bar of a pager chat with {@code peer}. */
  void titled(String peer) {
    screen.peer(peer);
    screen.title(peer + " · pager (SIP MESSAGE)");
  }

  /** A MESSAGE came: its text, under its sender's name. */
  void received(PagerMessage m) {
    synchronized (screen) {
      titled(m.from());
      screen.theirs(m.text());
    }
    redraw.run();
  }

  /** Sends {@code line} as a MESSAGE to where {@code run} says the peer is. */
  void send(ChatRun run, String line) {
    String peer = run.pagerPeer();
    if (peer == null) {
      screen.notice("nobody to send to yet: a MESSAGE must come first");
      return;
    }
    String id = "pager-" + sent.incrementAndGet();
    screen.mine(id, line);
    // What became of it shows as its mark, which the completion sets.
    CompletableFuture<?> unused =
        run.agent()
            .message(peer, "text/plain;charset=UTF-8", line.getBytes(StandardCharsets.UTF_8))
            .whenComplete(
                (status, e) -> {
                  if (e != null) {
                    screen.mark(id, DeliveryMark.FAILED);
                    screen.notice("not sent: " + Problem.words(e));
                  } else {
                    screen.mark(id, DeliveryMark.SENT);
                  }
                  redraw.run();
                });
  }
}
