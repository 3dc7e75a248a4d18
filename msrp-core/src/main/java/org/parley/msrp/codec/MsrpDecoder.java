package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
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

  private State state = State.START_LINE;

  /** Stream offset of the next byte to be read. */
  private long position;

  private byte[] line = new byte[256];
  private int lineLen;
  private long lineOffset;
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
  private final byte[] pending = new byte[endLine.length];
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
          {
            int r = readLine(in, config.maxStartLineLength(), out);
            if (r == 0) {
              return;
            }
            if (r > 0) {
              startLine(out);
            }
            break;
          }
        case HEADERS:
          {
            int r = readLine(in, config.maxHeaderBlockSize() - headerBlockBytes, out);
            if (r == 0) {
              return;
            }
            if (r > 0) {
              headerLine(out);
            }
            break;
          }
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
        if (lineLen == 0) {
          return;
        }
        break;
      case BODY:
        flushPending(out, matched, true);
        break;
      case SKIP:
      case FAILED:
        return;
      default:
        break;
    }
    fail(out, MsrpRule.TRUNCATED, position, "the input ended before the frame's end-line");
  }

  /** Bytes of memory the decoder holds for the input (its line buffer and end-line window). */
  int bufferedBytes() {
    return line.length + pending.length;
  }

  /** Stream offset of the next byte the decoder will read (bytes consumed so far). */
  public long position() {
    return position;
  }

  // ---------------------------------------------------------------------------------------------
  // Lines of the head

  /**
   * Appends input up to and including the next LF to {@link #line}.
   *
   * @return 1 when a whole line is there, 0 when all input was taken and the line goes on, -1 when
   *     the line broke the limit (the error is emitted and the state changed)
   */
  private int readLine(ByteBuf in, int limit, List<Object> out) {
    int r = in.readerIndex();
    int avail = in.writerIndex() - r;
    int room = limit - lineLen;
    int scan = Math.min(avail, room);
    int lf = scan > 0 ? in.indexOf(r, r + scan, LF) : -1;
    if (lf < 0) {
      if (avail >= room) {
        tooLong(out, room);
        return -1;
      }
      append(in, avail);
      return 0;
    }
    append(in, lf + 1 - r);
    return 1;
  }

  private void append(ByteBuf in, int n) {
    if (lineLen == 0) {
      lineOffset = position;
    }
    if (lineLen + n > line.length) {
      int cap = Math.max(config.maxStartLineLength(), config.maxHeaderBlockSize());
      line = Arrays.copyOf(line, Math.min(cap, Math.max(lineLen + n, line.length * 2)));
    }
    in.readBytes(line, lineLen, n);
    lineLen += n;
    position += n;
  }

  private void tooLong(List<Object> out, int room) {
    if (state == State.START_LINE) {
      lineLen = 0;
      fail(
          out,
          MsrpRule.START_LINE_TOO_LONG,
          position + Math.max(room, 0),
          "the start line is longer than " + config.maxStartLineLength() + " bytes");
      return;
    }
    // The header block is too large: skip the frame. Its end-line may sit in what was read.
    long at = position + Math.max(room, 0);
    lineLen = 0;
    frameError(
        out,
        MsrpRule.HEADER_BLOCK_TOO_LARGE,
        at,
        "the header block is larger than " + config.maxHeaderBlockSize() + " bytes",
        0);
  }

  private boolean endsWithCrlf() {
    return lineLen >= 2 && line[lineLen - 2] == CR;
  }

  private void startLine(List<Object> out) {
    int n = lineLen - 2;
    if (!endsWithCrlf()) {
      lineLen = 0;
      fail(out, MsrpRule.START_LINE, lineOffset + n + 1, "the start line must end with CRLF");
      return;
    }
    if (n < MSRP_SP.length || !Arrays.equals(line, 0, MSRP_SP.length, MSRP_SP, 0, MSRP_SP.length)) {
      lineLen = 0;
      fail(out, MsrpRule.START_LINE, lineOffset, "a frame must start with \"MSRP \"");
      return;
    }
    int t = MSRP_SP.length;
    int sp = t;
    while (sp < n && line[sp] != ' ') {
      sp++;
    }
    int bad = transactIdError(t, sp);
    if (bad >= 0) {
      lineLen = 0;
      fail(out, MsrpRule.TRANSACT_ID, lineOffset + bad, transactIdDetail(t, sp, bad));
      return;
    }
    transactionId = new String(line, t, sp - t, StandardCharsets.ISO_8859_1);
    setEndLine(t, sp - t);
    method = null;
    request = true; // until the start line shows a status code
    comment = null;
    headers.clear();
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
    if (n - s >= 3
        && isDigit(line[s])
        && isDigit(line[s + 1])
        && isDigit(line[s + 2])
        && (n - s == 3 || line[s + 3] == ' ')) {
      request = false;
      code = (line[s] - '0') * 100 + (line[s + 1] - '0') * 10 + (line[s + 2] - '0');
      if (n - s > 3) {
        int c = s + 4;
        int check = Utf8Text.check(line, c, n);
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
        if (line[i] < 'A' || line[i] > 'Z') {
          lineLen = 0;
          frameError(
              out,
              MsrpRule.METHOD,
              lineOffset + i,
              "a method is upper-case letters (1*UPALPHA), found " + printable(line[i]),
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

  /** The index of the first byte of {@code line[from, to)} that breaks {@code ident}, or -1. */
  private int transactIdError(int from, int to) {
    int n = to - from;
    if (n < 4) {
      return to;
    }
    if (n > MAX_TRANSACT_ID) {
      return from + MAX_TRANSACT_ID;
    }
    if (!isAlphanum(line[from])) {
      return from;
    }
    for (int i = from + 1; i < to; i++) {
      if (!isIdentChar(line[i])) {
        return i;
      }
    }
    return -1;
  }

  private String transactIdDetail(int from, int to, int bad) {
    int n = to - from;
    if (n < 4) {
      return "transaction id is " + n + " characters, at least 4 are required";
    }
    if (n > MAX_TRANSACT_ID) {
      return "transaction id is longer than " + MAX_TRANSACT_ID + " characters";
    }
    if (bad == from) {
      return "transaction id must start with a letter or digit, found " + printable(line[bad]);
    }
    return "character " + printable(line[bad]) + " is not allowed in a transaction id";
  }

  private MsrpMethod methodOf(int s, int n) {
    int len = n - s;
    if (len == 4
        && line[s] == 'S'
        && line[s + 1] == 'E'
        && line[s + 2] == 'N'
        && line[s + 3] == 'D') {
      return MsrpMethod.SEND;
    }
    String name = new String(line, s, len, StandardCharsets.ISO_8859_1);
    return MsrpMethod.of(name);
  }

  private void setEndLine(int tidFrom, int tidLen) {
    System.arraycopy(line, tidFrom, endLine, 2 + DASHES, tidLen);
    flagIndex = 2 + DASHES + tidLen;
    endLine[flagIndex + 1] = CR;
    endLine[flagIndex + 2] = LF;
    endLineLen = flagIndex + 3;
  }

  private void headerLine(List<Object> out) {
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
    if (line[0] == '-') {
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
    int i = 0;
    while (i < n && isTokenChar(line[i])) {
      i++;
    }
    if (i == n || line[i] != ':') {
      int colon = indexOf(line, (byte) ':', i, n);
      lineLen = 0;
      if (colon < 0) {
        frameError(out, MsrpRule.HEADER, lineOffset, "a header line without ':'", 2);
      } else {
        frameError(
            out,
            MsrpRule.HNAME,
            lineOffset + i,
            "character " + printable(line[i]) + " is not allowed in a header name",
            2);
      }
      return;
    }
    if (i == 0 || !isAlpha(line[0])) {
      lineLen = 0;
      frameError(out, MsrpRule.HNAME, lineOffset, "a header name must start with a letter", 2);
      return;
    }
    String name = HeaderName.lookup(line, 0, i);
    if (name == null) {
      name = new String(line, 0, i, StandardCharsets.ISO_8859_1);
    }
    int v = i + 1;
    if (v < n && line[v] == ' ') {
      v++;
    }
    int check = Utf8Text.check(line, v, n);
    if (check >= 0) {
      lineLen = 0;
      frameError(
          out,
          MsrpRule.HVAL,
          lineOffset + check,
          "byte " + printable(line[check]) + " is not allowed in the value of " + name,
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
    lineLen = 0;
  }

  /** A line starting with '-' in the header block: the end-line of a frame without body. */
  private void endLineInHead(List<Object> out, int n) {
    long at = lineOffset;
    int dashes = 0;
    while (dashes < n && dashes < DASHES && line[dashes] == '-') {
      dashes++;
    }
    int tidLen = flagIndex - 2 - DASHES;
    lineLen = 0;
    if (dashes < DASHES) {
      fail(out, MsrpRule.END_LINE, at + dashes, "an end-line starts with seven '-'");
      return;
    }
    int idLen = n - DASHES;
    if (idLen == tidLen && Arrays.equals(line, DASHES, n, endLine, 2 + DASHES, flagIndex)) {
      fail(out, MsrpRule.CONTINUATION_FLAG, at + n, "the end-line has no continuation flag");
      return;
    }
    if (idLen - 1 != tidLen
        || !Arrays.equals(line, DASHES, n - 1, endLine, 2 + DASHES, flagIndex)) {
      fail(
          out,
          MsrpRule.END_LINE,
          at + DASHES,
          "the end-line's transaction id is not " + transactionId);
      return;
    }
    ContinuationFlag flag = ContinuationFlag.of(line[n - 1]);
    if (flag == null) {
      fail(
          out,
          MsrpRule.CONTINUATION_FLAG,
          at + n - 1,
          "continuation flag " + printable(line[n - 1]) + " is not +, $ or #");
      return;
    }
    if (finishHead(out, false)) {
      out.add(flag);
    }
    state = State.START_LINE;
  }

  /** Builds and emits the head; false (and an error emitted) when a required header is missing. */
  private boolean finishHead(List<Object> out, boolean bodyFollows) {
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
        state = State.START_LINE;
      }
      return false;
    }
    out.add(head);
    headers.clear();
    if (bodyFollows) {
      state = State.BODY;
      matched = 0;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
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
          pending[matched++] = b;
          in.skipBytes(1);
          position++;
        } else {
          mismatch(out, emit);
        }
      }
      if (matched == endLineLen) {
        frameEnd(out, emit, pending[flagIndex]);
        return;
      }
      if (!in.isReadable()) {
        return;
      }
    }
    int r = in.readerIndex();
    int w = in.writerIndex();
    int from = r;
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
      int k = 0;
      while (k < max && accepts(k, in.getByte(cr + k))) {
        k++;
      }
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
        in.getBytes(cr, pending, 0, avail);
        matched = avail;
        in.readerIndex(w);
        position += w - r;
        return;
      }
      from = cr + 1;
    }
  }

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
      pending[0] = pending[restart];
      matched -= restart;
    } else {
      matched = 0;
    }
  }

  private void flushPending(List<Object> out, int n, boolean emit) {
    if (emit && n > 0) {
      out.add(Unpooled.wrappedBuffer(Arrays.copyOf(pending, n)));
      bodySeen = true;
    }
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
    headers.clear();
    state = State.SKIP;
    matched = crlfSeen;
    if (crlfSeen == 2) {
      pending[0] = CR;
      pending[1] = LF;
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
    headers.clear();
    state = State.FAILED;
  }

  // ---------------------------------------------------------------------------------------------
  // Bytes

  private String text(int from, int to, int check) {
    return new String(
        line,
        from,
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

  /**
   * RFC 4975 §9 {@code token} characters: visible ASCII but {@code " ( ) , / : ; < = > ? @ [ \\ ]}.
   */
  private static boolean isTokenChar(byte b) {
    return b >= 0x21
        && b <= 0x7e
        && b != '"'
        && b != '('
        && b != ')'
        && b != ','
        && b != '/'
        && !(b >= 0x3a && b <= 0x40)
        && !(b >= 0x5b && b <= 0x5d);
  }

  private static String printable(byte b) {
    int c = b & 0xff;
    return c >= 0x21 && c <= 0x7e ? "'" + (char) c + "'" : String.format("0x%02X", c);
  }
}
