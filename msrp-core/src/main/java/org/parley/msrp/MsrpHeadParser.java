package org.parley.msrp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads an MSRP head from bytes a line at a time (RFC 4975 §9): the start line ({@code req-start}
 * or {@code resp-start}), then header lines, each checked against the grammar as it comes and its
 * typed value parsed, then {@link #build} makes the request or response. A line that breaks a rule
 * throws {@link MsrpSyntaxException} naming the rule, with the offset of the offending byte from
 * the line's start.
 *
 * <p>A header line equal byte for byte to the line at the same index of the previous head this
 * parser built is recognised by one comparison ({@link #repeatAt}) and takes that head's checked
 * header and typed value ({@link #repeatedLine}): the frames of a session repeat most of their
 * head. The lines are remembered in at most {@link #maxBufferedBytes()} bytes.
 *
 * <p>Not thread-safe: one per connection.
 */
public final class MsrpHeadParser {
  private static final int MAX_TRANSACT_ID = 32;
  private static final byte[] MSRP_SP = {'M', 'S', 'R', 'P', ' '};

  private final MsrpHeaders.Builder headers = MsrpHeaders.builder();
  private final RepeatedHeaders repeated = new RepeatedHeaders();

  private @Nullable String transactionId;
  private boolean request;
  private @Nullable MsrpMethod method;
  private int code;
  private @Nullable String comment;
  private int headerCount;

  /** The most bytes a parser holds, for the lines it remembers. */
  public static int maxBufferedBytes() {
    return RepeatedHeaders.LINES * RepeatedHeaders.MAX_LINE + RepeatedHeaders.SLACK;
  }

  /** The bytes it holds now. */
  public int bufferedBytes() {
    return repeated.bufferedBytes();
  }

  /**
   * Where the first {@code have} bytes of a start line, {@code b[from, from + have)}, first differ
   * from {@code "MSRP "}; -1 while they agree. Lets a reader give up on a stream that is not MSRP
   * before the line ends; {@link #startLine} fails at the same byte.
   */
  public static int notMsrpAt(byte[] b, int from, int have) {
    for (int k = 0; k < Math.min(have, MSRP_SP.length); k++) {
      if (b[from + k] != MSRP_SP[k]) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Reads a start line, {@code b[from, from + len)} with its line end, and begins a head.
   *
   * @throws MsrpSyntaxException when the line breaks the grammar; if it got as far as a valid
   *     transaction id, {@link #transactionId()} names it (the frame can be skipped to its
   *     end-line), else it is null (framing is lost)
   */
  public void startLine(byte[] b, int from, int len) {
    transactionId = null;
    int n = len - 2;
    // The first check the decoder makes before the line ends, so the error does not depend on
    // where the reads split the line.
    for (int k = 0; k < Math.min(len - 1, MSRP_SP.length); k++) {
      if (b[from + k] != MSRP_SP[k]) {
        throw new MsrpSyntaxException(MsrpRule.START_LINE, k, "a frame must start with \"MSRP \"");
      }
    }
    if (len < 2 || b[from + len - 2] != '\r') {
      throw new MsrpSyntaxException(
          MsrpRule.START_LINE, n + 1, "the start line must end with CRLF");
    }
    for (int k = 0; k < MSRP_SP.length; k++) {
      if (k >= n || b[from + k] != MSRP_SP[k]) {
        throw new MsrpSyntaxException(MsrpRule.START_LINE, k, "a frame must start with \"MSRP \"");
      }
    }
    int t = MSRP_SP.length;
    int sp = t;
    while (sp < n && b[from + sp] != ' ') {
      sp++;
    }
    transactId(b, from, t, sp);
    transactionId = new String(b, from + t, sp - t, StandardCharsets.ISO_8859_1);
    method = null;
    request = true; // until the start line shows a status code
    comment = null;
    headerCount = 0;
    // The builder is empty here: every way out of a head (built, or abandoned) clears it.
    if (sp == n) {
      throw new MsrpSyntaxException(
          MsrpRule.START_LINE, n, "a method or status code must follow the transaction id");
    }
    int s = sp + 1;
    if (s < n && Chars.digit(b[from + s])) {
      response(b, from, s, n);
    } else {
      method = method(b, from, s, n);
    }
  }

  /** {@code resp-start}: status-code = 3DIGIT, then SP comment or the end of the line. */
  private void response(byte[] b, int from, int s, int n) {
    request = false;
    for (int k = s + 1; k < s + 4; k++) {
      boolean ok = k < s + 3 ? k < n && Chars.digit(b[from + k]) : k == n || b[from + k] == ' ';
      if (!ok) {
        throw new MsrpSyntaxException(
            MsrpRule.STATUS_CODE,
            k,
            "a status code is three digits followed by SP or the end of the line");
      }
    }
    code = (b[from + s] - '0') * 100 + (b[from + s + 1] - '0') * 10 + (b[from + s + 2] - '0');
    if (n - s > 3) {
      int c = s + 4;
      int check = Utf8Text.check(b, from + c, from + n);
      if (check >= 0) {
        throw new MsrpSyntaxException(MsrpRule.COMMENT, check - from, "control or non-UTF-8 byte");
      }
      // The comment of nearly every response: not a new string each time.
      comment =
          n - c == 2 && b[from + c] == 'O' && b[from + c + 1] == 'K'
              ? "OK"
              : text(b, from + c, from + n, check);
    }
    if (code < 100) {
      throw new MsrpSyntaxException(MsrpRule.STATUS_CODE, s, "status-code below 100");
    }
  }

  /** {@code method = 1*UPALPHA}. */
  private static MsrpMethod method(byte[] b, int from, int s, int n) {
    for (int i = s; i < n; i++) {
      if (b[from + i] < 'A' || b[from + i] > 'Z') {
        throw new MsrpSyntaxException(
            MsrpRule.METHOD,
            i,
            "a method is upper-case letters (1*UPALPHA), found "
                + Chars.printable(b[from + i] & 0xff));
      }
    }
    if (s == n) {
      throw new MsrpSyntaxException(MsrpRule.METHOD, s, "empty method");
    }
    int len = n - s;
    int at = from + s;
    if (len == 4 && b[at] == 'S' && b[at + 1] == 'E' && b[at + 2] == 'N' && b[at + 3] == 'D') {
      return MsrpMethod.SEND;
    }
    return MsrpMethod.of(new String(b, at, len, StandardCharsets.ISO_8859_1));
  }

  /** Checks {@code transact-id = ident} in {@code b[from + t, from + sp)}. */
  private static void transactId(byte[] b, int from, int t, int sp) {
    int n = sp - t;
    int bad = -1;
    if (n > 0 && !Chars.alphanum(b[from + t])) {
      bad = t;
    } else {
      for (int i = t + 1, end = Math.min(sp, t + MAX_TRANSACT_ID + 1); i < end; i++) {
        if (!Chars.identChar(b[from + i])) {
          bad = i;
          break;
        }
      }
    }
    if (bad < 0 && n < 4) {
      bad = sp;
    } else if (bad < 0 && n > MAX_TRANSACT_ID) {
      bad = t + MAX_TRANSACT_ID;
    }
    if (bad >= 0) {
      throw badTransactId(b, from, t, sp, bad);
    }
  }

  /** The transaction id {@code b[from + t, from + sp)} breaks its rule at {@code bad}. */
  private static MsrpSyntaxException badTransactId(byte[] b, int from, int t, int sp, int bad) {
    int n = sp - t;
    String detail;
    if (bad == t && n > 0) {
      detail =
          "transaction id must start with a letter or digit, found "
              + Chars.printable(b[from + bad] & 0xff);
    } else if (bad < sp && bad < t + MAX_TRANSACT_ID) {
      detail =
          "character "
              + Chars.printable(b[from + bad] & 0xff)
              + " is not allowed in a transaction id";
    } else if (n < 4) {
      detail = "transaction id is " + n + " characters, at least 4 are required";
    } else {
      detail = "transaction id is longer than " + MAX_TRANSACT_ID + " characters";
    }
    return new MsrpSyntaxException(MsrpRule.TRANSACT_ID, bad, detail);
  }

  /** The transaction id of the head being read; null before one was read whole. */
  public @Nullable String transactionId() {
    return transactionId;
  }

  /** Whether the head is a request (until its start line shows a status code). */
  public boolean isRequest() {
    return request;
  }

  /** How many header lines the head has had so far. */
  public int headerCount() {
    return headerCount;
  }

  /** Whether a Content-Type header was read, which a request with a body needs. */
  public boolean hasContentType() {
    return headers.hasContentType();
  }

  /**
   * Reads one header line, {@code b[from, from + len)} ending with CRLF (which the caller checked):
   * {@code hname ":" SP hval}.
   *
   * @throws MsrpSyntaxException when the line breaks the grammar or its typed value its rule, or a
   *     header that may appear once is there again
   */
  public void headerLine(byte[] b, int from, int len) {
    int index = headerCount++;
    int n = len - 2;
    int i = 0;
    while (i < n && Chars.tokenChar(b[from + i])) {
      i++;
    }
    if (i == 0 || i == n || b[from + i] != ':' || !Chars.alpha(b[from])) {
      throw badName(b, from, i, n);
    }
    String name = HeaderName.lookup(b, from, i);
    if (name == null) {
      name = new String(b, from, i, StandardCharsets.ISO_8859_1);
    }
    int v = i + 1;
    if (v < n && b[from + v] == ' ') {
      v++;
    }
    int check = Utf8Text.check(b, from + v, from + n);
    if (check >= 0) {
      throw badValue(b, from, check, name);
    }
    String value = text(b, from + v, from + n, check);
    try {
      headers.addChecked(name, value);
    } catch (MsrpSyntaxException e) {
      throw inValue(e, v, name);
    }
    repeated.remember(index, b, from, len);
  }

  // The errors of a header line are built apart from headerLine, which stays small enough for the
  // JIT to compile and inline on its own.

  /**
   * The name of a header line {@code b[from, from + n)} breaks a rule; its token ends at {@code i}.
   */
  private static MsrpSyntaxException badName(byte[] b, int from, int i, int n) {
    if (i == n || b[from + i] != ':') {
      for (int c = i; c < n; c++) {
        if (b[from + c] == ':') {
          return new MsrpSyntaxException(
              MsrpRule.HNAME,
              i,
              "character "
                  + Chars.printable(b[from + i] & 0xff)
                  + " is not allowed in a header name");
        }
      }
      return new MsrpSyntaxException(MsrpRule.HEADER, 0, "a header line without ':'");
    }
    return new MsrpSyntaxException(MsrpRule.HNAME, 0, "a header name must start with a letter");
  }

  /** Byte {@code check} of the value of header {@code name} is not {@code utf8text}. */
  private static MsrpSyntaxException badValue(byte[] b, int from, int check, String name) {
    return new MsrpSyntaxException(
        MsrpRule.HVAL,
        check - from,
        "byte " + Chars.printable(b[check] & 0xff) + " is not allowed in the value of " + name);
  }

  /**
   * {@code e}, from the value of header {@code name} starting at {@code v}, as the line's error.
   */
  private static MsrpSyntaxException inValue(MsrpSyntaxException e, int v, String name) {
    int at = e.offset() < 0 ? 0 : v + e.offset();
    return new MsrpSyntaxException(e.rule(), at, name + ": " + e.detail());
  }

  /**
   * The length (CRLF included) of the next header line when {@code window[from, to)} starts with
   * the previous head's line at the same index, else -1: a repeated line is known without looking
   * for its LF.
   */
  public int repeatAt(byte[] window, int from, int to) {
    return repeated.repeatAt(window, from, to, headerCount);
  }

  /**
   * Takes the next header line as the {@linkplain #repeatAt repeated} line of the previous head.
   *
   * @throws MsrpSyntaxException when the header may appear once and is already there
   */
  public void repeatedLine() {
    int index = headerCount++;
    try {
      repeated.replay(index, headers);
    } catch (MsrpSyntaxException e) {
      throw new MsrpSyntaxException(e.rule(), 0, repeated.name(index) + ": " + e.detail());
    }
  }

  /**
   * Makes the request or response of the lines read, and gets ready for the next head.
   *
   * @throws MsrpSyntaxException when the head as a whole breaks a rule (a header it needs is
   *     missing); the head stays, to be {@linkplain #abandon abandoned}
   */
  public MsrpHead build() {
    MsrpHeaders h = headers.build();
    String id = Objects.requireNonNull(transactionId, "no start line");
    MsrpHead head =
        request
            ? MsrpRequest.of(id, Objects.requireNonNull(method), h)
            : MsrpResponse.of(id, code, comment, h);
    repeated.headDone(head.headers(), headerCount);
    headers.clear();
    return head;
  }

  /** The headers read so far, for an error report. */
  public MsrpHeaders partialHeaders() {
    return headers.build();
  }

  /**
   * Between heads: forgets the previous head and frees the memory its lines took (for a connection
   * gone quiet; the next head is read in full).
   */
  public void release() {
    repeated.release();
  }

  /** The head failed: drops what was read of it, and the lines remembered from the previous. */
  public void abandon() {
    repeated.forget();
    headers.clear();
  }

  private static String text(byte[] b, int from, int to, int check) {
    return new String(
        b,
        from,
        to - from,
        check == Utf8Text.ASCII ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }
}
