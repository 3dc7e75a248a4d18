package org.parley.sip;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * baresip (Debian's {@code baresip-core}) as a second SIP implementation for the MESSAGE path: one
 * account {@code sip:carol@127.0.0.1} on a free UDP port, without registration, and one contact
 * (the Parley agent) to which its {@code /message} command sends. Driven through stdin; its stdout
 * is read line by line (an incoming MESSAGE prints {@code <from>: "<text>"}).
 */
final class Baresip implements AutoCloseable {
  private static final String BINARY = "/usr/bin/baresip";
  private static final String MODULES = "/usr/lib/baresip/modules";

  private final Process process;
  private final OutputStream stdin;
  private final int port;
  final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private Baresip(Process process, int port) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.port = port;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "baresip-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static boolean installed() {
    return new File(BINARY).canExecute() && new File(MODULES, "contact.so").exists();
  }

  /** Starts baresip with the Parley agent at {@code contact} as its current contact. */
  static Baresip start(String contact) throws IOException, InterruptedException {
    try {
      return startOnce(contact);
    } catch (AssertionError e) {
      // The free port picked may have been taken before baresip bound it (it then exits): once
      // more, on another port. A baresip that is still running failed for another reason.
      if (e.getMessage() != null && e.getMessage().contains("(exited")) {
        return startOnce(contact);
      }
      throw e;
    }
  }

  private static Baresip startOnce(String contact) throws IOException, InterruptedException {
    int port;
    try (DatagramSocket d = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = d.getLocalPort();
    }
    Path dir = Path.of("target", "baresip-" + port).toAbsolutePath();
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("config"),
        String.join(
            "\n",
            "sip_listen 127.0.0.1:" + port,
            "module_path " + MODULES,
            "module stdio.so",
            "module menu.so",
            "module account.so",
            "module contact.so",
            "module g711.so",
            "module ausine.so",
            "audio_player ausine,nil",
            "audio_source ausine,nil",
            ""));
    Files.writeString(dir.resolve("accounts"), "<sip:carol@127.0.0.1>;regint=0\n");
    Files.writeString(dir.resolve("contacts"), "\"parley\" <" + contact + ">\n");
    ProcessBuilder pb = new ProcessBuilder(List.of(BINARY, "-f", dir.toString()));
    pb.redirectErrorStream(true);
    Baresip b = new Baresip(pb.start(), port);
    try {
      b.await("baresip is ready.");
    } catch (AssertionError e) {
      b.process.destroyForcibly();
      throw e;
    }
    return b;
  }

  String uri() {
    return "sip:carol@127.0.0.1:" + port;
  }

  /** Waits for an output line containing {@code text}; returns it. */
  String await(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Recorder.WAIT_SECONDS);
    java.util.List<String> seen = new java.util.ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.contains(text)) {
        return line;
      }
      if (line != null && seen.size() < 40) {
        seen.add(line);
      }
    }
    throw new AssertionError(
        "baresip did not print '"
            + text
            + "' ("
            + (process.isAlive() ? "running" : "exited " + process.exitValue())
            + "); it printed: "
            + seen);
  }

  /** Types a command, e.g. {@code /message hello}. */
  void command(String line) throws IOException {
    stdin.write((line + "\n").getBytes(UTF_8));
    stdin.flush();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      command("/quit");
    } catch (IOException gone) {
      // already ended
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
