package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

/**
 * An interactive {@code parley chat} in this process on a pseudo-terminal: a JLine terminal of type
 * xterm-256color over piped streams, its output played into JLine's VT100 emulator ({@link
 * ScreenTerminal}) so tests read the screen as a person would see it, and keys typed into its
 * input.
 */
final class ScreenCapture implements AutoCloseable {
  static final long WAIT_SECONDS = 30;
  static final int COLUMNS = 100;
  static final int ROWS = 20;

  private final ScreenTerminal screen = new ScreenTerminal(COLUMNS, ROWS);
  private final PipedOutputStream keys = new PipedOutputStream();
  private final Terminal terminal;
  final CompletableFuture<Integer> exit;

  /** Starts {@code parley chat args...} on the pseudo-terminal. */
  /**
   * A {@code parley chat --listen} that shows it listens: a peer started after this finds it bound
   * (an INVITE sent over UDP before then is lost to ICMP, and its retransmissions with it).
   */
  static ScreenCapture listening(String... args) throws Exception {
    ScreenCapture c = new ScreenCapture(args);
    try {
      c.awaitRow("listening at");
      return c;
    } catch (Exception | AssertionError e) {
      c.close();
      throw e;
    }
  }

  ScreenCapture(String... args) throws IOException {
    PipedInputStream in = new PipedInputStream(keys, 1 << 16);
    terminal =
        TerminalBuilder.builder()
            .system(false)
            .streams(in, new ScreenStream())
            .type("xterm-256color")
            .encoding(StandardCharsets.UTF_8)
            .size(new Size(COLUMNS, ROWS))
            .build();
    CommandLine cmd = new CommandLine(new ChatCommand(terminal));
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    exit = CompletableFuture.supplyAsync(() -> cmd.execute(args));
  }

  /** Types {@code text} (a {@code \r} is Enter). */
  void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  /**
   * Ctrl-C as a terminal delivers it: the pseudo-terminal is not the test's controlling terminal,
   * so its line discipline sends no SIGINT; the signal is raised on the terminal instead, which
   * calls the program's handler as a real SIGINT would.
   */
  void interrupt() {
    terminal.raise(Terminal.Signal.INT);
  }

  /** A signal as the terminal would deliver it (Ctrl-Z's TSTP, {@code fg}'s CONT, WINCH). */
  void raise(Terminal.Signal signal) {
    terminal.raise(signal);
  }

  /** The terminal's modes now (raw while the chat has it, the saved ones after Ctrl-Z). */
  org.jline.terminal.Attributes attributes() {
    return terminal.getAttributes();
  }

  /** The window resized: the emulator and the terminal take the new size, then WINCH. */
  void resize(int columns, int rows) {
    synchronized (screen) {
      screen.setSize(columns, rows);
    }
    terminal.setSize(new Size(columns, rows));
    terminal.raise(Terminal.Signal.WINCH);
  }

  /** The screen as text, one line per row. */
  String text() {
    synchronized (screen) {
      return screen.toString();
    }
  }

  /**
   * Waits until the screen satisfies {@code condition} (checked each time the program writes to
   * it), for at most {@link #WAIT_SECONDS}; returns the screen.
   */
  String await(String what, Predicate<String> condition) throws InterruptedException {
    return await(what, TimeUnit.SECONDS.toNanos(WAIT_SECONDS), condition);
  }

  /** As {@link #await(String, Predicate)}, for at most {@code nanos}. */
  String await(String what, long nanos, Predicate<String> condition) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    synchronized (screen) {
      while (true) {
        String now = screen.toString();
        if (condition.test(now)) {
          return now;
        }
        long left = deadline - System.nanoTime();
        assertThat(left).as("the screen never showed " + what + ":\n" + now).isPositive();
        screen.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      }
    }
  }

  /** Waits until a row of the screen contains every one of {@code parts}, in order. */
  String awaitRow(String... parts) throws InterruptedException {
    return await(String.join(" … ", parts), s -> row(s, parts) != null);
  }

  /** The first row of {@code screen} holding {@code parts} in order, or null. */
  static String row(String screen, String... parts) {
    for (String line : screen.split("\n", -1)) {
      int at = 0;
      boolean all = true;
      for (String p : parts) {
        int i = line.indexOf(p, at);
        if (i < 0) {
          all = false;
          break;
        }
        at = i + p.length();
      }
      if (all) {
        return line;
      }
    }
    return null;
  }

  int exitCode() throws Exception {
    return exit.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    terminal.close();
    keys.close();
  }

  /** The terminal's output, decoded and played into the emulator; waiters are woken. */
  private final class ScreenStream extends OutputStream {
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (screen) {
        int done = 0;
        while (done < len) {
          int n = Math.min(pending.remaining(), len - done);
          pending.put(b, off + done, n);
          done += n;
          pending.flip();
          decoder.decode(pending, chars, false);
          pending.compact();
          chars.flip();
          screen.write(chars);
          chars.clear();
        }
        screen.notifyAll();
      }
    }
  }
}
