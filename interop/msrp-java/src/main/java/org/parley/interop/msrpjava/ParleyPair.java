package org.parley.interop.msrpjava;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.TransactionIds;
import org.parley.msrp.session.IncomingMessage;
import org.parley.msrp.session.MsrpSession;
import org.parley.msrp.session.MsrpStack;
import org.parley.msrp.session.SendOptions;
import org.parley.msrp.session.SessionListener;

/** Two Parley stacks: the senders connect (active), the receivers listen (passive). */
final class ParleyPair extends BenchPair implements SessionListener {
  private final MsrpStack sender;
  private final MsrpStack receiver;
  private final List<MsrpSession> senders = new ArrayList<>();
  private final Map<IncomingMessage, byte[]> bodies = new ConcurrentHashMap<>();
  private final java.util.Queue<String> problems =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /**
   * @param chunkSize 0 for the defaults, else chunks of this size and no streaming
   */
  ParleyPair(int sessions, int chunkSize) throws Exception {
    sender = stack(chunkSize);
    receiver = stack(chunkSize);
    int port =
        receiver
            .listen(new InetSocketAddress("127.0.0.1", 0), null)
            .join()
            .localAddress()
            .getPort();
    for (int i = 0; i < sessions; i++) {
      MsrpUri to = uri(port);
      MsrpUri from = uri(port + 1);
      MsrpSession r = receiver.session(to, this);
      r.remotePath(List.of(from));
      MsrpSession s = sender.session(from, new SessionListener() {});
      s.remotePath(List.of(to));
      s.connect(null).join();
      senders.add(s);
    }
  }

  private static MsrpStack stack(int chunkSize) {
    MsrpStack.Builder b = MsrpStack.builder();
    if (chunkSize > 0) {
      b.chunkSize(chunkSize).streamDirect(false);
    }
    return b.build();
  }

  private static MsrpUri uri(int port) {
    return MsrpUri.parse("msrp://127.0.0.1:" + port + "/" + TransactionIds.next() + ";tcp");
  }

  @Override
  void send(int session, String contentType, byte[] body, LongConsumer progress) {
    SendOptions o =
        progress == null ? SendOptions.DEFAULT : SendOptions.builder().progress(progress).build();
    senders
        .get(session)
        .send(contentType, body, o)
        .whenComplete(
            (v, e) -> {
              if (e != null && problems.size() < 3) {
                problems.add(String.valueOf(e));
              }
            });
  }

  @Override
  String problems() {
    return problems.toString();
  }

  @Override
  public void started(MsrpSession s, IncomingMessage m) {
    bodies.put(m, new byte[(int) m.total()]);
  }

  @Override
  public void bytes(MsrpSession s, IncomingMessage m, long position, ByteBuf slice) {
    slice.getBytes(slice.readerIndex(), bodies.get(m), (int) position, slice.readableBytes());
    LongConsumer r = receiving;
    if (r != null && !m.contentType().startsWith("text/")) {
      r.accept(position + slice.readableBytes());
    }
  }

  @Override
  public void completed(MsrpSession s, IncomingMessage m, boolean aborted) {
    long now = System.nanoTime();
    bodies.remove(m);
    arrivals.add(new Arrival(m.contentType().startsWith("text/"), now));
  }

  @Override
  public void close() {
    sender.close();
    receiver.close();
  }
}
