package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.HeaderName;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpHeaders;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpSyntaxException;
import org.parley.msrp.MsrpUri;

/**
 * The streaming MSRP decoder (RFC 4975 §7 and §9), an explicit state machine over bytes.
 *
 * <pre>
 * MSRP d93kswow SEND                     START_LINE  req-start / resp-start
 * To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp
 * From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp
 * Message-ID: 12339sdqwer                HEADERS     one header per line, checked as read
 * Byte-Range: 1-16/16
 * Content-Type: text/plain
 *                                        (blank line: a body follows)
 * Hi, I'm Alice!                         BODY        emitted as it arrives, never held
 * -------d93kswow$                       end-line    found wherever the reads split it
 * </pre>
 *
 * <p>For each frame it emits, in order: the head ({@link MsrpRequest} or {@link MsrpResponse}) as
 * soon as the header block is complete; the body as zero or more {@link ByteBuf} slices of the
 * input (retained, never copied; a frame whose blank line announced an empty body yields one empty
 * buffer, so that re-encoding is byte-exact); then the end-line's {@link ContinuationFlag}. A frame
 * that breaks a rule yields an {@link MsrpDecodeError} instead, naming the rule, the byte offset
 * and the {@linkplain MsrpDecodeError.Action action} the connection should take; the decoder then
 * skips to that frame's end-line (or, when framing is lost, ignores the rest of the input).
 *
 * <p>Memory: the decoder holds the current line (bounded by the configured limits) and at most the
 * 44 bytes of a possible end-line that a read split; it consumes every byte it is given, so the
 * channel's cumulation buffer never grows. Body slices are the caller's to release.
 *
 * <p>Not sharable: one instance per connection.
 */
public final class MsrpDecoder extends ByteToMessageDecoder {
  private enum State {
    START_LINE,
    HEADERS,
    BODY,
    SKIP,
    FAILED
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final int DASHES = 7;
  private static final int MAX_TRANSACT_ID = 32;
  private static final byte[] MSRP_SP = {'M', 'S', 'R', 'P', ' '};

  private final MsrpDecoderConfig config;
  private final MsrpHeaders.Builder headers = MsrpHeaders.builder();
  private final RepeatedHeaders repeated = new RepeatedHeaders();

  private State state = State.START_LINE;

  /** Stream offset of the next byte to be read. */
  private long position;

  /** The head window: bytes of the head read ahead, handled a line at a time. */
  private byte[] line = new byte[256];

  private int winLen;
  private int next;
  private int scanned;
  private long winBase;

  /** The line being handled: {@code line[b0, b0 + lineLen)}, LF included. */
  private int b0;

  private int lineLen;
  private long lineOffset;

  /** Bytes the head window takes from the input at a time. */
  private static final int READ_AHEAD = 256;

  private int headerBlockBytes;
  private int headerCount;

  private String transactionId;
  private boolean request;
  private MsrpMethod method;
  private int code;
  private String comment;
  private boolean bodySeen;

  /**
   * {@code CRLF "-------" transact-id continuation-flag CRLF}; the flag position takes any flag.
   */
  private final byte[] endLine = new byte[2 + DASHES + MAX_TRANSACT_ID + 1 + 2];

  private int endLineLen;
  private int flagIndex;

  /**
   * The bytes of a possible end-line cut by the end of a read; made when first needed (most
   * connections never see one), then kept.
   */
  private byte[] pending;

  /** The bytes of {@link #pending} as slices of the reads they came in (body state only). */
  private CompositeByteBuf held;

  /** Bytes of a heap buffer compared with the end-line; made when first needed. */
  private byte[] scratch;

  /** Below this many bytes a plain scan for CR is as fast as skipping. */
  private static final int SKIP_SEARCH_MIN = 512;

  /**
   * Per event-loop thread, one byte per possible pair (16 KB, see {@link #PAIR_MASK}): non-zero for
   * the pairs of the end-line last searched for on that thread. Shared by the thread's decoders
   * rather than held per connection; a decoder whose frame has another transaction id reloads it (a
   * few dozen stores).
   */
  private static final FastThreadLocal<PairTable> PAIRS =
      new FastThreadLocal<>() {
        @Override
        protected PairTable initialValue() {
          return new PairTable();
        }
      };

  /**
   * Pairs are looked up by their 16-bit value with the top two bits dropped: a 16 KB table that
   * stays in the first-level cache next to the data, for four times as many false hits (about one
   * sample in eight hundred for an 8-character transaction id), each ruled out by the full check.
   */
  private static final int PAIR_MASK = 0x3fff;

  /** The pair table of one thread and the transaction id whose end-line it holds. */
  private static final class PairTable {
    final byte[] table = new byte[PAIR_MASK + 1];
    final int[] set = new int[3 * 2 * (2 + DASHES + MAX_TRANSACT_ID + 1 + 2)];
    int setCount;
    String forTid;
  }

  private int matched;

  /** A decoder with the {@linkplain MsrpDecoderConfig#DEFAULT default limits}. */
  public MsrpDecoder() {
    this(MsrpDecoderConfig.DEFAULT);
  }

