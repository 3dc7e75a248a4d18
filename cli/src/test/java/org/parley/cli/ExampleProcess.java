package org.parley.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One command line of the README run by {@code bash -c} in a {@link FreshCheckout}, as typed into a
 * shell: its output lines kept as they come (waiters woken on each), its stderr in a log file, its
 * input a pipe the test writes to or closes.
 */
final class ExampleProcess implements AutoCloseable {
  final String command;
  private final Process process;
  private final PrintWriter input;
  private final Path log;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private ExampleProcess(String command, Process process, Path log) {
    this.command = command;
    this.process = process;
    this.log = log;
    this.input = new PrintWriter(process.getOutputStream(), true, UTF_8);
    Thread reader = new Thread(this::read, "readme-example-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code command} in {@code checkout}. With {@code exec}, bash becomes the command (and
   * the launcher becomes java), so that a signal to this process reaches the program itself.
   */
  static ExampleProcess start(FreshCheckout checkout, String command, boolean exec, Path log)
      throws IOException {
    ProcessBuilder b =
        new ProcessBuilder("bash", "-c", exec ? "exec " + command : command)
            .directory(checkout.dir.toFile())
            .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
    b.environment().clear();
    b.environment().putAll(checkout.environment());
    return new ExampleProcess(command, b.start(), log);
  }

  private void read() {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    synchronized (lines) {
      ended = true;
      lines.notifyAll();
    }
  }

  /** Types a line into the command's input. */
  void type(String line) {
    input.println(line);
  }

  /** Ends the command's input (Ctrl-D at a terminal). */
  void closeInput() {
    input.close();
  }

  /** The lines written so far. */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * Waits until {@code count} lines satisfy {@code condition}; returns the last of them. Fails with
   * the output and the log when the output ends first or {@code seconds} pass.
   */
  String awaitLines(String what, int count, Predicate<String> condition, long seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (lines) {
      while (true) {
        List<String> seen = lines.stream().filter(condition).toList();
        if (seen.size() >= count) {
          return seen.get(count - 1);
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          throw new AssertionError(
              (ended ? "ended" : "still running") + " without " + what + ": " + describe());
        }
        lines.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      }
    }
  }

  /** Waits for a line satisfying {@code condition}; returns it. */
  String awaitLine(String what, Predicate<String> condition, long seconds)
      throws InterruptedException {
    return awaitLines(what, 1, condition, seconds);
  }

  /** Waits for the command to end by itself and its output to be read; returns its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("did not end within " + seconds + " s: " + describe());
    }
    synchronized (lines) {
      while (!ended) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("its output stayed open after it ended: " + describe());
        }
        lines.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      }
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * SIGTERM, as an init system or {@code kill} stops it; waits for the end; the exit code. Sent
   * through the process handle: {@link Process#destroy} would also close the output it still
   * writes.
   */
  int terminate(long seconds) throws InterruptedException {
    process.toHandle().destroy();
    return awaitExit(seconds);
  }

  /** The command, its output and its log, for a failure message. */
  String describe() {
    String err;
    try {
      err = Files.readString(log);
    } catch (IOException e) {
      err = "(no log: " + e.getMessage() + ")";
    }
    return command + "\n--- output:\n" + String.join("\n", lines()) + "\n--- stderr:\n" + err;
  }

  @Override
  public void close() {
    input.close();
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(ScreenCapture.WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
