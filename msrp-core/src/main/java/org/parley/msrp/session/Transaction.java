package org.parley.msrp.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.transport.MsrpConnection;

/** A request waiting for its response (RFC 4975 §7.1.2); followed by {@link Transactions}. */
final class Transaction {
  final String id;
  final MsrpRequest request;
  final MsrpConnection connection;
  final CompletableFuture<MsrpResponse> response = new CompletableFuture<>();
  volatile @Nullable ScheduledFuture<?> timeout;

  Transaction(String id, MsrpRequest request, MsrpConnection connection) {
    this.id = id;
    this.request = request;
    this.connection = connection;
  }

  CompletableFuture<MsrpResponse> response() {
    return response;
  }
}