  public MsrpDecoder(MsrpDecoderConfig config) {
    this.config = config;
    endLine[0] = CR;
    endLine[1] = LF;
    Arrays.fill(endLine, 2, 2 + DASHES, (byte) '-');
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(in, out);
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(in, out);
    decodeEnd(out);
  }

  /**
   * Decodes every readable byte of {@code in}, adding what it finds to {@code out}. The same state
   * machine as the channel handler, for use without a pipeline (benchmarks, tools).
   */
  public void decode(ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      switch (state) {
        case START_LINE:
        case HEADERS:
          if (!headLines(in, out)) {
            return;
          }
          break;
        case BODY:
          body(in, out, true);
          break;
        case SKIP:
          body(in, out, false);
          break;
        case FAILED:
        default:
          position += in.readableBytes();
          in.skipBytes(in.readableBytes());
          return;
      }
    }
  }

  /** Tells the decoder that the input has ended: a frame not finished yet is reported. */
  public void decodeEnd(List<Object> out) {
    switch (state) {
      case START_LINE:
        if (winLen == next) {
          return;
        }
        break;
      case BODY:
        flushPending(out, matched, true);
        releaseHeld();
        break;
      case SKIP:
      case FAILED:
        return;
      default:
        break;
    }
    fail(out, MsrpRule.TRUNCATED, position, "the input ended before the frame's end-line");
  }

  /**
   * The most {@link #bufferedBytes} can be: the head window (the larger limit plus the read-ahead)
   * and a split end-line. The search table of large bodies (16 KB) belongs to the event-loop
   * thread, not to the connection.
   */
  static int maxBufferedBytes(MsrpDecoderConfig config) {
    return Math.max(config.maxStartLineLength(), config.maxHeaderBlockSize())
        + READ_AHEAD
        + 2 * (2 + DASHES + MAX_TRANSACT_ID + 1 + 2)
        + RepeatedHeaders.LINES * RepeatedHeaders.MAX_LINE
        + RepeatedHeaders.SLACK;
  }

  /** Bytes of memory the decoder holds for the input (its line buffer and end-line window). */
  int bufferedBytes() {
    return line.length
        + (pending == null ? 0 : pending.length)
        + (scratch == null ? 0 : scratch.length)
        + repeated.bufferedBytes();
  }

  /** Stream offset of the next byte the decoder will read (bytes consumed so far). */
  public long position() {
    return position;
  }

  // ---------------------------------------------------------------------------------------------
  // Lines of the head

  /**
   * Reads head lines: copies up to {@link #READ_AHEAD} bytes at a time into the window and handles
   * each complete line there. When the head ends (a body follows, or an error), the bytes read
   * ahead are handed back to {@code in} untouched, so body bytes are only ever sliced.
   *
   * @return false when all of {@code in} was taken and the line goes on
   */
  private boolean headLines(ByteBuf in, List<Object> out) {
    int readThisCall = 0;
    while (true) {
      int limit =
          state == State.START_LINE
              ? config.maxStartLineLength()
              : config.maxHeaderBlockSize() - headerBlockBytes;
      int end = Math.min(winLen, next + Math.max(limit, 0));
      int repeat = state == State.HEADERS ? repeated.repeatAt(line, next, end, headerCount) : -1;
      int lf = repeat > 0 ? next + repeat - 1 : Swar.indexOfLf(line, scanned, end);
      if (lf >= 0) {
        b0 = next;
        lineLen = lf + 1 - next;
        lineOffset = winBase + next;
        next = lf + 1;
        scanned = next;
        if (state == State.START_LINE) {
          startLine(out);
        } else {
          headerLine(out, repeat > 0);
        }
        if (state != State.START_LINE && state != State.HEADERS) {
          giveBack(in, readThisCall);
          return true;
        }
        continue;
      }
      scanned = end;
      if (state == State.START_LINE && notMsrp(out)) {
        // Not MSRP (a TLS ClientHello, an HTTP request): no need to wait for a line end.
        giveBack(in, readThisCall);
        return true;
      }
      if (winLen - next >= limit) {
        lineOffset = winBase + next;
        tooLong(out, Math.max(limit, 0));
        giveBack(in, readThisCall);
        return true;
      }
      if (!in.isReadable()) {
        compact();
        return false;
      }
      int n = Math.min(in.readableBytes(), READ_AHEAD);
      if (winLen + n > line.length) {
        compact();
        if (winLen + n > line.length) {
          line = Arrays.copyOf(line, Math.max(winLen + n, Math.min(windowCap(), line.length * 2)));
        }
      }
      if (winLen == 0) {
        winBase = position;
      }
      in.readBytes(line, winLen, n);
      winLen += n;
      position += n;
      readThisCall += n;
    }
  }

  private int windowCap() {
    return Math.max(config.maxStartLineLength(), config.maxHeaderBlockSize()) + READ_AHEAD;
  }

  /** Moves the unhandled part of the window to its start. */
  private void compact() {
    if (next > 0) {
      System.arraycopy(line, next, line, 0, winLen - next);
      winLen -= next;
      scanned -= next;
      winBase += next;
      next = 0;
    }
  }

