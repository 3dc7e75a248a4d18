package org.parley.msrp.session;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A peer that writes whatever bytes a test gives it over a plain socket to 127.0.0.1 and reads the
 * frames that come back: for hostile and broken input that a stack would never send.
 */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(20_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /**
   * A SEND chunk, lines ended with CRLF: {@code To-Path}, {@code From-Path} (left out when null),
   * Message-ID, Byte-Range, Content-Type and the body, then the end-line with {@code flag}.
   */
  public static String send(
      String tid, String to, String from, String messageId, String range, String body, char flag) {
    return "MSRP "
        + tid
        + " SEND\r\n"
        + (to == null ? "" : "To-Path: " + to + "\r\n")
        + (from == null ? "" : "From-Path: " + from + "\r\n")
        + "Message-ID: "
        + messageId
        + "\r\n"
        + "Byte-Range: "
        + range
        + "\r\n"
        + "Content-Type: text/plain\r\n\r\n"
        + body
        + "\r\n-------"
        + tid
        + flag
        + "\r\n";
  }

  public RawClient write(String text) throws IOException {
    return write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawClient write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** The next frame that comes back, start line to end-line, lines joined with LF. */
  public String readFrame() throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      String line = readLine();
      b.append(line).append('\n');
      if (line.startsWith("-------")) {
        return b.toString();
      }
    }
  }

  /** The status code of the next response (requests that come first, REPORTs, are skipped). */
  public int readStatus() throws IOException {
    while (true) {
      String[] start = readFrame().split("\n", 2)[0].split(" ");
      if (start.length >= 3 && start[2].matches("\\d{3}")) {
        return Integer.parseInt(start[2]);
      }
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new java.io.EOFException("closed after " + line);
      }
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * {@code true} when the other side closes the connection within {@code bound} (what it sends
   * first is read and dropped); {@code false} when it is still open then.
   */
  public boolean closedWithin(Duration bound) throws IOException {
    long until = System.nanoTime() + bound.toNanos();
    try {
      while (true) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the other side
    }
  }

  /** Closes the write side only: the other side reads the end of the input. */
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
