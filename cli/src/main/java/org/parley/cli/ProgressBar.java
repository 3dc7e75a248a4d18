package org.parley.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One line of a transfer's progress: percent, bar, bytes done of the total (binary units), rate,
 * and time left.
 *
 * <pre>
 *  42% [##########...............]  420.0 MiB / 1.0 GiB  112.3 MiB/s  0:05 left
 *        12.0 MiB  3.1 MiB/s                    (total unknown)
 * </pre>
 *
 * <p>{@link #render} is pure. An instance prints one transfer: on a terminal it redraws the line in
 * place ({@code \r}, at most ten times a second) and ends it with the final state; on anything else
 * (a pipe, a file, a test's writer) it prints only the final line. Rate and time left count only
 * the bytes moved since the bar started, so a resumed transfer does not look faster than it is.
 * Thread-safe.
 */
final class ProgressBar {
  /** Redraws at most this often: 100 ms. */
  static final long REDRAW_NANOS = 100_000_000L;

  private static final int MIN_BAR = 5;

  private final PrintWriter out;
  private final boolean terminal;
  private final int width;

  /** When the first report came: the rate does not count the wait for the peer before it. */
  private long startNanos = System.nanoTime();

  private long startBytes = -1;
  private long lastDraw;
  private boolean drawn;
  private boolean done;

  /**
   * @param terminal redraw in place ({@link #isTerminal()} for standard output)
   * @param width the line's width in characters
   */
  ProgressBar(PrintWriter out, boolean terminal, int width) {
    this.out = out;
    this.terminal = terminal;
    this.width = width;
  }

  /** A bar for standard output: redrawn when it is a terminal, as wide as {@code $COLUMNS}. */
  static ProgressBar forStdout(PrintWriter out) {
    return new ProgressBar(out, isTerminal(), columns());
  }

  /** Whether standard input and output are a terminal. */
  @SuppressWarnings("SystemConsoleNull") // on Java 17 (our release) null is how "no terminal" shows
  static boolean isTerminal() {
    return System.console() != null;
  }

  private static int columns() {
    String c = System.getenv("COLUMNS");
    if (c != null && !c.isEmpty() && c.chars().allMatch(Character::isDigit) && c.length() < 5) {
      return Math.max(20, Integer.parseInt(c) - 1);
    }
    return 79;
  }

  /** The transfer moved on: redrawn on a terminal when the last redraw is 100 ms old. */
  synchronized void update(long bytes, long total) {
    long now = System.nanoTime();
    if (startBytes < 0) {
      startBytes = bytes;
      startNanos = now;
    }
    if (done || !terminal || (drawn && now - lastDraw < REDRAW_NANOS)) {
      return;
    }
    lastDraw = now;
    drawn = true;
    out.print('\r' + render(bytes, total, startBytes, now - startNanos, width));
    out.flush();
  }

  /** The transfer ended well: the final line, on a terminal over the bar. */
  synchronized void finish(long bytes, long total) {
    if (done) {
      return;
    }
    done = true;
    String line =
        render(bytes, total, Math.max(startBytes, 0), System.nanoTime() - startNanos, width);
    out.println(terminal ? '\r' + line : line);
    out.flush();
  }

  /** The transfer failed: a bar being drawn is ended, so the next line starts clean. */
  synchronized void abandon() {
    if (!done && drawn) {
      out.println();
      out.flush();
    }
    done = true;
  }

  /**
   * The line for {@code bytes} of {@code total} (-1: unknown) after {@code elapsedNanos}, at most
   * {@code width} characters wide when the total is known (the bar takes what the rest leaves, and
   * is left out below five characters).
   */
  static String render(long bytes, long total, long elapsedNanos, int width) {
    return render(bytes, total, 0, elapsedNanos, width);
  }

  /** As {@link #render(long, long, long, int)}, the rate counting from {@code fromBytes}. */
  static String render(long bytes, long total, long fromBytes, long elapsedNanos, int width) {
    double seconds = elapsedNanos / 1e9;
    long moved = Math.max(0, bytes - Math.max(0, fromBytes));
    double rate = seconds > 0 ? moved / seconds : 0;
    String speed = seconds > 0 ? human((long) rate) + "/s" : "-- B/s";
    if (total < 0) {
      return human(bytes) + "  " + speed;
    }
    long done = Math.min(bytes, total);
    int percent = total == 0 ? 100 : (int) (done * 100 / total);
    String left;
    if (done >= total) {
      left = "done";
    } else if (rate <= 0) {
      left = "--:-- left";
    } else {
      left = clock((long) Math.ceil((total - done) / rate)) + " left";
    }
    String head = String.format(Locale.ROOT, "%3d%% ", percent);
    String tail = "  " + human(done) + " / " + human(total) + "  " + speed + "  " + left;
    int barWidth = width - head.length() - tail.length() - 2;
    if (barWidth < MIN_BAR) {
      return head.strip() + tail;
    }
    int filled = total == 0 ? barWidth : (int) (done * barWidth / total);
    StringBuilder sb = new StringBuilder(width).append(head).append('[');
    for (int i = 0; i < barWidth; i++) {
      sb.append(i < filled ? '#' : '.');
    }
    return sb.append(']').append(tail).toString();
  }

  /** Bytes in binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 420.0 MiB}, {@code 1.0 GiB}. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String clock(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