  /** Hands the window's unhandled bytes back to {@code in} (at most those read from it now). */
  private void giveBack(ByteBuf in, int readThisCall) {
    int k = Math.min(winLen - next, readThisCall);
    in.readerIndex(in.readerIndex() - k);
    position -= k;
    winLen = 0;
    next = 0;
    scanned = 0;
    winBase = position;
  }

  private void tooLong(List<Object> out, int limit) {
    if (state == State.START_LINE) {
      fail(
          out,
          MsrpRule.START_LINE_TOO_LONG,
          lineOffset + limit,
          "the start line is longer than " + config.maxStartLineLength() + " bytes");
      return;
    }
    // The header block is too large: skip the frame. Its end-line may sit in what was read.
    frameError(
        out,
        MsrpRule.HEADER_BLOCK_TOO_LARGE,
        lineOffset + limit,
        "the header block is larger than " + config.maxHeaderBlockSize() + " bytes",
        0);
  }

  /**
   * Checks the start of an unfinished start line against {@code "MSRP "}: on the first byte that
   * cannot begin a frame, fails as {@link #startLine} would once the line ended. Runs once per read
   * while a start line is incomplete, over at most five bytes.
   */
  private boolean notMsrp(List<Object> out) {
    int have = Math.min(winLen - next, MSRP_SP.length);
    for (int k = 0; k < have; k++) {
      if (line[next + k] != MSRP_SP[k]) {
        lineOffset = winBase + next;
        lineLen = 0;
        fail(out, MsrpRule.START_LINE, lineOffset + k, "a frame must start with \"MSRP \"");
        return true;
      }
    }
    return false;
  }

  private boolean endsWithCrlf() {
    return lineLen >= 2 && line[b0 + lineLen - 2] == CR;
  }

  private void startLine(List<Object> out) {
    int n = lineLen - 2;
    // The same check as before the line ended (notMsrp), so the error does not depend on the reads.
    for (int k = 0; k < Math.min(lineLen - 1, MSRP_SP.length); k++) {
      if (line[b0 + k] != MSRP_SP[k]) {
        lineLen = 0;
        fail(out, MsrpRule.START_LINE, lineOffset + k, "a frame must start with \"MSRP \"");
        return;
      }
    }
    if (!endsWithCrlf()) {
      lineLen = 0;
      fail(out, MsrpRule.START_LINE, lineOffset + n + 1, "the start line must end with CRLF");
      return;
    }
    int mismatch = -1;
    for (int k = 0; k < MSRP_SP.length; k++) {
      if (k >= n || line[b0 + k] != MSRP_SP[k]) {
        mismatch = k;
        break;
      }
    }
    if (mismatch >= 0) {
      lineLen = 0;
      fail(out, MsrpRule.START_LINE, lineOffset + mismatch, "a frame must start with \"MSRP \"");
      return;
    }
    int t = MSRP_SP.length;
    int sp = t;
    while (sp < n && line[b0 + sp] != ' ') {
      sp++;
    }
    int bad = transactIdError(t, sp);
    if (bad >= 0) {
      lineLen = 0;
      fail(out, MsrpRule.TRANSACT_ID, lineOffset + bad, transactIdDetail(t, sp, bad));
      return;
    }
    transactionId = new String(line, b0 + t, sp - t, StandardCharsets.ISO_8859_1);
    setEndLine(t, sp - t);
    method = null;
    request = true; // until the start line shows a status code
    comment = null;
    // The builder is empty here: every way out of a head (built, or failed) clears it.
    headerBlockBytes = 0;
    headerCount = 0;
    bodySeen = false;
    if (sp == n) {
      lineLen = 0;
      frameError(
          out,
          MsrpRule.START_LINE,
          lineOffset + n,
          "a method or status code must follow the transaction id",
          2);
      return;
    }
    int s = sp + 1;
    if (s < n && isDigit(line[b0 + s])) {
      // resp-start: status-code = 3DIGIT, then SP comment or the end of the line.
      request = false;
      for (int k = s + 1; k < s + 4; k++) {
        boolean ok = k < s + 3 ? k < n && isDigit(line[b0 + k]) : k == n || line[b0 + k] == ' ';
        if (!ok) {
          lineLen = 0;
          frameError(
              out,
              MsrpRule.STATUS_CODE,
              lineOffset + k,
              "a status code is three digits followed by SP or the end of the line",
              2);
          return;
        }
      }
      code = (line[b0 + s] - '0') * 100 + (line[b0 + s + 1] - '0') * 10 + (line[b0 + s + 2] - '0');
      if (n - s > 3) {
        int c = s + 4;
        int check = rel(Utf8Text.check(line, b0 + c, b0 + n));
        if (check >= 0) {
          lineLen = 0;
          frameError(out, MsrpRule.COMMENT, lineOffset + check, "control or non-UTF-8 byte", 2);
          return;
        }
        comment = text(c, n, check);
      }
      if (code < 100) {
        lineLen = 0;
        frameError(out, MsrpRule.STATUS_CODE, lineOffset + s, "status-code below 100", 2);
        return;
      }
    } else {
      for (int i = s; i < n; i++) {
        if (line[b0 + i] < 'A' || line[b0 + i] > 'Z') {
          lineLen = 0;
          frameError(
              out,
              MsrpRule.METHOD,
              lineOffset + i,
              "a method is upper-case letters (1*UPALPHA), found " + printable(line[b0 + i]),
              2);
          return;
        }
      }
      if (s == n) {
        lineLen = 0;
        frameError(out, MsrpRule.METHOD, lineOffset + s, "empty method", 2);
        return;
      }
      method = methodOf(s, n);
    }
    lineLen = 0;
    state = State.HEADERS;
  }

