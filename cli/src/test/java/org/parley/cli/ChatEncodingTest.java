package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two {@code parley chat} processes under the C locale (US-ASCII): text typed in UTF-8 arrives and
 * is shown in UTF-8, not as question marks or replacement characters.
 */
@Timeout(120)
class ChatEncodingTest {
  private static final String TEXT = "é ✓ 日本 👋";

  private static Process chat(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                Parley.class.getName(),
                "chat"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG"));
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LANG", "C");
    return pb.start();
  }

  private static LinkedBlockingQueue<String> lines(Process p) {
    LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  q.add(line);
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
    return q;
  }

  private static String await(LinkedBlockingQueue<String> q, String part) throws Exception {
    while (true) {
      String line = q.poll(60, TimeUnit.SECONDS);
      assertThat(line).as("a line with " + part).isNotNull();
      if (line.contains(part)) {
        return line;
      }
    }
  }

  @Test
  void textTypedInUtf8UnderTheCLocaleArrivesAndShowsInUtf8() throws Exception {
    String bob = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    Process listener = chat("--listen", bob, "--plain");
    Process caller = null;
    try {
      LinkedBlockingQueue<String> heard = lines(listener);
      await(heard, "listening");
      caller = chat(bob, "--as", "sip:alice@127.0.0.1", "--plain");
      LinkedBlockingQueue<String> said = lines(caller);
      await(said, "session");
      OutputStream in = caller.getOutputStream();
      in.write((TEXT + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      assertThat(await(heard, "> ")).endsWith("> " + TEXT);
      in.close();
      assertThat(listener.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(caller.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      listener.destroyForcibly();
      if (caller != null) {
        caller.destroyForcibly();
      }
    }
  }
}
