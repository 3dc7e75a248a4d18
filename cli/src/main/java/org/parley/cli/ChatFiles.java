package org.parley.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.parley.sip.FileOffer;
import org.parley.sip.FileProgress;
import org.parley.sip.FileTransferResult;
import org.parley.sip.SipAgent;

/**
 * File transfers of the interactive chat (RFC 5547 push, each in an INVITE of its own): sending
 * with {@code /file}, receiving an accepted offer into the chat's directory, with progress in the
 * status line and the outcome, hash included, in the conversation.
 */
final class ChatFiles {
  private final ChatScreen screen;
  private final Runnable redraw;
  private final Path dir;

  ChatFiles(ChatScreen screen, Runnable redraw, Path dir) {
    this.screen = screen;
    this.redraw = redraw;
    this.dir = dir;
  }

  /** Sends {@code file} to {@code peer}. */
  void send(SipAgent agent, String peer, Path file) {
    if (!Files.isRegularFile(file)) {
      screen.notice("no such file: " + file);
      return;
    }
    String type;
    try {
      type = Files.probeContentType(file);
    } catch (IOException e) {
      type = null;
    }
    String name = file.getFileName().toString();
    screen.notice("sending " + name + " to " + ChatScreen.shortName(peer) + "…");
    redraw.run();
    agent
        .sendFile(peer, file, type, progress("↑ " + name))
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                screen.activity(null);
                screen.notice("file " + name + " not sent: " + Problem.words(e));
              } else {
                screen.notice(
                    "sent "
                        + name
                        + " ("
                        + size(r.bytes())
                        + resumed(r.from())
                        + ", sha-1 "
                        + r.sha1()
                        + ")");
              }
              redraw.run();
            });
  }

  /** Accepts {@code offer} into the directory. */
  void accept(FileOffer offer) {
    long partial = offer.partial(dir);
    screen.notice(
        "receiving "
            + offer.name()
            + " ("
            + size(offer.size())
            + resumed(partial)
            + ") into "
            + dir);
    redraw.run();
    offer
        .accept(dir, progress("↓ " + offer.name()))
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                screen.activity(null);
                screen.notice("file " + offer.name() + " failed: " + Problem.words(e));
              } else {
                received(r);
              }
              redraw.run();
            });
  }

  /**
   * Shows a transfer's progress at the right of the status line: {@code label} and the bar
   * (percent, bytes, rate counted from the first call so that neither a resumed transfer nor the
   * wait for the peer's answer skews it, time left), as wide as the line allows. The last state
   * stays there once the transfer is over.
   */
  private FileProgress progress(String label) {
    // The clock starts with the first report, not at the offer: the peer's time to answer is no
    // part of the rate.
    long[] from = {-1};
    long[] start = {0};
    return (bytes, total) -> {
      if (from[0] < 0) {
        from[0] = bytes;
        start[0] = System.nanoTime();
      }
      long elapsed = System.nanoTime() - start[0];
      long first = from[0];
      screen.activity(
          width ->
              label
                  + "  "
                  + ProgressBar.render(bytes, total, first, elapsed, width - label.length() - 2));
      redraw.run();
    };
  }

  private void received(FileTransferResult r) {
    screen.notice(
        "received " + r.name() + " (" + size(r.bytes()) + resumed(r.from()) + ") in " + r.path());
    screen.notice(
        "sha-1 " + r.sha1() + (r.verified() ? " verified" : " does NOT match the offer's"));
  }

  /**
   * {@code ", resumed at N bytes"} for a transfer that moves only what an earlier, broken one did
   * not ({@code a=file-range}); empty for one from the start.
   */
  static String resumed(long from) {
    return from > 0 ? ", resumed at " + from + " bytes" : "";
  }

  /** A size for people, in the units of the transfer's bar. */
  static String size(long bytes) {
    return ProgressBar.human(bytes);
  }
}
