package org.parley.cli;

import java.io.IOError;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.jline.keymap.KeyMap;
import org.jline.reader.EndOfFileException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.parley.im.imdn.ImdnStatus;
import org.parley.im.iscomposing.ComposingState;
import org.parley.sip.FileOffer;
import org.parley.sip.PagerMessage;
import org.parley.sip.SessionEnd;
import org.parley.sip.im.ImSession;
import org.parley.sip.im.ReceivedIm;

/**
 * The interactive {@code parley chat} on a JLine terminal in raw mode: the {@link ChatScreen} drawn
 * with {@link Display} after every change, keys read with a {@link ChatKeyReader} on a thread of
 * its own. Typing tells the peer (is-composing), Enter sends, received messages are reported
 * displayed once drawn, {@code /quit} ends with BYE, {@code /file PATH} pushes a file, and an
 * offered file is accepted or refused with y or n. Pager mode has the same screen and commands, its
 * lines going as SIP MESSAGEs ({@link TerminalPager}).
 *
 * <p>The chat leaves the terminal only when the user asks ({@code /quit}, Ctrl-D, Ctrl-C): a
 * session the peer ended, or that failed under it (the peer not responding, its connection lost),
 * is said to be over on the screen, which stays until the user leaves, so that what they were
 * typing meanwhile never lands in the shell.
 */
final class TerminalChat implements ChatFrontEnd, AutoCloseable {
  private final Terminal terminal;
  private final Attributes saved;
  private final Display display;
  private final ChatScreen screen;
  private final InputLine input = new InputLine();
  private final InputHistory history = new InputHistory();
  private final Runnable stopProcess;
  private final ChatFiles files;
  private final TerminalPager pager;
  private final ChatLines lines;
  private volatile ChatRun run;
  private FileOffer offer;
  private boolean closed;

  /** The session ended without the user asking: the screen stays until they leave. */
  private volatile boolean over;

  /** The user asked to leave ({@code /quit}, Ctrl-D, Ctrl-C). */
  private volatile boolean leaving;

  /** Completes when the user leaves a session that is over. */
  private final CompletableFuture<Void> left = new CompletableFuture<>();

  /**
   * Takes the terminal over (raw mode, cleared screen).
   *
   * @param self this end's address
   * @param title what the title bar names until the session is up
   * @param dir where accepted files go
   * @param stopProcess what Ctrl-Z does once the terminal is given back: stop this process (a real
   *     terminal), or nothing (a test's terminal, which raises the signals itself)
   */
  TerminalChat(Terminal terminal, String self, String title, Path dir, Runnable stopProcess) {
    this.terminal = terminal;
    this.stopProcess = stopProcess;
    this.saved = terminal.enterRawMode();
    this.display = new Display(terminal, true);
    this.screen = new ChatScreen(localTime(), self, title);
    this.files = new ChatFiles(screen, this::redraw, dir);
    this.pager = new TerminalPager(screen, this::redraw);
    this.lines =
        new ChatLines(screen, files, pager, () -> run, () -> over, this::quit, this::redraw);
    terminal.puts(Capability.clear_screen);
    terminal.flush();
    terminal.handle(Terminal.Signal.WINCH, s -> repaint());
    terminal.handle(Terminal.Signal.INT, s -> interrupt());
    terminal.handle(Terminal.Signal.TSTP, s -> suspend());
    terminal.handle(Terminal.Signal.CONT, s -> resume());
    redraw();
  }

  /** Draws every row again: the terminal's size changed, or its contents are not known. */
  synchronized void repaint() {
    if (!closed) {
      display.clear();
      terminal.puts(Capability.clear_screen);
      redraw();
    }
  }

  /**
   * Ctrl-Z: the terminal goes back to the state the shell gave it (cooked, echoing), the cursor
   * below the screen, and the process stops; {@link #resume} takes it over again on {@code fg}.
   */
  private void suspend() {
    synchronized (this) {
      if (closed) {
        return;
      }
      terminal.writer().print("\r\n");
      terminal.setAttributes(saved);
      terminal.flush();
    }
    stopProcess.run();
  }

  /** {@code fg} after Ctrl-Z: raw mode again, and the whole screen drawn again. */
  private void resume() {
    synchronized (this) {
      if (closed) {
        return;
      }
      terminal.enterRawMode();
    }
    repaint();
  }

