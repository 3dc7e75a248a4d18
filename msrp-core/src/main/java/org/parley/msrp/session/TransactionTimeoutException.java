package org.parley.msrp.session;

import java.time.Duration;
import org.parley.msrp.MsrpRequest;

/** A request got no response in time (RFC 4975 §7.1.2); its message has failed locally. */
public final class TransactionTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TransactionTimeoutException(MsrpRequest request, Duration timeout) {
    super(
        "no response to "
            + request.method()
            + " "
            + request.transactionId()
            + " within "
            + timeout.toMillis()
            + " ms");
  }
}
