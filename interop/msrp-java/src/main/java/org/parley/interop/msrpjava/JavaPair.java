package org.parley.interop.msrpjava;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import javax.net.msrp.IncomingMessage;
import javax.net.msrp.MemoryDataContainer;
import javax.net.msrp.Message;
import javax.net.msrp.OutgoingMessage;
import javax.net.msrp.Session;
import javax.net.msrp.SessionListener;
import javax.net.msrp.Transaction;
import javax.net.msrp.TransactionResponse;
import javax.net.msrp.events.MessageAbortedEvent;

/** Two msrp-java sessions per pair: the sender connects (active), the receiver listens. */
final class JavaPair extends BenchPair {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final List<Session> senders = new ArrayList<>();
  private final List<Session> receivers = new ArrayList<>();
  private final Map<Message, LongConsumer> progress = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<String> problems = new LinkedBlockingQueue<>();

  /**
   * @param chunkSize 0 for msrp-java's default (the whole message in one SEND)
   */
  JavaPair(int sessions, int chunkSize) throws Exception {
    JavaSide.allowLargeMessagesInMemory();
    JavaSide.awaitListenerThread();
    for (int i = 0; i < sessions; i++) {
      Session s = Session.create(false, false, LOOPBACK);
      Session r = Session.create(false, false, s.getURI(), LOOPBACK);
      r.setListener(new Listener());
      s.setListener(new Listener());
      s.setChunkSize(chunkSize);
      s.setToPath(new ArrayList<>(List.of(r.getURI())));
      senders.add(s);
      receivers.add(r);
    }
  }

  @Override
  void send(int session, String contentType, byte[] body, LongConsumer p) throws Exception {
    OutgoingMessage m = new OutgoingMessage(contentType, body);
    m.setSuccessReport(false);
    if (p != null) {
      progress.put(m, p);
    }
    senders.get(session).sendMessage(m);
  }

  @Override
  String problems() {
    return problems.toString();
  }

  @Override
  public void close() {
    senders.forEach(Session::tearDown);
    receivers.forEach(Session::tearDown);
  }

  /** msrp-java's memory container, telling {@link #receiving} how far the message got. */
  private final class Watched extends MemoryDataContainer {
    Watched(int size) {
      super(size);
    }

    @Override
    public void put(long at, byte[] data)
        throws javax.net.msrp.exceptions.NotEnoughStorageException, java.io.IOException {
      super.put(at, data);
      LongConsumer r = receiving;
      if (r != null) {
        r.accept(at + data.length);
      }
    }
  }

  private final class Listener implements SessionListener {
    @Override
    public boolean acceptHook(Session s, IncomingMessage m) {
      boolean text = m.getContentType() != null && m.getContentType().startsWith("text/");
      m.setDataContainer(
          text ? new MemoryDataContainer((int) m.getSize()) : new Watched((int) m.getSize()));
      return true;
    }

    @Override
    public void receivedMessage(Session s, IncomingMessage m) {
      arrivals.add(new Arrival(m.getContentType().startsWith("text/"), System.nanoTime()));
      m.discard(); // msrp-java keeps a received message's container until told it is done
    }

    @Override
    public void updateSendStatus(Session s, Message m, long sent) {
      LongConsumer p = progress.get(m);
      if (p != null) {
        p.accept(sent);
        if (sent >= m.getSize()) {
          progress.remove(m);
        }
      }
    }

    @Override
    public void abortedMessageEvent(MessageAbortedEvent e) {
      problems.add("aborted: reason " + e.getReason());
    }

    @Override
    public void connectionLost(Session s, Throwable cause) {
      problems.add("connection lost: " + cause);
    }

    @Override
    public void receivedReport(Session s, Transaction report) {}

    @Override
    public void receivedNickname(Session s, Transaction request) {}

    @Override
    public void receivedNickNameResult(Session s, TransactionResponse result) {}
  }
}
