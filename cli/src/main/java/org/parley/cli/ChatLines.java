package org.parley.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.parley.sip.im.ImSession;
import org.parley.sip.im.SentIm;

/**
 * What a line typed in the terminal chat does: a message to the peer (over the session, or as a SIP
 * MESSAGE in pager mode), or a command ({@code /quit}, {@code /file PATH}, {@code /help}). Called
 * on the keys' thread; what it shows goes to the {@link ChatScreen}.
 */
final class ChatLines {
  static final List<String> HELP =
      List.of(
          "/quit          end the session (BYE) and exit; also Ctrl-D on an empty line",
          "/file PATH     send a file to the peer (RFC 5547), progress below",
          "/help, F1      this list",
          "Up, Down       the lines sent before · PgUp, PgDn  scroll the conversation",
          "Ctrl-L         redraw · Ctrl-Z  suspend (fg resumes) · Ctrl-C  quit (exit code 130)",
          "Marks: … sending · sent ✓ delivered ✓✓ displayed ✗ failed");

  private final ChatScreen screen;
  private final ChatFiles files;
  private final TerminalPager pager;
  private final Supplier<ChatRun> run;
  private final BooleanSupplier over;
  private final Runnable quit;
  private final Runnable redraw;

  /**
   * @param run the chat's run (set once the chat starts)
   * @param over whether the session ended without the user asking (nothing more goes)
   * @param quit what {@code /quit} does
   * @param redraw draws the screen again (a delivery mark changed)
   */
  ChatLines(
      ChatScreen screen,
      ChatFiles files,
      TerminalPager pager,
      Supplier<ChatRun> run,
      BooleanSupplier over,
      Runnable quit,
      Runnable redraw) {
    this.screen = screen;
    this.files = files;
    this.pager = pager;
    this.run = run;
    this.over = over;
    this.quit = quit;
    this.redraw = redraw;
  }

  void submit(String line) {
    if (line.isBlank()) {
      return;
    }
    if (line.startsWith("/")) {
      command(line);
      return;
    }
    ChatRun run = this.run.get();
    if (run.pager()) {
      pager.send(run, line);
      return;
    }
    if (over.getAsBoolean()) {
      screen.notice("not sent: the session is over · /quit or Ctrl-D to leave");
      return;
    }
    // On the screen before it is sent: its notifications may come back before send returns.
    String id = ImSession.newMessageId();
    screen.mine(id, line);
    SentIm sent;
    try {
      sent = run.send(id, line);
    } catch (RuntimeException e) {
      screen.forget(id);
      throw e;
    }
    if (sent == null) {
      screen.forget(id);
      screen.notice("no session yet: not sent");
      return;
    }
    sent.sent()
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                screen.mark(sent.messageId(), DeliveryMark.FAILED);
                screen.notice("not sent: " + Problem.words(e));
              } else {
                screen.mark(sent.messageId(), DeliveryMark.SENT);
              }
              redraw.run();
            });
  }

  private void command(String line) {
    String trimmed = line.strip();
    int space = trimmed.indexOf(' ');
    String name = space < 0 ? trimmed : trimmed.substring(0, space);
    String arg = space < 0 ? "" : trimmed.substring(space + 1).strip();
    switch (name) {
      case "/quit":
        quit.run();
        break;
      case "/help":
        help();
        break;
      case "/file":
        ChatRun run = this.run.get();
        String to = fileTarget(run);
        if (arg.isEmpty()) {
          screen.notice("/file needs a path");
        } else if (over.getAsBoolean() && !run.pager()) {
          screen.notice("not sent: the session is over · /quit or Ctrl-D to leave");
        } else if (to == null) {
          screen.notice("no session yet: nobody to send " + arg + " to");
        } else {
          try {
            files.send(run.agent(), to, Path.of(arg));
          } catch (InvalidPathException e) {
            screen.notice("not a path: " + arg);
          }
        }
        break;
      default:
        screen.notice("unknown command " + name + " (/help lists them)");
    }
  }

  /** Where {@code /file} sends: the session's peer, or in pager mode the pager's; null for none. */
  private static String fileTarget(ChatRun run) {
    ImSession im = run.im();
    if (im != null) {
      return im.session().remoteTarget();
    }
    return run.pager() ? run.pagerPeer() : null;
  }

  void help() {
    for (String h : HELP) {
      screen.notice(h);
    }
    screen.follow();
  }
}
