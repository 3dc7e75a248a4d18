package org.parley.interop.msrpjava;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.msrp.Connections;
import javax.net.msrp.IncomingAliveMessage;
import javax.net.msrp.IncomingMessage;
import javax.net.msrp.MemoryDataContainer;
import javax.net.msrp.Message;
import javax.net.msrp.OutgoingMessage;
import javax.net.msrp.Session;
import javax.net.msrp.SessionListener;
import javax.net.msrp.Transaction;
import javax.net.msrp.TransactionResponse;
import javax.net.msrp.events.MessageAbortedEvent;

/**
 * One msrp-java endpoint (MSRP-OSS/msrp-java, the peer under test), as an application of that
 * library uses it: a {@link Session} with a listener that accepts every message into memory. What
 * it hears goes to queues the driver reads.
 */
public final class JavaSide implements AutoCloseable {
  /** A message msrp-java delivered: its Message-ID, type and body. */
  public record Received(String messageId, String contentType, byte[] body) {}

  /** A REPORT msrp-java delivered: the Message-ID it is about and its status code. */
  public record Report(String messageId, int status) {}

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  static {
    allowLargeMessagesInMemory();
    awaitListenerThread();
  }

  /**
   * msrp-java keeps a message given as bytes in memory only up to a size (default 1 MiB; beyond it,
   * {@code OutgoingMessage(type, byte[])} throws {@code BufferOverflowException}). A size cap, not
   * a speed setting: raised to 256 MiB so that the 10 MB and 100 MiB cases go from memory.
   */
  static void allowLargeMessagesInMemory() {
    javax.net.msrp.Stack.setShortMessageBytes(256 << 20);
  }

  /**
   * msrp-java's listener for an address ({@code Connections}) starts its accept thread in its
   * constructor, and that thread marks itself started before it records itself; a session created
   * in between fails with a {@code NullPointerException} inside msrp-java (seen once in CI as
   * {@code InternalError} from {@code Session.create}). The listener for the loopback address is
   * made here, once, and used only after its thread has recorded itself (a bound of 10 s, which a
   * thread start never needs; exceeding it is an error, never a silent go-ahead).
   */
  static void awaitListenerThread() {
    try {
      Method instance =
          javax.net.msrp.Stack.class.getDeclaredMethod("getConnectionsInstance", InetAddress.class);
      instance.setAccessible(true);
      Connections listener = (Connections) instance.invoke(null, LOOPBACK);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (listener.getAssociatedThread() == null) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("msrp-java's listener thread did not start in 10 s");
        }
        Thread.yield();
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("msrp-java's listener cannot be reached", e);
    }
  }

  /** Messages queued and not yet written whole, with what hears of that. */
  private final Map<Message, CompletableFuture<Void>> writing = new ConcurrentHashMap<>();

  private final Session session;
  public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  public final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
  public final BlockingQueue<String> problems = new LinkedBlockingQueue<>();

  private JavaSide(Session session) {
    this.session = session;
    session.setListener(new Listener());
  }

  /** Passive: msrp-java listens and waits for {@code peer} to connect (Parley active). */
  public static JavaSide passive(URI peer) throws Exception {
    return new JavaSide(Session.create(false, false, peer, LOOPBACK));
  }

  /** Active: msrp-java connects when {@link #connect} gives it the peer's URI (Parley passive). */
  public static JavaSide active() throws Exception {
    return new JavaSide(Session.create(false, false, LOOPBACK));
  }

  /** msrp-java's own URI, for the peer's To-Path. */
  public URI uri() {
    return session.getURI();
  }

  /** Active side: connects to the peer, which msrp-java binds with a bodiless SEND. */
  public void connect(URI peer) throws Exception {
    session.setToPath(new ArrayList<>(List.of(peer)));
  }

  /** Chunk size msrp-java uses when sending (0, its default: the whole message in one SEND). */
  public void chunkSize(long bytes) {
    session.setChunkSize(bytes);
  }

  /** Queues a message; msrp-java sends it from its own thread. Returns its Message-ID. */
  public String send(String contentType, byte[] body, boolean successReport) {
    return sendAndWatch(contentType, body, successReport).messageId();
  }

  /** A message queued, and a future completed when msrp-java wrote its last byte. */
  public record Sending(String messageId, CompletableFuture<Void> written) {}

  /** Queues a message and follows its writing (msrp-java's send progress). */
  public Sending sendAndWatch(String contentType, byte[] body, boolean successReport) {
    OutgoingMessage m = new OutgoingMessage(contentType, body);
    m.setSuccessReport(successReport);
    CompletableFuture<Void> written = new CompletableFuture<>();
    writing.put(m, written);
    session.sendMessage(m);
    return new Sending(m.getMessageID(), written);
  }

  @Override
  public void close() {
    session.tearDown();
  }

  private final class Listener implements SessionListener {
    @Override
    public boolean acceptHook(Session s, IncomingMessage message) {
      long size = message.getSize();
      if (size < 0 || size > Integer.MAX_VALUE) {
        problems.add("message " + message.getMessageID() + " of size " + size + " refused");
        return false;
      }
      message.setDataContainer(new MemoryDataContainer((int) size));
      return true;
    }

    @Override
    public void receivedMessage(Session s, IncomingMessage message) {
      if (message instanceof IncomingAliveMessage) {
        return; // a bodiless SEND: binding or keep-alive, no message
      }
      try {
        int size = (int) message.getSize();
        byte[] body = new byte[size];
        if (size > 0) {
          message.getDataContainer().get(0, size).get(body);
        }
        received.add(new Received(message.getMessageID(), message.getContentType(), body));
      } catch (Exception e) {
        problems.add("reading message " + message.getMessageID() + ": " + e);
      }
    }

    @Override
    public void receivedReport(Session s, Transaction report) {
      reports.add(new Report(report.getMessageID(), report.getStatusHeader().getStatusCode()));
    }

    @Override
    public void receivedNickname(Session s, Transaction request) {}

    @Override
    public void receivedNickNameResult(Session s, TransactionResponse result) {}

    @Override
    public void abortedMessageEvent(MessageAbortedEvent e) {
      problems.add("aborted " + e.getMessage().getMessageID() + " reason " + e.getReason());
    }

    @Override
    public void updateSendStatus(Session s, Message message, long sentBytes) {
      if (sentBytes >= message.getSize()) {
        CompletableFuture<Void> w = writing.remove(message);
        if (w != null) {
          w.complete(null);
        }
      }
    }

    @Override
    public void connectionLost(Session s, Throwable cause) {
      problems.add("connection lost: " + cause);
    }
  }
}