  /**
   * The index of the first byte of {@code line[b0 + from, to)} that breaks {@code ident}, or -1.
   */
  private int transactIdError(int from, int to) {
    int n = to - from;
    if (n > 0 && !isAlphanum(line[b0 + from])) {
      return from;
    }
    for (int i = from + 1, end = Math.min(to, from + MAX_TRANSACT_ID + 1); i < end; i++) {
      if (!isIdentChar(line[b0 + i])) {
        return i;
      }
    }
    if (n < 4) {
      return to;
    }
    if (n > MAX_TRANSACT_ID) {
      return from + MAX_TRANSACT_ID;
    }
    return -1;
  }

  private String transactIdDetail(int from, int to, int bad) {
    int n = to - from;
    if (bad == from && n > 0) {
      return "transaction id must start with a letter or digit, found " + printable(line[b0 + bad]);
    }
    if (bad < to && bad < from + MAX_TRANSACT_ID) {
      return "character " + printable(line[b0 + bad]) + " is not allowed in a transaction id";
    }
    if (n < 4) {
      return "transaction id is " + n + " characters, at least 4 are required";
    }
    return "transaction id is longer than " + MAX_TRANSACT_ID + " characters";
  }

  private MsrpMethod methodOf(int s, int n) {
    int len = n - s;
    if (len == 4
        && line[b0 + s] == 'S'
        && line[b0 + s + 1] == 'E'
        && line[b0 + s + 2] == 'N'
        && line[b0 + s + 3] == 'D') {
      return MsrpMethod.SEND;
    }
    String name = new String(line, b0 + s, len, StandardCharsets.ISO_8859_1);
    return MsrpMethod.of(name);
  }

  private void setEndLine(int tidFrom, int tidLen) {
    System.arraycopy(line, b0 + tidFrom, endLine, 2 + DASHES, tidLen);
    flagIndex = 2 + DASHES + tidLen;
    endLine[flagIndex + 1] = CR;
    endLine[flagIndex + 2] = LF;
    endLineLen = flagIndex + 3;
  }

  /**
   * Handles one header line; {@code repeat} when it is byte for byte the line at the same index of
   * the previous frame, whose checked header and typed value are then reused.
   */
  private void headerLine(List<Object> out, boolean repeat) {
    int n = lineLen - 2;
    headerBlockBytes += lineLen;
    if (!endsWithCrlf()) {
      lineLen = 0;
      frameError(out, MsrpRule.HEADER, lineOffset + n + 1, "a header line must end with CRLF", 0);
      return;
    }
    if (n == 0) {
      lineLen = 0;
      finishHead(out, true);
      return;
    }
    if (line[b0 + 0] == '-') {
      endLineInHead(out, n);
      return;
    }
    if (++headerCount > config.maxHeaderCount()) {
      lineLen = 0;
      frameError(
          out,
          MsrpRule.TOO_MANY_HEADERS,
          lineOffset,
          "more than " + config.maxHeaderCount() + " headers",
          2);
      return;
    }
    int index = headerCount - 1;
    if (repeat) {
      lineLen = 0;
      try {
        repeated.replay(index, headers);
      } catch (MsrpSyntaxException e) {
        frameError(out, e.rule(), lineOffset, repeated.name(index) + ": " + e.detail(), 2);
      }
      return;
    }
    int i = 0;
    while (i < n && isTokenChar(line[b0 + i])) {
      i++;
    }
    if (i == n || line[b0 + i] != ':') {
      int colon = indexOf(line, (byte) ':', b0 + i, b0 + n);
      lineLen = 0;
      if (colon < 0) {
        frameError(out, MsrpRule.HEADER, lineOffset, "a header line without ':'", 2);
      } else {
        frameError(
            out,
            MsrpRule.HNAME,
            lineOffset + i,
            "character " + printable(line[b0 + i]) + " is not allowed in a header name",
            2);
      }
      return;
    }
    if (i == 0 || !isAlpha(line[b0 + 0])) {
      lineLen = 0;
      frameError(out, MsrpRule.HNAME, lineOffset, "a header name must start with a letter", 2);
      return;
    }
    String name = HeaderName.lookup(line, b0, i);
    if (name == null) {
      name = new String(line, b0, i, StandardCharsets.ISO_8859_1);
    }
    int v = i + 1;
    if (v < n && line[b0 + v] == ' ') {
      v++;
    }
    int check = rel(Utf8Text.check(line, b0 + v, b0 + n));
    if (check >= 0) {
      lineLen = 0;
      frameError(
          out,
          MsrpRule.HVAL,
          lineOffset + check,
          "byte " + printable(line[b0 + check]) + " is not allowed in the value of " + name,
          2);
      return;
    }
    String value = text(v, n, check);
    try {
      headers.addChecked(name, value);
    } catch (MsrpSyntaxException e) {
      lineLen = 0;
      long at = e.offset() < 0 ? lineOffset : lineOffset + v + e.offset();
      frameError(out, e.rule(), at, name + ": " + e.detail(), 2);
      return;
    }
    repeated.remember(index, line, b0, lineLen);
    lineLen = 0;
  }

