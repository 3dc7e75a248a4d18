package org.parley.msrp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpHeadParser;
import org.parley.msrp.MsrpHeaders;
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
 * <p>For each frame it emits, in order: the head ({@link org.parley.msrp.MsrpRequest} or {@link
 * org.parley.msrp.MsrpResponse}) as soon as the header block is complete; the body as zero or more
 * {@link ByteBuf} slices of the input (retained, never copied; a frame whose blank line announced
 * an empty body yields one empty buffer, so that re-encoding is byte-exact); then the end-line's
 * {@link ContinuationFlag}. A frame that breaks a rule yields an {@link MsrpDecodeError} instead,
 * naming the rule, the byte offset and the {@linkplain MsrpDecodeError.Action action} the
 * connection should take; the decoder then skips to that frame's end-line (or, when framing is
 * lost, ignores the rest of the input).
 *
 * <p>Memory: the decoder holds the current line (bounded by the configured limits) and at most the
 * 44 bytes of a possible end-line that a read split; it consumes every byte it is given, so the
 * channel's cumulation buffer never grows. Body slices are the caller's to release.
 *
 * <p>The parts: this class is the state machine and the head window; {@link MsrpHeadParser} reads
 * the lines of a head, {@link EndLine} finds the end-line in body bytes (the encoder's search too)
 * and {@link SplitEndLine} holds an end-line that a read cut.
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

  private final MsrpDecoderConfig config;
  private final MsrpHeadParser head = new MsrpHeadParser();
  private final FrameBody body = new FrameBody();

  private State state = State.START_LINE;

  /** Stream offset of the next byte to be read. */
  private long position;

  private final HeadWindow window;

  /** The line being handled: {@code line[b0, b0 + lineLen)}, LF included; lineLen 0 when none. */
  private byte[] line = new byte[0];

  private int b0;
  private int lineLen;
  private long lineOffset;

  private int headerBlockBytes;

  /** A decoder with the {@linkplain MsrpDecoderConfig#DEFAULT default limits}. */
  public MsrpDecoder() {
    this(MsrpDecoderConfig.DEFAULT);
  }

  public MsrpDecoder(MsrpDecoderConfig config) {
    this.config = config;
    this.window = new HeadWindow(config);
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
        case SKIP:
          int r = in.readerIndex();
          boolean ended = body.read(in, out, state == State.BODY);
          position += in.readerIndex() - r;
          if (ended) {
            state = State.START_LINE;
          }
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
        if (window.isEmpty()) {
          return;
        }
        break;
      case BODY:
        body.inputEnded(out);
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
   * The most {@link #bufferedBytes} can be: the head window (the larger limit plus the read-ahead),
   * a split end-line and its copy, and the head lines remembered. The search table of large bodies
   * (16 KB) belongs to the event-loop thread, not to the connection.
   */
  static int maxBufferedBytes(MsrpDecoderConfig config) {
    return Math.max(config.maxStartLineLength(), config.maxHeaderBlockSize())
        + HeadWindow.READ_AHEAD
        + 2 * EndLine.MAX_LENGTH
        + MsrpHeadParser.maxBufferedBytes();
  }

  /** Bytes of memory the decoder holds for the input (its line buffer and end-line window). */
  int bufferedBytes() {
    return window.bufferedBytes() + body.bufferedBytes() + head.bufferedBytes();
  }

  /**
   * Frees what the decoder keeps to read the next head faster (the lines of the previous head),
   * when it is between frames; otherwise does nothing. For a connection gone quiet: thousands of
   * idle connections would otherwise keep a head each. Call it on the channel's event loop.
   *
   * @return whether it was freed
   */
  public boolean forgetPreviousHead() {
    if (state != State.START_LINE) {
      return false;
    }
    head.release();
    return true;
  }

  /** Stream offset of the next byte the decoder will read (bytes consumed so far). */
  public long position() {
    return position;
  }

  // ---------------------------------------------------------------------------------------------
  // The head window

  /**
   * Reads head lines into the window and handles each complete line there. When the head ends (a
   * body follows, or an error), the bytes read ahead are handed back to {@code in} untouched.
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
      int end = window.end(limit);
      int repeat = state == State.HEADERS ? head.repeatAt(window.bytes(), window.next(), end) : -1;
      if (window.takeLine(repeat, end)) {
        line = window.bytes();
        b0 = window.lineStart();
        lineLen = window.lineLength();
        lineOffset = window.lineOffset();
        if (state == State.START_LINE) {
          startLine(out);
        } else {
          headerLine(out, repeat > 0);
        }
        if (state != State.START_LINE && state != State.HEADERS) {
          position -= window.giveBack(in, readThisCall);
          return true;
        }
        continue;
      }
      if (state == State.START_LINE && notMsrp(out)) {
        position -= window.giveBack(in, readThisCall);
        return true;
      }
      if (window.unhandled() >= limit) {
        lineOffset = window.nextOffset();
        tooLong(out, Math.max(limit, 0));
        position -= window.giveBack(in, readThisCall);
        return true;
      }
      if (!in.isReadable()) {
        window.compact();
        return false;
      }
      int n = window.fill(in, position);
      position += n;
      readThisCall += n;
    }
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
        false);
  }

  /**
   * Checks an unfinished start line: on the first byte that cannot begin a frame, fails as the head
   * parser does once the line ended (a TLS ClientHello, an HTTP request need not wait for a line).
   */
  private boolean notMsrp(List<Object> out) {
    int k = MsrpHeadParser.notMsrpAt(window.bytes(), window.next(), window.unhandled());
    if (k < 0) {
      return false;
    }
    lineOffset = window.nextOffset();
    lineLen = 0;
    fail(out, MsrpRule.START_LINE, lineOffset + k, "a frame must start with \"MSRP \"");
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Lines of the head

  private void startLine(List<Object> out) {
    headerBlockBytes = 0;
    try {
      head.startLine(line, b0, lineLen);
    } catch (MsrpSyntaxException e) {
      String id = head.transactionId();
      if (id == null) {
        fail(out, e.rule(), lineOffset + e.offset(), e.detail());
      } else {
        body.endLine().set(id);
        frameError(out, e.rule(), lineOffset + e.offset(), e.detail(), true);
      }
      lineLen = 0;
      return;
    }
    body.endLine().set(Objects.requireNonNull(head.transactionId()));
    lineLen = 0;
    state = State.HEADERS;
  }

  /**
   * Handles one header line; {@code repeat} when it is byte for byte the line at the same index of
   * the previous frame.
   */
  private void headerLine(List<Object> out, boolean repeat) {
    int n = lineLen - 2;
    headerBlockBytes += lineLen;
    if (lineLen < 2 || line[b0 + n] != CR) {
      lineLen = 0;
      frameError(
          out, MsrpRule.HEADER, lineOffset + n + 1, "a header line must end with CRLF", false);
      return;
    }
    if (n == 0) {
      lineLen = 0;
      finishHead(out, true);
      return;
    }
    if (line[b0] == '-') {
      endLineInHead(out, n);
      return;
    }
    if (head.headerCount() >= config.maxHeaderCount()) {
      lineLen = 0;
      frameError(
          out,
          MsrpRule.TOO_MANY_HEADERS,
          lineOffset,
          "more than " + config.maxHeaderCount() + " headers",
          true);
      return;
    }
    try {
      if (repeat) {
        head.repeatedLine();
      } else {
        head.headerLine(line, b0, lineLen);
      }
    } catch (MsrpSyntaxException e) {
      frameError(out, e.rule(), lineOffset + e.offset(), e.detail(), true);
    }
    lineLen = 0;
  }

  /** A line starting with '-' in the header block: the end-line of a frame without body. */
  private void endLineInHead(List<Object> out, int n) {
    lineLen = 0;
    ContinuationFlag flag;
    try {
      flag = body.endLine().inHead(line, b0, n);
    } catch (MsrpSyntaxException e) {
      fail(out, e.rule(), lineOffset + e.offset(), e.detail());
      return;
    }
    if (finishHead(out, false)) {
      out.add(flag);
    }
    state = State.START_LINE;
  }

  /** Builds and emits the head; false (and an error emitted) when a required header is missing. */
  private boolean finishHead(List<Object> out, boolean bodyFollows) {
    if (bodyFollows && head.isRequest() && !head.hasContentType()) {
      // content-stuff = *(Other-Mime-header CRLF) Content-Type 2CRLF data CRLF
      frameError(
          out, MsrpRule.MISSING_HEADER, lineOffset, "a body needs a Content-Type header", false);
      return false;
    }
    MsrpHead built;
    try {
      built = head.build();
    } catch (MsrpSyntaxException e) {
      if (bodyFollows) {
        frameError(out, e.rule(), lineOffset, e.detail(), false);
      } else {
        out.add(error(e.rule(), lineOffset, e.detail()));
        head.abandon();
        state = State.START_LINE;
      }
      return false;
    }
    out.add(built);
    if (bodyFollows) {
      state = State.BODY;
      body.start(false);
    }
    return true;
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    body.release();
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  /**
   * An error in a frame whose transaction id is known: report it and skip to the frame's end-line.
   *
   * @param crlfSeen whether the line just read ended with CRLF (which may begin the end-line)
   */
  private void frameError(
      List<Object> out, MsrpRule rule, long at, String detail, boolean crlfSeen) {
    out.add(error(rule, at, detail));
    head.abandon();
    state = State.SKIP;
    body.start(crlfSeen);
  }

  private MsrpDecodeError error(MsrpRule rule, long at, String detail) {
    MsrpHeaders partial = head.partialHeaders();
    List<MsrpUri> to = partial.toPath();
    List<MsrpUri> from = partial.fromPath();
    MsrpDecodeError.Action action =
        head.isRequest() ? MsrpDecodeError.Action.RESPOND_400 : MsrpDecodeError.Action.DISCARD;
    return new MsrpDecodeError(rule, at, detail, action, head.transactionId(), to, from);
  }

  /** Framing is lost: report, and ignore the rest of the input. */
  private void fail(List<Object> out, MsrpRule rule, long at, String detail) {
    out.add(
        new MsrpDecodeError(
            rule,
            at,
            detail,
            MsrpDecodeError.Action.CLOSE,
            state == State.START_LINE ? null : head.transactionId(),
            List.of(),
            List.of()));
    head.abandon();
    state = State.FAILED;
  }
}