  /** SIGSTOP to this process, as the shell's job control expects of a program that caught TSTP. */
  static void stopThisProcess() {
    try {
      new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid()))
          .inheritIO()
          .start()
          .waitFor();
    } catch (java.io.IOException e) {
      // no kill command: the chat goes on instead of stopping
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Draws the screen as it now is. Any thread. */
  synchronized void redraw() {
    if (closed) {
      return; // a late event after the terminal was given back
    }
    Size size = terminal.getSize();
    int rows = size.getRows() > 0 ? size.getRows() : 24;
    int cols = size.getColumns() > 0 ? size.getColumns() : 80;
    display.resize(rows, cols);
    ChatScreen.Rendered r = screen.render(rows, cols, input);
    display.update(
        r.lines(), new Size(cols, rows).cursorPos(r.cursorRow(), r.cursorColumn()), true);
    terminal.flush();
  }

  @Override
  public void info(Json event, String text) {
    if (text != null) {
      screen.notice(text);
      redraw();
    }
  }

  @Override
  public void connected(ImSession s, String mode) {
    over = false; // listening: a new session after one that never got going
    screen.peer(s.session().peer());
    screen.title(s.session().peer() + " · " + mode + (s.cpim() ? " · cpim" : " · plain text"));
    ChatFrontEnd.super.connected(s, mode);
  }

  @Override
  public void message(ImSession s, ReceivedIm m) {
    screen.theirs(m.text());
    redraw();
    s.displayed(m);
  }

  @Override
  public void notification(ImSession s, String messageId, ImdnStatus status) {
    DeliveryMark mark = DeliveryMark.of(status);
    if (mark != null) {
      screen.mark(messageId, mark);
      redraw();
    }
  }

  @Override
  public void composing(ImSession s, ComposingState state) {
    screen.peerTyping(state == ComposingState.ACTIVE);
    redraw();
  }

  @Override
  public void ended(ImSession s, SessionEnd end) {
    screen.peerTyping(false);
    if (end.reason() == SessionEnd.Reason.LOCAL_BYE || leaving) {
      info(null, "session ended");
      return;
    }
    over = true;
    info(null, "session over: " + Problem.ended(s, end) + " · /quit or Ctrl-D to leave");
  }

  @Override
  public void fileOffer(FileOffer o) {
    synchronized (this) {
      if (offer == null) {
        offer = o;
        screen.question(
            ChatScreen.shortName(o.from())
                + " offers "
                + o.name()
                + " ("
                + ChatFiles.size(o.size())
                + "): accept? [y/n]");
        redraw();
        return;
      }
    }
    o.refuse();
    info(null, "refused " + o.name() + " from " + o.from() + ": another offer is waiting");
  }

  /** A MESSAGE in pager mode: the peer's line ({@link TerminalPager}). */
  @Override
  public void pagerMessage(PagerMessage m) {
    pager.received(m);
  }

  /**
   * Pager mode: the same screen, keys and commands as a session; lines typed go as MESSAGEs ({@link
   * TerminalPager}). Done when the user quits.
   */
  @Override
  public int pager(ChatRun r) throws Exception {
    String peer = r.pagerPeer();
    if (peer != null) {
      pager.titled(peer);
    }
    info(
        null,
        peer != null
            ? "pager mode: each line goes to " + peer + " as a SIP MESSAGE"
            : "pager mode: a line goes, as a SIP MESSAGE, to whoever last sent one here");
    return run(r);
  }

  /**
   * Keys are read from here on, before any session: {@code /quit}, Ctrl-C or Ctrl-D while an
   * invitation rings cancels it, and a line typed too early is refused with a notice.
   */
  @Override
  public void starting(ChatRun r) {
    this.run = r;
    Thread keys = new Thread(this::readKeys, "parley-chat-keys");
    keys.setDaemon(true);
    keys.start();
  }

  /**
   * Returns the exit code once the session ended and, when it ended without the user asking, once
   * the user left.
   */
  @Override
  public int run(ChatRun r) throws Exception {
    if (run == null) {
      starting(r);
    }
    redraw();
    int code = r.done().get();
    if (over) {
      left.get();
    }
    return code;
  }

  /** Keys are read until the run is done and the user has nothing more to say to a dead session. */
  private boolean reading() {
    return !left.isDone() && !(run.done().isDone() && !over);
  }

  private void readKeys() {
    ChatKeyReader reader = new ChatKeyReader(terminal.reader());
    KeyMap<ChatKey> map = ChatKey.keyMap();
    try {
      while (reading()) {
        ChatKey k = reader.next(map);
        if (k == null) {
          quit();
          return;
        }
        try {
          key(k, reader.getLastBinding());
        } catch (RuntimeException e) {
          screen.notice("error: " + Problem.words(e));
        }
        redraw();
      }
    } catch (IOError | EndOfFileException e) {
      if (reading()) {
        quit(); // the terminal is gone
      }
    }
  }

  /** One key, on the keys' thread. */
  private void key(ChatKey k, String typed) {
    FileOffer pending;
    synchronized (this) {
      pending = offer;
    }
    if (pending != null && k == ChatKey.INSERT) {
      answer(pending, typed);
      return;
    }
    ImSession im = run.im();
    switch (k) {
      case INSERT:
        synchronized (this) {
          input.insert(typed);
        }
        if (im != null && !input.text().startsWith("/")) {
          im.composing();
        }
        break;
      case BACKSPACE:
        boolean emptied;
        synchronized (this) {
          emptied = input.backspace() && input.isEmpty();
        }
        if (emptied && im != null) {
          im.idle();
        }
        break;
      case DELETE:
        synchronized (this) {
          input.delete();
        }
        break;
      case LEFT:
        synchronized (this) {
          input.left();
        }
        break;
      case RIGHT:
        synchronized (this) {
          input.right();
        }
        break;
      case HOME:
        synchronized (this) {
          input.home();
        }
        break;
      case END:
        synchronized (this) {
          input.end();
        }
        break;
      case CLEAR:
        synchronized (this) {
          input.take();
        }
        if (im != null) {
          im.idle();
        }
        break;
      case ENTER:
        String line;
        synchronized (this) {
          line = input.take();
          history.add(line);
        }
        screen.follow();
        lines.submit(line);
        break;
      case HISTORY_PREVIOUS:
        synchronized (this) {
          String before = history.previous(input.text());
          if (before != null) {
            input.replace(before);
          }
        }
        break;
      case HISTORY_NEXT:
        synchronized (this) {
          String after = history.next();
          if (after != null) {
            input.replace(after);
          }
        }
        break;
      case PAGE_UP:
        screen.pageUp();
        break;
      case PAGE_DOWN:
        screen.pageDown();
        break;
      case HELP:
        lines.help();
        break;
      case EOF:
        if (input.isEmpty()) {
          quit();
        }
        break;
      case INTERRUPT:
        interrupt();
        break;
      case REDRAW:
        repaint();
        break;
      default:
        break;
    }
  }

  private void answer(FileOffer o, String typed) {
    boolean yes = typed.equalsIgnoreCase("y");
    if (!yes && !typed.equalsIgnoreCase("n")) {
      return;
    }
    synchronized (this) {
      offer = null;
      screen.question(null);
    }
    if (yes) {
      files.accept(o);
    } else {
      o.refuse();
      screen.notice("refused " + o.name());
    }
  }

  /**
   * The user leaves: a session still up ends with BYE; one that is over is left at once (and a
   * listener that was waiting on after it stops).
   */
  private void quit() {
    quit(Parley.OK);
  }

  /** Ctrl-C: ends (BYE) as {@code /quit} does, exit code 130 as for every command. */
  private void interrupt() {
    quit(Parley.INTERRUPTED);
  }

  private void quit(int code) {
    ChatRun r = run;
    if (r == null) {
      return;
    }
    leaving = true;
    if (over) {
      left.complete(null);
      r.quit(Parley.OK); // listening: no session waits to be ended, the run ends
      return;
    }
    screen.notice("ending the session…");
    redraw();
    r.quit(code);
  }

  /** Gives the terminal back: the screen stays, the cursor goes below it, modes restored. */
  @Override
  public void close() {
    synchronized (this) {
      redraw();
      terminal.handle(Terminal.Signal.WINCH, Terminal.SignalHandler.SIG_DFL);
      terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_DFL);
      terminal.handle(Terminal.Signal.TSTP, Terminal.SignalHandler.SIG_DFL);
      terminal.handle(Terminal.Signal.CONT, Terminal.SignalHandler.SIG_DFL);
      terminal.writer().print("\r\n");
      terminal.setAttributes(saved);
      terminal.flush();
      closed = true;
    }
  }

  @SuppressWarnings("JavaTimeDefaultTimeZone") // the screen shows the user's local time
  private static Clock localTime() {
    return Clock.systemDefaultZone();
  }
}