  /** A line starting with '-' in the header block: the end-line of a frame without body. */
  private void endLineInHead(List<Object> out, int n) {
    long at = lineOffset;
    int dashes = 0;
    while (dashes < n && dashes < DASHES && line[b0 + dashes] == '-') {
      dashes++;
    }
    int tidLen = flagIndex - 2 - DASHES;
    lineLen = 0;
    if (dashes < DASHES) {
      fail(out, MsrpRule.END_LINE, at + dashes, "an end-line starts with seven '-'");
      return;
    }
    int idLen = n - DASHES;
    if (idLen == tidLen
        && Arrays.equals(line, b0 + DASHES, b0 + n, endLine, 2 + DASHES, flagIndex)) {
      fail(out, MsrpRule.CONTINUATION_FLAG, at + n, "the end-line has no continuation flag");
      return;
    }
    if (idLen < 1) {
      fail(out, MsrpRule.END_LINE, at + n, "the end-line has no transaction id");
      return;
    }
    int differ = Arrays.mismatch(line, b0 + DASHES, b0 + n - 1, endLine, 2 + DASHES, flagIndex);
    if (differ >= 0) {
      fail(
          out,
          MsrpRule.END_LINE,
          at + DASHES + differ,
          "the end-line's transaction id is not " + transactionId);
      return;
    }
    ContinuationFlag flag = ContinuationFlag.of(line[b0 + n - 1]);
    if (flag == null) {
      fail(
          out,
          MsrpRule.CONTINUATION_FLAG,
          at + n - 1,
          "continuation flag " + printable(line[b0 + n - 1]) + " is not +, $ or #");
      return;
    }
    if (finishHead(out, false)) {
      out.add(flag);
    }
    state = State.START_LINE;
  }

