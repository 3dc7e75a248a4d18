package org.parley.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.parley.im.imdn.ImdnStatus;
import org.parley.im.iscomposing.ComposingState;
import org.parley.sip.SessionEnd;
import org.parley.sip.im.ImSession;
import org.parley.sip.im.ReceivedIm;
import org.parley.sip.im.SentIm;

/**
 * {@code parley chat} for scripts: each line of the input is a message, each message received a
 * line ({@code peer> text}), or with {@code --json} one JSON object per event ({@code message},
 * {@code sending}, {@code sent}, {@code notification}, {@code composing}, {@code ended}, …). In a
 * session each line is {@code sending} with its Message-ID before it goes, then {@code sent} once
 * its 200 came or {@code error} with that id; a {@code notification} about it may come between the
 * two. At the end of the input the session is ended with BYE. Delivery notifications are sent as
 * asked; display notifications are not, since nobody reads the screen.
 */
final class LineChat implements ChatFrontEnd {
  private final BufferedReader in;
  private final PrintWriter out;
  private final boolean json;

  LineChat(BufferedReader in, PrintWriter out, boolean json) {
    this.in = in;
    this.out = out;
    this.json = json;
  }

  @Override
  public void info(Json event, String text) {
    // Peer text (messages, URIs, reasons) never drives the terminal; JSON escapes it already.
    String line = json ? event.toString() : TerminalText.text(text);
    if (line == null) {
      return;
    }
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  @Override
  public void message(ImSession s, ReceivedIm m) {
    info(
        Json.event("message")
            .put("from", m.from())
            .put("content_type", m.contentType())
            .put("text", m.text())
            .put("id", m.messageId()),
        s.session().peer() + "> " + m.text());
  }

  @Override
  public void notification(ImSession s, String messageId, ImdnStatus status) {
    info(
        Json.event("notification")
            .put("id", messageId)
            .put("status", status.name().toLowerCase(Locale.ROOT)),
        null);
  }

  @Override
  public void composing(ImSession s, ComposingState state) {
    info(
        Json.event("composing")
            .put("from", s.session().peer())
            .put("state", state.name().toLowerCase(Locale.ROOT)),
        null);
  }

  @Override
  public void ended(ImSession s, SessionEnd end) {
    info(
        Json.event("ended")
            .put("reason", end.reason().name().toLowerCase(Locale.ROOT))
            .put("detail", end.detail()),
        "* session ended (" + end.reason().name().toLowerCase(Locale.ROOT) + ")");
  }

  /**
   * Pager mode: each line read goes as a MESSAGE, one after another, until the input ends (exit 0,
   * or 1 when one was not sent) or the run is ended otherwise (Ctrl-C: {@link ChatRun#quit}).
   */
  @Override
  public int pager(ChatRun run) throws Exception {
    Thread reader = new Thread(() -> pagerLoop(run), "parley-chat-stdin");
    reader.setDaemon(true);
    reader.start();
    return run.done().get();
  }

  private void pagerLoop(ChatRun run) {
    CompletableFuture<Integer> done = run.done();
    int code = Parley.OK;
    try {
      String line;
      while ((line = in.readLine()) != null && !done.isDone()) {
        String peer = run.pagerPeer();
        if (peer == null) {
          info(
              Json.event("error").put("error", "nobody to send to yet"), "* nobody to send to yet");
          continue;
        }
        try {
          run.agent()
              .message(peer, "text/plain;charset=UTF-8", line.getBytes(StandardCharsets.UTF_8))
              .get();
          info(Json.event("sent").put("to", peer).put("text", line), null);
        } catch (ExecutionException e) {
          code = Parley.FAILED;
          String why = Problem.words(e);
          info(Json.event("error").put("error", why), "* not sent: " + why);
        }
      }
      done.complete(code);
    } catch (IOException e) {
      done.complete(error(Parley.FAILED, Problem.words(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.complete(Parley.FAILED);
    }
  }

  @Override
  public int run(ChatRun run) throws Exception {
    Thread reader = new Thread(() -> sessionLoop(run), "parley-chat-stdin");
    reader.setDaemon(true);
    reader.start();
    return run.done().get();
  }

  /** Sends each line once the session is up; at the end of input, BYE. */
  private void sessionLoop(ChatRun run) {
    CompletableFuture<Integer> done = run.done();
    try {
      String line;
      CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
      while ((line = in.readLine()) != null && !done.isDone()) {
        String text = line;
        String id = ImSession.newMessageId();
        // Said before the message goes: a notification about it, which the events thread prints
        // as it comes, can come before the 200 that makes it "sent", never before this line.
        info(Json.event("sending").put("text", text).put("id", id), null);
        SentIm sent = run.send(id, text);
        if (sent == null) {
          info(
              Json.event("error").put("error", "no session yet").put("id", id), "* no session yet");
          continue;
        }
        sending =
            sent.sent()
                .whenComplete(
                    (v, e) -> {
                      if (e != null) {
                        String why = Problem.words(e);
                        info(
                            Json.event("error").put("error", why).put("id", id),
                            "* not sent: " + why);
                      } else {
                        info(Json.event("sent").put("text", text).put("id", id), null);
                      }
                    });
      }
      // The last lines reach the peer before the BYE does.
      sending.handle((v, e) -> null).get();
      if (!done.isDone()) { // not ended meanwhile (the peer's BYE, Ctrl-C)
        run.quit(Parley.OK);
      }
    } catch (IOException e) {
      done.complete(error(Parley.FAILED, Problem.words(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.complete(Parley.FAILED);
    } catch (ExecutionException e) {
      done.complete(Parley.OK);
    }
  }
}
