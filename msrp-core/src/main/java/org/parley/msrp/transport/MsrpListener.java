package org.parley.msrp.transport;

import io.netty.channel.ServerChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** A listening socket of an {@link MsrpTransport}. */
public final class MsrpListener implements AutoCloseable {
  private final ServerChannel channel;
  private final boolean secure;

  MsrpListener(ServerChannel channel, boolean secure) {
    this.channel = channel;
    this.secure = secure;
  }

  /** The address it listens at (with the port chosen when 0 was asked for). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** {@code true} for msrps (TLS). */
  public boolean secure() {
    return secure;
  }

  /** Stops accepting; connections already accepted stay open. */
  @Override
  public void close() {
    closeAsync().join();
  }

  public CompletableFuture<Void> closeAsync() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    channel
        .close()
        .addListener(
            f -> {
              if (f.isSuccess()) {
                done.complete(null);
              } else {
                done.completeExceptionally(f.cause());
              }
            });
    return done;
  }
}