  /** Builds and emits the head; false (and an error emitted) when a required header is missing. */
  private boolean finishHead(List<Object> out, boolean bodyFollows) {
    if (bodyFollows && request && headers.contentType() == null) {
      // content-stuff = *(Other-Mime-header CRLF) Content-Type 2CRLF data CRLF
      frameError(out, MsrpRule.MISSING_HEADER, lineOffset, "a body needs a Content-Type header", 0);
      return false;
    }
    MsrpHead head;
    try {
      MsrpHeaders h = headers.build();
      head =
          request
              ? MsrpRequest.of(transactionId, method, h)
              : MsrpResponse.of(transactionId, code, comment, h);
    } catch (MsrpSyntaxException e) {
      if (bodyFollows) {
        frameError(out, e.rule(), lineOffset, e.detail(), 0);
      } else {
        out.add(error(e.rule(), lineOffset, e.detail()));
        repeated.forget();
        headers.clear();
        state = State.START_LINE;
      }
      return false;
    }
    out.add(head);
    repeated.headDone(head.headers(), headerCount);
    headers.clear();
    if (bodyFollows) {
      state = State.BODY;
      matched = 0;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  private byte[] pending() {
    byte[] p = pending;
    if (p == null) {
      p = new byte[endLine.length];
      pending = p;
    }
    return p;
  }

  private byte[] scratch() {
    byte[] p = scratch;
    if (p == null) {
      p = new byte[endLine.length];
      scratch = p;
    }
    return p;
  }

  // Body

  /**
   * Scans for the end-line, emitting (or, when skipping, dropping) everything before it. Consumes
   * all of {@code in} unless the end-line is found.
   */
  private void body(ByteBuf in, List<Object> out, boolean emit) {
    if (matched > 0) {
      while (matched > 0 && matched < endLineLen && in.isReadable()) {
        byte b = in.getByte(in.readerIndex());
        if (accepts(matched, b)) {
          pending()[matched++] = b;
          hold(in, in.readerIndex(), 1, emit);
          in.skipBytes(1);
          position++;
        } else {
          mismatch(out, emit);
        }
      }
      if (matched == endLineLen) {
        releaseHeld();
        frameEnd(out, emit, pending()[flagIndex]);
        return;
      }
      if (!in.isReadable()) {
        return;
      }
    }
    int r = in.readerIndex();
    int w = in.writerIndex();
    int from = r;
    if (w - r >= SKIP_SEARCH_MIN) {
      int at = sampledSearch(in, r, w);
      if (at >= 0) {
        content(out, in, r, at - r, emit);
        byte flag = in.getByte(at + flagIndex);
        in.readerIndex(at + endLineLen);
        position += at + endLineLen - r;
        frameEnd(out, emit, flag);
        return;
      }
      // Starts past the last sample, and starts whose end-line would run past the buffer, are
      // left to the scan below, which also keeps a partial end-line for the next read.
      from = r + Math.max(0, Math.min(-at - 1, w - r - endLineLen + 1));
    }
    while (true) {
      int cr = in.indexOf(from, w, CR);
      if (cr < 0) {
        content(out, in, r, w - r, emit);
        in.readerIndex(w);
        position += w - r;
        return;
      }
      int avail = w - cr;
      int max = Math.min(avail, endLineLen);
      int k = matchLength(in, cr, max);
      if (k == endLineLen) {
        content(out, in, r, cr - r, emit);
        byte flag = in.getByte(cr + flagIndex);
        in.readerIndex(cr + endLineLen);
        position += cr + endLineLen - r;
        frameEnd(out, emit, flag);
        return;
      }
      if (k == avail) {
        content(out, in, r, cr - r, emit);
        in.getBytes(cr, pending(), 0, avail);
        hold(in, cr, avail, emit);
        matched = avail;
        in.readerIndex(w);
        position += w - r;
        return;
      }
      from = cr + 1;
    }
  }

  /**
   * Sampling search for a whole end-line in {@code in[r, w)}. An end-line of length L that fits
   * holds a pair of adjacent bytes starting at exactly one position r + k(L-1) + L-2; only where
   * that pair occurs in the end-line can a match start, so all other windows are passed over whole.
   * A table of the end-line's byte pairs (16K entries) makes a random pair a hit about once in
   * eight hundred. The loads are at a fixed stride, so the processor overlaps them; direct buffers
   * are read by address, without the per-call checks of {@code ByteBuf.getByte}.
   *
   * @return the match's index, or {@code -(s + 1)} where s (relative to r) is the first start the
   *     samples did not rule out
   */
  private int sampledSearch(ByteBuf in, int r, int w) {
    int n = w - r;
    int stride = endLineLen - 1;
    byte[] bits = pairTable();
    int p = stride - 1;
    if (in.hasMemoryAddress()) {
      long base = in.memoryAddress() + r;
      long a = base + p;
      long end = base + n - 1 - 7L * stride;
      while ((a = sampleTurns(bits, a, end, stride)) < end) {
        int at = hits(base, n, bits, (int) (a - base), stride);
        if (at >= 0) {
          return r + at;
        }
        a += 8L * stride;
      }
      p = (int) (a - base);
    } else if (in.nioBufferCount() == 1) {
      // Without Unsafe (io.netty.noUnsafe, heap buffers): the same samples through a ByteBuffer
      // view of the bytes, whose absolute 16-bit reads the JIT compiles to a checked load.
      // nioBuffer, not internalNioBuffer: the latter is shared with the slices of the same
      // buffer, which other threads may be reading (a file sink, say).
      ByteBuffer view = in.nioBuffer(r, n).order(ByteOrder.nativeOrder());
      int end = n - 1 - 7 * stride;
      while ((p = sampleTurns(view, bits, p, end, stride)) < end) {
        for (int k = 0; k < 8; k++, p += stride) {
          if (bits[view.getShort(p) & PAIR_MASK] != 0) {
            int at = candidates(in, r, n, p);
            if (at >= 0) {
              return at;
            }
          }
        }
      }
    }
    for (; p + 1 < n; p += stride) {
      int i = pairIndex(in.getByte(r + p), in.getByte(r + p + 1));
      if (bits[i] != 0) {
        int at = candidates(in, r, n, p);
        if (at >= 0) {
          return at;
        }
      }
    }
    return -(p - stride + 1) - 1;
  }

  /**
   * The sampling loop: turns of eight samples {@code stride} apart from address {@code a}, each a
   * 16-bit load looked up in {@code bits}, one branch for all eight; returns the address of the
   * first turn with a hit, or a value {@code >= end}. The offsets are ints, so that each load is
   * one addressing mode off {@code a} or {@code b}.
   *
   * <p>Written out twice per loop pass so that it is more than 325 bytes of bytecode (C2's {@code
   * FreqInlineSize}) and is never inlined: compiled on its own it keeps every value of the loop in
   * a register, the same way in every run, whereas inlined into the decoder it spilled some of them
   * to the stack in about one JVM in three, costing a fifth of the 64 KB throughput.
   */
  private static long sampleTurns(byte[] bits, long a, long end, int stride) {
    int s2 = 2 * stride;
    int s3 = 3 * stride;
    int s4 = 4 * stride;
    int step = 8 * stride;
    while (a < end) {
      long b = a + s4;
      if ((PlatformDependent.getByte(bits, PlatformDependent.getShort(a) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + stride) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + s2) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + s3) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + stride) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + s2) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + s3) & PAIR_MASK))
          != 0) {
        return a;
      }
      a += step;
      if (a >= end) {
        break;
      }
      b = a + s4;
      if ((PlatformDependent.getByte(bits, PlatformDependent.getShort(a) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + stride) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + s2) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(a + s3) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + stride) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + s2) & PAIR_MASK)
              | PlatformDependent.getByte(bits, PlatformDependent.getShort(b + s3) & PAIR_MASK))
          != 0) {
        return a;
      }
      a += step;
    }
    return a;
  }

  /**
   * The sampling loop over a {@code ByteBuffer} view, for buffers without a memory address: turns
   * of eight samples {@code stride} apart from offset {@code p}, one branch for the eight; returns
   * the offset of the first turn with a hit, or a value {@code >= end}.
   */
  private static int sampleTurns(ByteBuffer view, byte[] bits, int p, int end, int stride) {
    for (int step = 8 * stride; p < end; p += step) {
      int h =
          bits[view.getShort(p) & PAIR_MASK]
              | bits[view.getShort(p + stride) & PAIR_MASK]
              | bits[view.getShort(p + 2 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 3 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 4 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 5 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 6 * stride) & PAIR_MASK]
              | bits[view.getShort(p + 7 * stride) & PAIR_MASK];
      if (h != 0) {
        return p;
      }
    }
    return p;
  }

  /**
   * Checks the samples of one turn that hit the table (the first at {@code p} from {@code base},
   * the address of the body's first byte, {@code n} bytes long); the match's offset from {@code
   * base} or -1. Rare: about one turn in a hundred on random bytes.
   */
  private int hits(long base, int n, byte[] bits, int p, int stride) {
    for (int k = 0; k < 8; k++, p += stride) {
      long q = base + p;
      if (PlatformDependent.getByte(bits, PlatformDependent.getShort(q) & PAIR_MASK) == 0) {
        continue;
      }
      byte b0 = PlatformDependent.getByte(q);
      byte b1 = PlatformDependent.getByte(q + 1);
      for (int j = Math.min(p, endLineLen - 2); j >= 0; j--) {
        if (p - j + endLineLen <= n && accepts(j, b0) && accepts(j + 1, b1) && matchesAt(q - j)) {
          return p - j;
        }
      }
    }
    return -1;
  }

  private boolean matchesAt(long address) {
    for (int k = 0; k < endLineLen; k++) {
      if (!accepts(k, PlatformDependent.getByte(address + k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many of the {@code max} bytes at {@code in[cr]} (a CR) follow the end-line: by address for
   * a direct buffer, else after one bulk read instead of a checked {@code getByte} per byte.
   */
  private int matchLength(ByteBuf in, int cr, int max) {
    int k = 1;
    if (in.hasMemoryAddress()) {
      long a = in.memoryAddress() + cr;
      while (k < max && accepts(k, PlatformDependent.getByte(a + k))) {
        k++;
      }
      return k;
    }
    byte[] copy = scratch();
    in.getBytes(cr, copy, 0, max);
    while (k < max && accepts(k, copy[k])) {
      k++;
    }
    return k;
  }

  /** The table index of two adjacent bytes, as a native-order 16-bit load gives them. */
  private static int pairIndex(byte first, byte second) {
    return (PlatformDependent.BIG_ENDIAN_NATIVE_ORDER
            ? ((first & 0xff) << 8) | (second & 0xff)
            : (first & 0xff) | ((second & 0xff) << 8))
        & PAIR_MASK;
  }

  /**
   * Checks the starts that the pair at {@code p} allows, earliest first; the match's index or -1.
   */
  private int candidates(ByteBuf in, int r, int n, int p) {
    byte b0 = in.getByte(r + p);
    byte b1 = in.getByte(r + p + 1);
    for (int j = endLineLen - 2; j >= 0; j--) {
      int start = p - j;
      if (start >= 0
          && start + endLineLen <= n
          && accepts(j, b0)
          && accepts(j + 1, b1)
          && matchesAt(in, r + start)) {
        return r + start;
      }
    }
    return -1;
  }

  private boolean matchesAt(ByteBuf in, int at) {
    for (int k = 0; k < endLineLen; k++) {
      if (!accepts(k, in.getByte(at + k))) {
        return false;
      }
    }
    return true;
  }

  /** The pairs of the current end-line, in this thread's table (loaded when it holds another). */
  private byte[] pairTable() {
    PairTable t = PAIRS.get();
    if (!transactionId.equals(t.forTid)) {
      byte[] pairs = t.table;
      for (int k = 0; k < t.setCount; k++) {
        pairs[t.set[k]] = 0;
      }
      t.setCount = 0;
      for (int j = 0; j + 1 < endLineLen; j++) {
        int na = j == flagIndex ? FLAGS.length : 1;
        int nb = j + 1 == flagIndex ? FLAGS.length : 1;
        for (int x = 0; x < na; x++) {
          byte a = j == flagIndex ? FLAGS[x] : endLine[j];
          for (int y = 0; y < nb; y++) {
            byte b = j + 1 == flagIndex ? FLAGS[y] : endLine[j + 1];
            int i = pairIndex(a, b);
            pairs[i] = 1;
            t.set[t.setCount++] = i;
          }
        }
      }
      t.forTid = transactionId;
    }
    return t.table;
  }

  private static final byte[] FLAGS = {'$', '+', '#'};

  private boolean accepts(int k, byte b) {
    return k == flagIndex ? (b == '$' || b == '+' || b == '#') : b == endLine[k];
  }

  /**
   * The bytes held in {@link #pending} are not an end-line after all: they are body. A new match
   * can only start at the pattern's second CR (the one before the final LF).
   */
  private void mismatch(List<Object> out, boolean emit) {
    int restart = matched > endLineLen - 2 ? endLineLen - 2 : matched;
    flushPending(out, restart, emit);
    if (restart < matched) {
      pending()[0] = pending()[restart];
      matched -= restart;
    } else {
      matched = 0;
    }
  }

  /**
   * Keeps the real bytes of a possible end-line cut by the end of a read, as retained slices of the
   * reads, so that if they turn out to be body they are emitted without a copy.
   */
  private void hold(ByteBuf in, int index, int length, boolean emit) {
    if (!emit) {
      return;
    }
    if (held == null) {
      held = in.alloc().compositeBuffer(endLineLen);
    }
    held.addComponent(true, in.retainedSlice(index, length));
  }

  /** Emits the first {@code n} held bytes as body and keeps the rest. */
  private void flushPending(List<Object> out, int n, boolean emit) {
    if (!emit || held == null) {
      return;
    }
    if (n > 0) {
      out.add(held.retainedSlice(0, n));
      bodySeen = true;
    }
    CompositeByteBuf rest = null;
    if (n < held.readableBytes()) {
      rest = held.alloc().compositeBuffer(endLineLen);
      rest.addComponent(true, held.retainedSlice(n, held.readableBytes() - n));
    }
    held.release();
    held = rest;
  }

  private void releaseHeld() {
    if (held != null) {
      held.release();
      held = null;
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    releaseHeld();
  }

  private void content(List<Object> out, ByteBuf in, int index, int length, boolean emit) {
    if (emit && length > 0) {
      out.add(in.retainedSlice(index, length));
      bodySeen = true;
    }
  }

  private void frameEnd(List<Object> out, boolean emit, byte flag) {
    if (emit) {
      if (!bodySeen) {
        out.add(Unpooled.EMPTY_BUFFER);
      }
      out.add(ContinuationFlag.of(flag));
    }
    matched = 0;
    bodySeen = false;
    state = State.START_LINE;
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  /**
   * An error in a frame whose transaction id is known: report it and skip to the frame's end-line.
   *
   * @param crlfSeen 2 when the line just read ended with CRLF (which may begin the end-line), else
   *     0
   */
  private void frameError(List<Object> out, MsrpRule rule, long at, String detail, int crlfSeen) {
    out.add(error(rule, at, detail));
    repeated.forget();
    headers.clear();
    state = State.SKIP;
    matched = crlfSeen;
    if (crlfSeen == 2) {
      pending()[0] = CR;
      pending()[1] = LF;
    }
  }

  private MsrpDecodeError error(MsrpRule rule, long at, String detail) {
    MsrpHeaders partial = headers.build();
    List<MsrpUri> to = partial.toPath();
    List<MsrpUri> from = partial.fromPath();
    MsrpDecodeError.Action action =
        request ? MsrpDecodeError.Action.RESPOND_400 : MsrpDecodeError.Action.DISCARD;
    return new MsrpDecodeError(rule, at, detail, action, transactionId, to, from);
  }

  /** Framing is lost: report, and ignore the rest of the input. */
  private void fail(List<Object> out, MsrpRule rule, long at, String detail) {
    out.add(
        new MsrpDecodeError(
            rule,
            at,
            detail,
            MsrpDecodeError.Action.CLOSE,
            state == State.START_LINE ? null : transactionId,
            List.of(),
            List.of()));
    repeated.forget();
    headers.clear();
    state = State.FAILED;
  }

  // ---------------------------------------------------------------------------------------------
  // Bytes

  /** A Utf8Text result made relative to the line: codes stay, indexes lose {@link #b0}. */
  private int rel(int check) {
    return check >= 0 ? check - b0 : check;
  }

  private String text(int from, int to, int check) {
    return new String(
        line,
        b0 + from,
        to - from,
        check == Utf8Text.ASCII ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isAlpha(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  }

  private static boolean isAlphanum(byte b) {
    return isAlpha(b) || isDigit(b);
  }

  private static boolean isIdentChar(byte b) {
    return isAlphanum(b) || b == '.' || b == '-' || b == '+' || b == '%' || b == '=';
  }

  private static final boolean[] TOKEN = new boolean[256];

  static {
    for (int c = 0x21; c <= 0x7e; c++) {
      TOKEN[c] = c != '"' && c != '(' && c != ')' && c != ',' && c != '/';
      TOKEN[c] &= !(c >= 0x3a && c <= 0x40) && !(c >= 0x5b && c <= 0x5d);
    }
  }

  /**
   * RFC 4975 §9 {@code token} characters: visible ASCII but {@code " ( ) , / : ; < = > ? @ [ \\ ]}.
   */
  private static boolean isTokenChar(byte b) {
    return TOKEN[b & 0xff];
  }

  private static String printable(byte b) {
    int c = b & 0xff;
    return c >= 0x21 && c <= 0x7e ? "'" + (char) c + "'" : String.format("0x%02X", c);
  }
}
