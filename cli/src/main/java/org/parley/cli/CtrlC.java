package org.parley.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.utils.Signals;

/**
 * Ctrl-C (SIGINT) for a command that winds down before it exits (the line-mode chat says BYE, the
 * relay stops its listeners): the first runs {@code windDown} on a thread of its own, and the
 * command exits {@link Parley#INTERRUPTED} once done; a second exits at once, with the same code.
 * Commands without one exit 130 by the JVM's own handling of SIGINT, so the code is the same
 * everywhere. Registered through JLine's {@link Signals}, which reaches the JDK's signal API
 * without compiling against it; {@link #close} puts the previous handler back.
 */
final class CtrlC implements AutoCloseable {
  private static final String INT = "INT";

  private final Object previous;

  private CtrlC(Object previous) {
    this.previous = previous;
  }

  /** Runs {@code windDown} on the first Ctrl-C, until closed. */
  static CtrlC onInterrupt(Runnable windDown) {
    AtomicBoolean first = new AtomicBoolean(true);
    Object previous =
        Signals.register(
            INT,
            () -> {
              if (first.getAndSet(false)) {
                Thread t = new Thread(windDown, "parley-ctrl-c");
                t.setDaemon(true);
                t.start();
              } else {
                Runtime.getRuntime().halt(Parley.INTERRUPTED);
              }
            });
    return new CtrlC(previous);
  }

  @Override
  public void close() {
    Signals.unregister(INT, previous);
  }
}
