package org.parley.cli;

import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.parley.sip.FileProgress;
import org.parley.sip.FileTransferResult;
import org.parley.sip.SipAgent;
import org.parley.sip.SipConfig;
import org.parley.sip.SipFailure;
import org.parley.sip.SipListener;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json} and the output of the file commands ({@code send-file}, {@code pull-file}, {@code
 * receive-files}): one line per event on the command's writer, a JSON event with {@code --json},
 * else plain text, and progress. A picocli mixin.
 */
final class FileOutput {
  /** JSON progress events are at most this often: 500 ms. */
  static final long JSON_PROGRESS_NANOS = 500_000_000L;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--json", description = "JSON lines on stdout, for scripts.")
  boolean json;

  /** The command's writer. */
  PrintWriter out() {
    return command.commandLine().getOut();
  }

  /**
   * One line: the JSON event with {@code --json}, else the plain text, with the controls a peer may
   * have put in it (a file name, a From URI, a reason) made harmless ({@link TerminalText#line}).
   */
  void print(Json event, String plain) {
    PrintWriter out = out();
    synchronized (out) {
      out.println(json ? event.toString() : TerminalText.line(plain));
      out.flush();
    }
  }

  /** Prints the {@code error} event; returns {@code code}. */
  int error(int code, String message) {
    print(Json.event("error").put("error", message), "* error: " + message);
    return code;
  }

  /** Starts the agent; null, the error printed, when it could not start. */
  SipAgent start(SipConfig config, SipListener listener) {
    try {
      return SipAgent.start(config, listener);
    } catch (SipFailure e) {
      error(Parley.FAILED, Problem.words(e));
      return null;
    }
  }

  /**
   * Runs one transfer, {@code transfer} started with its progress, and waits for its end: the bar
   * finished on success, abandoned on failure. Returns the result, or null (the error printed,
   * prefixed with {@code what}) when the transfer failed.
   */
  FileTransferResult transfer(
      String what,
      String name,
      Function<FileProgress, CompletableFuture<FileTransferResult>> transfer)
      throws InterruptedException {
    ProgressBar bar = ProgressBar.forStdout(out());
    FileTransferResult r;
    try {
      r = transfer.apply(progress(name, bar)).get();
    } catch (ExecutionException e) {
      bar.abandon();
      error(Parley.FAILED, what + ": " + FileCommands.reason(e));
      return null;
    }
    finish(bar, r);
    return r;
  }

  /** Ends the bar of a transfer that succeeded (the last line off a terminal); not for JSON. */
  void finish(ProgressBar bar, FileTransferResult r) {
    if (!json) {
      bar.finish(r.bytes(), r.bytes());
    }
  }

  /**
   * Progress for one transfer: with {@code --json} a {@code progress} event (name, bytes, total) at
   * most twice a second; else the bar, redrawn on a terminal.
   */
  FileProgress progress(String name, ProgressBar bar) {
    if (!json) {
      return bar::update;
    }
    AtomicLong last = new AtomicLong(System.nanoTime() - JSON_PROGRESS_NANOS);
    return (bytes, total) -> {
      long now = System.nanoTime();
      long before = last.get();
      if (now - before >= JSON_PROGRESS_NANOS && last.compareAndSet(before, now)) {
        print(
            Json.event("progress").put("name", name).put("bytes", bytes).put("total", total), null);
      }
    };
  }
}
