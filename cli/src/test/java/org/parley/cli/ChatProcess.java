package org.parley.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An interactive {@code parley chat} in a JVM of its own, so that a test can kill it ({@code kill
 * -9}) or stop it ({@code kill -STOP}) as a user's process would die or hang. The child runs the
 * chat on a {@link ScreenCapture} pseudo-terminal and takes one command per line on its stdin:
 * {@code type TEXT} (with {@code \r} for Enter) and {@code await PART<TAB>PART...} (answered {@code
 * seen}, or {@code missing} and the screen after {@link ScreenCapture#WAIT_SECONDS}); it prints
 * {@code exit CODE} when the chat ends. Its log goes to a file beside the test's other files.
 */
final class ChatProcess implements AutoCloseable {
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  /** Starts {@code parley chat args...} in a new JVM; its log goes to {@code log}. */
  ChatProcess(Path log, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChatProcess.class.getName());
    command.addAll(List.of(args));
    process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
    commands = new PrintWriter(process.getOutputStream(), true, UTF_8);
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    Thread reader =
        new Thread(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  if (line.startsWith("exit ")) {
                    exit.complete(Integer.parseInt(line.substring(5)));
                  } else {
                    answers.add(line);
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              answers.add("missing (the process ended)");
            },
            "chat-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** A {@code parley chat --listen} process that shows it listens. */
  static ChatProcess listening(Path log, String... args) throws Exception {
    ChatProcess p = new ChatProcess(log, args);
    try {
      p.awaitRow("listening at");
      return p;
    } catch (Exception | AssertionError e) {
      p.close();
      throw e;
    }
  }

  long pid() {
    return process.pid();
  }

  /** Types {@code text} on the child's terminal ({@code \r} is Enter). */
  void type(String text) {
    commands.println("type " + text.replace("\\", "\\\\").replace("\r", "\\r"));
  }

  /** Waits until a row of the child's screen holds every one of {@code parts}, in order. */
  void awaitRow(String... parts) throws InterruptedException {
    commands.println("await " + String.join("\t", parts));
    String answer = answers.poll(ScreenCapture.WAIT_SECONDS + 30, TimeUnit.SECONDS);
    if (answer == null || !answer.equals("seen")) {
      throw new AssertionError(
          "the chat process never showed " + String.join(" … ", parts) + ": " + answer);
    }
  }

  /** Sends {@code signal} (STOP, CONT, ...) to the child, as {@code kill -SIGNAL pid} does. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
    if (!kill.waitFor(ScreenCapture.WAIT_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + signal + " " + pid() + " failed");
    }
  }

  /** {@code kill -9}: the process dies at once, the kernel closing its sockets. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(ScreenCapture.WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(ScreenCapture.WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The child: the chat on a pseudo-terminal, commands from stdin, answers on stdout. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    try (ScreenCapture chat = new ScreenCapture(args)) {
      Object unused = chat.exit.thenAccept(code -> out.println("exit " + code));
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("type ")) {
          chat.type(unescape(line.substring(5)));
        } else if (line.startsWith("await ")) {
          try {
            chat.awaitRow(line.substring(6).split("\t", -1));
            out.println("seen");
          } catch (AssertionError e) {
            out.println("missing; the screen:\\n" + chat.text().replace("\n", "\\n"));
          }
        }
      }
    }
    System.exit(0);
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'r' ? '\r' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
