package org.parley.msrp;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request's start line and headers: {@code req-start = pMSRP SP transact-id SP method CRLF}
 * followed by {@code headers}. Immutable; the body travels separately (see {@link MsrpHead}).
 *
 * <pre>{@code
 * MsrpRequest send = MsrpRequest.builder(MsrpMethod.SEND)
 *     .toPath(List.of(MsrpUri.parse("msrp://bob.example.com:8888/9di4eae923wzd;tcp")))
 *     .fromPath(List.of(MsrpUri.parse("msrp://alicepc.example.com:7777/iau39soe2843z;tcp")))
 *     .messageId("12339sdqwer")
 *     .byteRange(ByteRange.of(1, 16, 16))
 *     .contentType("text/plain")
 *     .build();   // a fresh random transaction id
 * }</pre>
 */
public final class MsrpRequest implements MsrpHead {
  private final String transactionId;
  private final MsrpMethod method;
  private final MsrpHeaders headers;

  private MsrpRequest(String transactionId, MsrpMethod method, MsrpHeaders headers) {
    this.transactionId = transactionId;
    this.method = method;
    this.headers = headers;
  }

  /**
   * A request from its parts.
   *
   * @throws MsrpSyntaxException when the transaction id is not an {@code ident} ({@link
   *     MsrpRule#TRANSACT_ID}) or To-Path or From-Path is missing ({@link MsrpRule#MISSING_HEADER})
   */
  public static MsrpRequest of(String transactionId, MsrpMethod method, MsrpHeaders headers) {
    TransactionIds.check(transactionId);
    requirePaths(headers);
    return new MsrpRequest(transactionId, Objects.requireNonNull(method), headers);
  }

  static void requirePaths(MsrpHeaders headers) {
    if (headers.toPath().isEmpty()) {
      throw new MsrpSyntaxException(MsrpRule.MISSING_HEADER, -1, "To-Path is required");
    }
    if (headers.fromPath().isEmpty()) {
      throw new MsrpSyntaxException(MsrpRule.MISSING_HEADER, -1, "From-Path is required");
    }
  }

  public static Builder builder(MsrpMethod method) {
    return new Builder(method);
  }

  @Override
  public String transactionId() {
    return transactionId;
  }

  public MsrpMethod method() {
    return method;
  }

  @Override
  public MsrpHeaders headers() {
    return headers;
  }

  /** Message-ID, or null. */
  public @Nullable String messageId() {
    return headers.messageId();
  }

  /** Byte-Range, or null. */
  public @Nullable ByteRange byteRange() {
    return headers.byteRange();
  }

  /** Content-Type, or null. */
  public @Nullable String contentType() {
    return headers.contentType();
  }

  /** Success-Report, defaulting to {@link SuccessReport#NO} when absent. */
  public SuccessReport successReport() {
    SuccessReport r = headers.successReport();
    return r == null ? SuccessReport.NO : r;
  }

  /** Failure-Report, defaulting to {@link FailureReport#YES} when absent. */
  public FailureReport failureReport() {
    FailureReport r = headers.failureReport();
    return r == null ? FailureReport.YES : r;
  }

  /**
   * This request as a relay passes it on (RFC 4976 §3): under the relay's own transaction id, with
   * the first {@code n} URIs of To-Path, the relay's, moved to the front of From-Path ({@link
   * MsrpHeaders#relayed}).
   *
   * @throws MsrpSyntaxException when {@code transactionId} is not an {@code ident}
   * @throws IllegalArgumentException when To-Path does not hold more than {@code n} URIs
   */
  public MsrpRequest relayed(String transactionId, int n) {
    return new MsrpRequest(TransactionIds.check(transactionId), method, headers.relayed(n));
  }

  /** A builder holding this request's parts. */
  public Builder toBuilder() {
    Builder b = new Builder(method);
    b.transactionId = transactionId;
    b.headers = headers.toBuilder();
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MsrpRequest)) {
      return false;
    }
    MsrpRequest r = (MsrpRequest) o;
    return transactionId.equals(r.transactionId)
        && method.equals(r.method)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(transactionId, method, headers);
  }

  @Override
  public String toString() {
    return "MSRP " + transactionId + " " + method + " " + headers;
  }

  /** Builds a request; headers are written in the order they are set. */
  public static final class Builder {
    private final MsrpMethod method;
    private @Nullable String transactionId;
    private MsrpHeaders.Builder headers = MsrpHeaders.builder();

    private Builder(MsrpMethod method) {
      this.method = Objects.requireNonNull(method);
    }

    /** The transaction id; when not set, {@link #build} takes a fresh random one. */
    public Builder transactionId(String transactionId) {
      this.transactionId = transactionId;
      return this;
    }

    public Builder toPath(List<MsrpUri> path) {
      headers.setPath(HeaderName.TO_PATH, path);
      return this;
    }

    public Builder fromPath(List<MsrpUri> path) {
      headers.setPath(HeaderName.FROM_PATH, path);
      return this;
    }

    public Builder usePath(List<MsrpUri> path) {
      headers.setPath(HeaderName.USE_PATH, path);
      return this;
    }

    public Builder messageId(String messageId) {
      return header(HeaderName.MESSAGE_ID, messageId);
    }

    public Builder successReport(SuccessReport r) {
      return header(HeaderName.SUCCESS_REPORT, r.value());
    }

    public Builder failureReport(FailureReport r) {
      return header(HeaderName.FAILURE_REPORT, r.value());
    }

    public Builder byteRange(ByteRange range) {
      return header(HeaderName.BYTE_RANGE, range.toString());
    }

    public Builder status(MsrpStatus status) {
      return header(HeaderName.STATUS, status.toString());
    }

    public Builder contentType(String mediaType) {
      return header(HeaderName.CONTENT_TYPE, mediaType);
    }

    public Builder expires(long seconds) {
      return header(HeaderName.EXPIRES, Long.toString(seconds));
    }

    /**
     * Sets a header: replaces every header of that name, then adds this one at the end.
     *
     * @throws MsrpSyntaxException when the value breaks the header's rule
     */
    public Builder header(String name, String value) {
      headers.set(name, value);
      return this;
    }

    /** Adds a header at the end, keeping others of the same name. */
    public Builder addHeader(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /**
     * The request. Besides the paths, the builder enforces what RFC 4975 §7.1 requires of what a
     * stack sends: every SEND, the empty binding and keep-alive SEND included, and every REPORT
     * carry a Message-ID (§7.1.1, §7.1.2), and a REPORT carries a Status.
     *
     * @throws MsrpSyntaxException ({@link MsrpRule#MISSING_HEADER}) when a required header is
     *     missing
     */
    public MsrpRequest build() {
      String tid = transactionId == null ? TransactionIds.next() : transactionId;
      MsrpHeaders h = headers.build();
      boolean send = method.equals(MsrpMethod.SEND);
      boolean report = method.equals(MsrpMethod.REPORT);
      if ((send || report) && h.messageId() == null) {
        throw new MsrpSyntaxException(
            MsrpRule.MISSING_HEADER, -1, "a " + method + " carries a Message-ID (RFC 4975 §7.1)");
      }
      if (report && h.status() == null) {
        throw new MsrpSyntaxException(
            MsrpRule.MISSING_HEADER, -1, "a REPORT carries a Status (RFC 4975 §7.1.2)");
      }
      return of(tid, method, h);
    }
  }
}
