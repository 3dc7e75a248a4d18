package org.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.cli.MsrpCommandsTest.field;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code parley receive-files --websocket}: a browser's file push (RFC 5547) comes by SIP over
 * WebSocket (RFC 7118) and is answered {@code recvonly} with the path the browser sends to.
 */
@Timeout(120)
class ReceiveFilesWebSocketTest {
  @TempDir Path dir;

  @Test
  void aBrowsersFilePushIsAnsweredOverTheWebSocket() throws Exception {
    String bob = "sip:bob@127.0.0.1:" + ChatCommandTest.freePort();
    Path in = Files.createDirectories(dir.resolve("in"));
    ChatCommandTest.Lines out = new ChatCommandTest.Lines();
    CommandLine receiver = Parley.commandLine();
    receiver.setOut(new PrintWriter(out, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                receiver.execute(
                    "receive-files",
                    "--listen",
                    bob,
                    "--dir",
                    in.toString(),
                    "--json",
                    "--websocket",
                    "0",
                    "--count",
                    "1"));
    String ws = field(out.next("listening"), "websocket");
    assertThat(ws).startsWith("ws://127.0.0.1:");

    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("sip")
            .buildAsync(
                URI.create(ws + "/"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    heard.add(data.toString());
                    w.request(1);
                    return null;
                  }
                })
            .get(20, TimeUnit.SECONDS);
    String sdp =
        "v=0\r\no=- 1 1 IN IP4 x1.invalid\r\ns=-\r\nc=IN IP4 x1.invalid\r\nt=0 0\r\n"
            + "m=message 9 TCP/MSRP *\r\na=accept-types:application/octet-stream\r\n"
            + "a=file-selector:name:\"photo.jpg\" type:image/jpeg size:5\r\n"
            + "a=path:msrp://x1.invalid:9/s1;ws\r\na=setup:active\r\na=sendonly\r\n";
    String invite =
        "INVITE "
            + bob
            + " SIP/2.0\r\nVia: SIP/2.0/WS x1.invalid;branch=z9hG4bKwsfile1\r\n"
            + "Max-Forwards: 70\r\nTo: <"
            + bob
            + ">\r\nFrom: <sip:alice@example.com>;tag=a1\r\nCall-ID: wsfile1@x1.invalid\r\n"
            + "CSeq: 1 INVITE\r\nContact: <sip:alice@x1.invalid;transport=ws>\r\n"
            + "Content-Type: application/sdp\r\nContent-Length: "
            + sdp.getBytes(StandardCharsets.UTF_8).length
            + "\r\n\r\n"
            + sdp;
    socket.sendText(invite, true).get(20, TimeUnit.SECONDS);
    String ok = finalResponse(heard);
    assertThat(ok).startsWith("SIP/2.0 200");
    assertThat(ok)
        .contains("a=recvonly")
        .contains("a=file-selector:name:\"photo.jpg\"")
        .containsPattern("a=path:msrp://127\\.0\\.0\\.1:\\d+/\\S+;tcp");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);

    // The one transfer it counts comes the usual way, and it exits.
    Path f = Files.writeString(dir.resolve("note.txt"), "over tcp");
    StringWriter sent = new StringWriter();
    CommandLine sender = Parley.commandLine();
    sender.setOut(new PrintWriter(sent, true));
    assertThat(sender.execute("send-file", bob, f.toString(), "--json")).isEqualTo(Parley.OK);
    assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(Parley.OK);
    assertThat(Files.readString(in.resolve("note.txt"))).isEqualTo("over tcp");
  }

  private static String finalResponse(BlockingQueue<String> heard) throws InterruptedException {
    while (true) {
      String m = heard.poll(30, TimeUnit.SECONDS);
      assertThat(m).as("no final response to the INVITE").isNotNull();
      if (m.startsWith("SIP/2.0 ") && !m.startsWith("SIP/2.0 1")) {
        return m;
      }
    }
  }
}
