package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code parley msrp listen --save-dir} never writes into a file that is there: a Message-ID that
 * names an existing file, or a symbolic link, is saved under the next free name ({@code ID (1)}).
 * The SENDs come from a raw socket, so that the Message-IDs are the test's.
 */
@Timeout(60)
class SaveDirSafetyTest {
  @TempDir Path dir;

  private static String send(Socket s, String uri, String tid, String messageId, String body)
      throws Exception {
    String request =
        "MSRP "
            + tid
            + " SEND\r\n"
            + "To-Path: "
            + uri
            + "\r\n"
            + "From-Path: msrp://127.0.0.1:9/peer;tcp\r\n"
            + "Message-ID: "
            + messageId
            + "\r\n"
            + "Byte-Range: 1-"
            + body.length()
            + "/"
            + body.length()
            + "\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + body
            + "\r\n-------"
            + tid
            + "$\r\n";
    s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      line.append((char) c);
    }
    // the rest of the response: up to its end-line
    StringBuilder rest = new StringBuilder();
    while (!rest.toString().endsWith("-------" + tid + "$\r\n") && (c = in.read()) != -1) {
      rest.append((char) c);
    }
    return line.toString().strip();
  }

  @Test
  void aMessageIdNamingAnExistingFileOrALinkIsSavedUnderTheNextFreeName() throws Exception {
    Path saved = Files.createDirectories(dir.resolve("in"));
    Path mine = Files.writeString(saved.resolve("victim"), "precious");
    Path outside = Files.writeString(dir.resolve("outside"), "untouched");
    Files.createSymbolicLink(saved.resolve("link"), outside);

    PipedWriter pipe = new PipedWriter();
    BufferedReader listenOut = new BufferedReader(new PipedReader(pipe, 1 << 16));
    CommandLine listen = Parley.commandLine();
    listen.setOut(new PrintWriter(pipe, true));
    CompletableFuture<Integer> listening =
        CompletableFuture.supplyAsync(
            () ->
                listen.execute(
                    "msrp",
                    "listen",
                    "--uri",
                    "msrp://127.0.0.1:0/s1;tcp",
                    "--count",
                    "2",
                    "--save-dir",
                    saved.toString()));
    String first = listenOut.readLine();
    assertThat(field(first, "event")).isEqualTo("listening");
    String uri = field(first, "uri");
    int port = Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1, uri.indexOf('/', 10)));

    try (Socket s = new Socket("127.0.0.1", port)) {
      assertThat(send(s, uri, "tx000001", "victim", "hello")).startsWith("MSRP tx000001 200");
      assertThat(field(listenOut.readLine(), "message_id")).isEqualTo("victim");
      assertThat(send(s, uri, "tx000002", "link", "world")).startsWith("MSRP tx000002 200");
      assertThat(field(listenOut.readLine(), "message_id")).isEqualTo("link");
    }
    assertThat(listening.get(20, TimeUnit.SECONDS)).isEqualTo(Parley.OK);

    assertThat(Files.readString(mine)).isEqualTo("precious");
    assertThat(Files.readString(saved.resolve("victim (1)"))).isEqualTo("hello");
    assertThat(Files.readString(outside)).isEqualTo("untouched");
    assertThat(Files.isSymbolicLink(saved.resolve("link"))).isTrue();
    assertThat(Files.readString(saved.resolve("link (1)"))).isEqualTo("world");
  }
}
