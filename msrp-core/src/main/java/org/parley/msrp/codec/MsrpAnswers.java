package org.parley.msrp.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.parley.msrp.FailureReport;
import org.parley.msrp.HeaderName;
import org.parley.msrp.MsrpHeaders;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpUri;

/**
 * Which request gets which answer (RFC 4975 §7.2), for endpoints ({@code MsrpStack}) and the relay
 * alike: a well-formed request as its Failure-Report asks, and a frame the {@link MsrpDecoder}
 * refused with the error response its {@link MsrpDecodeError.Action action} names, or, when no
 * response can be addressed to its sender, a closed connection. No request is left unanswered on an
 * open connection. A head past the decoder's header limits is answered (when it can be) and its
 * connection closed at once: the decoder would otherwise skip a flood without end.
 */
public final class MsrpAnswers {
  private MsrpAnswers() {}

  /**
   * What a connection does about a decode error: send {@code response} when it is not null, then
   * close when {@code close} is set.
   */
  public record Verdict(@Nullable MsrpResponse response, boolean close) {
    static final Verdict NOTHING = new Verdict(null, false);
    static final Verdict CLOSE = new Verdict(null, true);
  }

  /**
   * The response to {@code request} with {@code code}, or null when none is sent: never to a
   * REPORT; with Failure-Report {@code no} none; with {@code partial} only errors.
   */
  public static @Nullable MsrpResponse to(MsrpRequest request, int code, @Nullable String comment) {
    if (request.method().equals(MsrpMethod.REPORT)) {
      return null;
    }
    FailureReport fr = request.failureReport();
    if (fr == FailureReport.NO || (fr == FailureReport.PARTIAL && code < 300)) {
      return null;
    }
    return MsrpResponse.to(request, code, comment);
  }

  /**
   * What to do about {@code error}: for {@link MsrpDecodeError.Action#RESPOND_400 RESPOND_400} (and
   * {@code RESPOND_413}) the error response, to the first URI of the frame's From-Path, from the
   * first of its To-Path, or from {@code self} when the To-Path is missing or broken; when the
   * frame has no transaction id or no usable From-Path nobody can be answered, and the connection
   * is closed instead. A broken response is dropped; lost framing closes the connection. A head
   * over the header limits ({@link MsrpRule#HEADER_BLOCK_TOO_LARGE}, {@link
   * MsrpRule#TOO_MANY_HEADERS}) closes it too, after its 400.
   *
   * @param self the URI this side answers as when the frame names none (e.g. the connection's local
   *     address)
   */
  public static Verdict toError(MsrpDecodeError error, MsrpUri self) {
    int code;
    switch (error.action()) {
      case RESPOND_400:
        code = 400;
        break;
      case RESPOND_413:
        code = 413;
        break;
      case DISCARD:
        return Verdict.NOTHING;
      case CLOSE:
      default:
        return Verdict.CLOSE;
    }
    List<MsrpUri> from = error.fromPath();
    List<MsrpUri> to = error.toPath();
    if (error.transactionId() == null || from.isEmpty()) {
      return Verdict.CLOSE;
    }
    boolean flood =
        error.rule() == MsrpRule.HEADER_BLOCK_TOO_LARGE
            || error.rule() == MsrpRule.TOO_MANY_HEADERS;
    MsrpHeaders h =
        MsrpHeaders.builder()
            .add(HeaderName.TO_PATH, from.get(0).toString())
            .add(HeaderName.FROM_PATH, (to.isEmpty() ? self : to.get(0)).toString())
            .build();
    String comment = code == 400 ? "Bad Request" : "Message Too Large";
    return new Verdict(MsrpResponse.of(error.transactionId(), code, comment, h), flood);
  }
}
