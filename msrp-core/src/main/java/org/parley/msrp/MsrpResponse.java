package org.parley.msrp;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A response's start line and headers: {@code resp-start = pMSRP SP transact-id SP status-code [SP
 * comment] CRLF} followed by To-Path and From-Path. Immutable.
 */
public final class MsrpResponse implements MsrpHead {
  private final String transactionId;
  private final int code;
  private final @Nullable String comment;
  private final MsrpHeaders headers;

  private MsrpResponse(
      String transactionId, int code, @Nullable String comment, MsrpHeaders headers) {
    this.transactionId = transactionId;
    this.code = code;
    this.comment = comment;
    this.headers = headers;
  }

  /**
   * A response from its parts.
   *
   * @param comment the comment after the code, or null
   * @throws MsrpSyntaxException when the transaction id is not an {@code ident}, the code is not
   *     three digits, or To-Path or From-Path is missing
   */
  public static MsrpResponse of(
      String transactionId, int code, @Nullable String comment, MsrpHeaders headers) {
    TransactionIds.check(transactionId);
    if (code < 100 || code > 999) {
      throw new MsrpSyntaxException(MsrpRule.STATUS_CODE, 0, "status-code must be 3 digits");
    }
    if (comment != null) {
      MsrpHeaders.Builder.checkValue(comment);
    }
    MsrpRequest.requirePaths(headers);
    return new MsrpResponse(transactionId, code, comment, headers);
  }

  /**
   * A response to {@code request} (RFC 4975 §7.2): same transaction id, To-Path is the first URI of
   * the request's From-Path, From-Path is the URI this hop answers as (the first of the request's
   * To-Path).
   */
  public static MsrpResponse to(MsrpRequest request, int code, @Nullable String comment) {
    // A session's SENDs repeat their paths: their answers' paths are made once (kept with the
    // request's To-Path header). Other requests (an AUTH, once per client) keep nothing.
    MsrpHeaders headers =
        MsrpMethod.SEND.equals(request.method())
            ? request.headers().answering()
            : MsrpHeaders.ofPaths(
                List.of(request.fromPath().get(0)), List.of(request.toPath().get(0)));
    return of(request.transactionId(), code, comment, headers);
  }

  @Override
  public String transactionId() {
    return transactionId;
  }

  /** The status code. */
  public int code() {
    return code;
  }

  /** The comment after the status code, or null. */
  public @Nullable String comment() {
    return comment;
  }

  @Override
  public MsrpHeaders headers() {
    return headers;
  }

  /** {@code true} for codes 200–299. */
  public boolean isSuccess() {
    return code >= 200 && code < 300;
  }

  /**
   * This response as a relay passes it back (RFC 4976 §6.4.3): under the upstream transaction id,
   * with the first {@code n} URIs of To-Path, the relay's, moved to the front of From-Path ({@link
   * MsrpHeaders#relayed}).
   *
   * @throws MsrpSyntaxException when {@code transactionId} is not an {@code ident}
   * @throws IllegalArgumentException when To-Path does not hold more than {@code n} URIs
   */
  public MsrpResponse relayed(String transactionId, int n) {
    return new MsrpResponse(TransactionIds.check(transactionId), code, comment, headers.relayed(n));
  }

  /** A response like this one with other headers. */
  public MsrpResponse withHeaders(MsrpHeaders headers) {
    return of(transactionId, code, comment, headers);
  }

  /** A response like this one with a new To-Path and From-Path. */
  public MsrpResponse withPaths(List<MsrpUri> toPath, List<MsrpUri> fromPath) {
    MsrpHeaders.Builder b = headers.toBuilder();
    b.setPath(HeaderName.TO_PATH, toPath);
    b.setPath(HeaderName.FROM_PATH, fromPath);
    return of(transactionId, code, comment, b.build());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MsrpResponse)) {
      return false;
    }
    MsrpResponse r = (MsrpResponse) o;
    return code == r.code
        && transactionId.equals(r.transactionId)
        && Objects.equals(comment, r.comment)
        && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(transactionId, code, comment, headers);
  }

  @Override
  public String toString() {
    return "MSRP "
        + transactionId
        + " "
        + code
        + (comment == null ? "" : " " + comment)
        + " "
        + headers;
  }
}
