package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.msrp.codec.MsrpDecodeError.Action.CLOSE;
import static org.parley.msrp.codec.MsrpDecodeError.Action.DISCARD;
import static org.parley.msrp.codec.MsrpDecodeError.Action.RESPOND_400;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHeaders;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpRule;

/**
 * Bad input for the {@link MsrpDecoder}: each row is an input that breaks one rule of RFC 4975 §9
 * (or one of the decoder's limits) and the exact error it must produce: the rule, the offset of the
 * offending byte counted from the first byte of the input, and the action. Where the decoder can
 * skip the bad frame, a following good frame must then decode as usual.
 *
 * <p>Inputs are written as text in which each {@code \n} becomes CRLF (unless the case is about
 * line ends) and each character stands for one byte (ISO-8859-1), so {@code \u00C3} is the byte
 * 0xC3. The offending byte is marked in the text with {@value #MARK}, which is removed: the
 * expected offset is the position of the byte right after the mark (or the input's length when the
 * mark is at the end).
 *
 * <p>Every row is also decoded split in two at every offset, and byte by byte: the events must be
 * the same as when decoded whole.
 */
class MsrpDecoderBadInputTest {
  /** Marks the offending byte in a case's text; not a byte of any input (it is not Latin-1). */
  static final String MARK = "\u2038";

  static final MsrpDecoderConfig DEFAULT = MsrpDecoderConfig.DEFAULT;

  static final String TID = "a786hjs2";
  static final String START = "MSRP a786hjs2 SEND\n";
  static final String RESPONSE = "MSRP a786hjs2 200 OK\n";
  static final String TO = "To-Path: msrp://b.example.com:8888/s1;tcp\n";
  static final String FROM = "From-Path: msrp://a.example.com:7777/s2;tcp\n";
  static final String END = "-------a786hjs2$\n";

  /** A valid SEND with a body, used after a bad frame to show that the decoder recovers. */
  static final String GOOD_SEND =
      "MSRP g00dtid1 SEND\n"
          + "To-Path: msrp://b.example.com:8888/s1;tcp\n"
          + "From-Path: msrp://a.example.com:7777/s2;tcp\n"
          + "Message-ID: m1234567\n"
          + "Byte-Range: 1-5/5\n"
          + "Content-Type: text/plain\n"
          + "\n"
          + "hello\n"
          + "-------g00dtid1$\n";

  /** A valid response, used after a bad response. */
  static final String GOOD_RESPONSE =
      "MSRP g00dtid2 200 OK\n"
          + "To-Path: msrp://a.example.com:7777/s2;tcp\n"
          + "From-Path: msrp://b.example.com:8888/s1;tcp\n"
          + "-------g00dtid2$\n";

  /** The events of {@link #GOOD_SEND}, built without the decoder. */
  static List<Object> goodSendEvents() {
    MsrpHeaders h =
        MsrpHeaders.builder()
            .add("To-Path", "msrp://b.example.com:8888/s1;tcp")
            .add("From-Path", "msrp://a.example.com:7777/s2;tcp")
            .add("Message-ID", "m1234567")
            .add("Byte-Range", "1-5/5")
            .add("Content-Type", "text/plain")
            .build();
    return List.of(
        MsrpRequest.of("g00dtid1", MsrpMethod.SEND, h), body("hello"), ContinuationFlag.END);
  }

  /** The events of {@link #GOOD_RESPONSE}, built without the decoder. */
  static List<Object> goodResponseEvents() {
    MsrpHeaders h =
        MsrpHeaders.builder()
            .add("To-Path", "msrp://a.example.com:7777/s2;tcp")
            .add("From-Path", "msrp://b.example.com:8888/s1;tcp")
            .build();
    return List.of(MsrpResponse.of("g00dtid2", 200, "OK", h), ContinuationFlag.END);
  }

  /** The head of {@link #START} + {@link #TO} + {@link #FROM} + the given headers. */
  static MsrpRequest sendHead(String... nameValue) {
    MsrpHeaders.Builder b =
        MsrpHeaders.builder()
            .add("To-Path", "msrp://b.example.com:8888/s1;tcp")
            .add("From-Path", "msrp://a.example.com:7777/s2;tcp");
    for (int i = 0; i < nameValue.length; i += 2) {
      b.add(nameValue[i], nameValue[i + 1]);
    }
    return MsrpRequest.of(TID, MsrpMethod.SEND, b.build());
  }

  static Codec.Body body(String s) {
    return new Codec.Body(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A bodyless SEND with To-Path, From-Path, then {@code lines}, then the end-line. */
  static String send(String lines) {
    return START + TO + FROM + lines + END;
  }

  /** A SEND with To-Path, From-Path, {@code lines}, Content-Type and the body "Hi". */
  static String sendWithBody(String lines) {
    return START + TO + FROM + lines + "Content-Type: text/plain\n\nHi\n" + END;
  }

  // ---------------------------------------------------------------------------------------------
  // Rows

  /** One case: input bytes, the decoder's limits and the expected events. */
  static final class Row {
    final String name;
    final byte[] input;
    final MsrpDecoderConfig config;
    final List<Object> expected;

    Row(String name, byte[] input, MsrpDecoderConfig config, List<Object> expected) {
      this.name = name;
      this.input = input;
      this.config = config;
      this.expected = expected;
    }

    /** The same case followed by {@code text} (CRLF line ends), expecting also {@code events}. */
    Row then(String text, List<Object> events) {
      byte[] more = crlfBytes(text);
      byte[] all = new byte[input.length + more.length];
      System.arraycopy(input, 0, all, 0, input.length);
      System.arraycopy(more, 0, all, input.length, more.length);
      List<Object> ev = new ArrayList<>(expected);
      ev.addAll(events);
      return new Row(name, all, config, ev);
    }

    /** The same case, expecting {@code events} before the error. */
    Row after(Object... events) {
      List<Object> ev = new ArrayList<>(List.of(events));
      ev.addAll(expected);
      return new Row(name, input, config, ev);
    }

    Row with(MsrpDecoderConfig c) {
      return new Row(name, input, c, expected);
    }

    Arguments arguments() {
      return Arguments.of(name, this);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A case written with CRLF line ends; the mark in {@code text} is the offending byte. */
  static Row bad(String name, String text, MsrpRule rule, MsrpDecodeError.Action action) {
    return marked(name, text.replace("\n", "\r\n"), rule, action);
  }

  /** A case about line ends: the text is taken as it is (write {@code \r\n} where meant). */
  static Row badRaw(String name, String text, MsrpRule rule, MsrpDecodeError.Action action) {
    return marked(name, text, rule, action);
  }

  private static Row marked(
      String name, String wireText, MsrpRule rule, MsrpDecodeError.Action action) {
    int at = wireText.indexOf(MARK);
    assertThat(at).as("%s: the text marks the offending byte", name).isGreaterThanOrEqualTo(0);
    assertThat(wireText.indexOf(MARK, at + 1)).as("%s: one mark", name).isNegative();
    String plain = wireText.substring(0, at) + wireText.substring(at + MARK.length());
    return badAt(name, latin1(plain), rule, at, action);
  }

  /** A case given as bytes and the offset of the offending byte. */
  static Row badAt(
      String name, byte[] input, MsrpRule rule, long offset, MsrpDecodeError.Action action) {
    return new Row(
        name, input, DEFAULT, new ArrayList<>(List.of(new Codec.Error(rule, offset, action))));
  }

  static byte[] latin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      assertThat((int) s.charAt(i)).as("one byte per character").isLessThan(256);
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] crlfBytes(String s) {
    return latin1(s.replace("\n", "\r\n"));
  }

  // ---------------------------------------------------------------------------------------------
  // The table

  static Stream<Arguments> cases() {
    List<Row> rows = new ArrayList<>();

    // --- Start line: before the transaction id is known, framing is lost (CLOSE). -------------
    rows.add(
        bad("start line is not MSRP", MARK + "HELLO a786hjs2 SEND\n", MsrpRule.START_LINE, CLOSE));
    rows.add(
        bad(
            "lower-case msrp (pMSRP is case-sensitive)",
            MARK + "msrp a786hjs2 SEND\n" + TO + FROM + END,
            MsrpRule.START_LINE,
            CLOSE));
    rows.add(
        bad(
            "HTTP request line",
            MARK + "GET / HTTP/1.1\nHost: example.com\n\n",
            MsrpRule.START_LINE,
            CLOSE));
    rows.add(
        bad(
            "HTAB instead of SP after MSRP",
            "MSRP" + MARK + "\ta786hjs2 SEND\n" + TO + FROM + END,
            MsrpRule.START_LINE,
            CLOSE));
    rows.add(
        bad(
            "missing transaction id (two spaces)",
            "MSRP " + MARK + " SEND\n" + TO + FROM + END,
            MsrpRule.TRANSACT_ID,
            CLOSE));
    rows.add(
        bad(
            "transaction id of 3 characters",
            "MSRP abc" + MARK + " SEND\n" + TO + FROM + END,
            MsrpRule.TRANSACT_ID,
            CLOSE));
    rows.add(
        bad(
            "transaction id of 33 characters",
            "MSRP abcdefghij0123456789ABCDEFGHIJKL" + MARK + "M SEND\n" + TO + FROM + END,
            MsrpRule.TRANSACT_ID,
            CLOSE));
    rows.add(
        bad(
            "'_' in the transaction id",
            "MSRP a786" + MARK + "_hjs2 SEND\n" + TO + FROM + END,
            MsrpRule.TRANSACT_ID,
            CLOSE));
    rows.add(
        bad(
            "'/' in the transaction id",
            "MSRP a786" + MARK + "/hjs2 SEND\n" + TO + FROM + END,
            MsrpRule.TRANSACT_ID,
            CLOSE));
    rows.add(
        bad(
            "transaction id starting with '-'",
            "MSRP " + MARK + "-a786hjs2 SEND\n" + TO + FROM + END,
            MsrpRule.TRANSACT_ID,
            CLOSE));
    rows.add(
        bad(
            "33-character transaction id with an early '_': the first offending byte is '_'",
            "MSRP a786" + MARK + "_hjs2bcdefghijklmnopqrstuvwxy SEND\n" + TO + FROM + END,
            MsrpRule.TRANSACT_ID,
            CLOSE));
    rows.add(
        badRaw(
            "bare LF ending the start line",
            "MSRP a786hjs2 SEND" + MARK + "\n" + "To-Path: x\r\n",
            MsrpRule.START_LINE,
            CLOSE));

    // --- Start line after a valid transaction id: the frame is skipped. ------------------------
    rows.add(
        bad(
            "lower-case method",
            "MSRP a786hjs2 " + MARK + "send\n" + TO + FROM + END,
            MsrpRule.METHOD,
            RESPOND_400));
    rows.add(
        bad(
            "digit in the method",
            "MSRP a786hjs2 SE" + MARK + "2D\n" + TO + FROM + END,
            MsrpRule.METHOD,
            RESPOND_400));
    rows.add(
        bad(
            "empty method after the SP",
            "MSRP a786hjs2 " + MARK + "\n" + TO + FROM + END,
            MsrpRule.METHOD,
            RESPOND_400));
    rows.add(
        bad(
            "no SP and method after the transaction id",
            "MSRP a786hjs2" + MARK + "\n" + TO + FROM + END,
            MsrpRule.START_LINE,
            RESPOND_400));
    rows.add(
        bad(
            "status code of 2 digits (a response: DISCARD)",
            "MSRP a786hjs2 20" + MARK + "\n" + TO + FROM + END,
            MsrpRule.STATUS_CODE,
            DISCARD));
    rows.add(
        bad(
            "status code of 4 digits (a response: DISCARD)",
            "MSRP a786hjs2 200" + MARK + "0\n" + TO + FROM + END,
            MsrpRule.STATUS_CODE,
            DISCARD));
    rows.add(
        bad(
            "control byte in the comment",
            "MSRP a786hjs2 200 O" + MARK + "\u0007K\n" + TO + FROM + END,
            MsrpRule.COMMENT,
            DISCARD));

    // --- Header lines. ------------------------------------------------------------------------
    rows.add(
        bad(
            "header line without ':' (reported at the line)",
            send(MARK + "Message-ID 87652491\n"),
            MsrpRule.HEADER,
            RESPOND_400));
    rows.add(
        bad(
            "header name starting with a digit",
            send(MARK + "1X-Foo: bar\n"),
            MsrpRule.HNAME,
            RESPOND_400));
    rows.add(
        bad("SP in a header name", send("X" + MARK + " Foo: bar\n"), MsrpRule.HNAME, RESPOND_400));
    rows.add(
        bad("'@' in a header name", send("X" + MARK + "@Foo: bar\n"), MsrpRule.HNAME, RESPOND_400));
    rows.add(
        badRaw(
            "bare LF ending a header line",
            "MSRP a786hjs2 SEND\r\n"
                + "To-Path: msrp://b.example.com:8888/s1;tcp\r\n"
                + "Message-ID: 87652491"
                + MARK
                + "\n"
                + "From-Path: msrp://a.example.com:7777/s2;tcp\r\n"
                + "-------a786hjs2$\r\n",
            MsrpRule.HEADER,
            RESPOND_400));

    // --- Required and repeated headers. -------------------------------------------------------
    rows.add(
        bad(
            "missing To-Path (reported where the header block ends)",
            START + FROM + "Message-ID: 87652491\n" + MARK + END,
            MsrpRule.MISSING_HEADER,
            RESPOND_400));
    rows.add(
        bad(
            "missing From-Path in a frame with a body (reported at the blank line)",
            START
                + TO
                + "Message-ID: 87652491\nContent-Type: text/plain\n"
                + MARK
                + "\nHi there\n"
                + END,
            MsrpRule.MISSING_HEADER,
            RESPOND_400));
    rows.add(
        bad(
            "body without Content-Type (content-stuff requires it; reported at the blank line)",
            START + TO + FROM + "Message-ID: 87652491\n" + MARK + "\nHi\n" + END,
            MsrpRule.MISSING_HEADER,
            RESPOND_400));
    rows.add(
        bad(
            "duplicate To-Path",
            START + TO + MARK + "To-Path: msrp://c.example.com:1/s3;tcp\n" + FROM + END,
            MsrpRule.DUPLICATE_HEADER,
            RESPOND_400));

    // --- To-Path URIs. ------------------------------------------------------------------------
    rows.add(
        bad(
            "To-Path URI without ;tcp",
            START + "To-Path: msrp://b.example.com:8888/s1" + MARK + "\n" + FROM + END,
            MsrpRule.TRANSPORT,
            RESPOND_400));
    rows.add(
        bad(
            "non-digit in the To-Path port",
            START + "To-Path: msrp://b.example.com:88" + MARK + "x8/s1;tcp\n" + FROM + END,
            MsrpRule.PORT,
            RESPOND_400));
    rows.add(
        bad(
            "To-Path port 70000 (reported at the number)",
            START + "To-Path: msrp://b.example.com:" + MARK + "70000/s1;tcp\n" + FROM + END,
            MsrpRule.PORT,
            RESPOND_400));
    rows.add(
        bad(
            "To-Path scheme sip",
            START + "To-Path: " + MARK + "sip://b.example.com:8888/s1;tcp\n" + FROM + END,
            MsrpRule.MSRP_SCHEME,
            RESPOND_400));
    rows.add(
        bad(
            "empty To-Path",
            START + "To-Path: " + MARK + "\n" + FROM + END,
            MsrpRule.TO_PATH,
            RESPOND_400));
    rows.add(
        bad(
            "two spaces between To-Path URIs",
            START
                + "To-Path: msrp://r.example.com:1/r1;tcp "
                + MARK
                + " msrp://b.example.com:8888/s1;tcp\n"
                + FROM
                + END,
            MsrpRule.TO_PATH,
            RESPOND_400));

    // --- Typed header values: offset = line + value start + offset in the value. ---------------
    rows.add(
        bad(
            "Message-ID of 3 characters (like transact-id: at the byte after them)",
            send("Message-ID: abc" + MARK + "\n"),
            MsrpRule.MESSAGE_ID,
            RESPOND_400));
    rows.add(
        bad(
            "Message-ID of 33 characters",
            send("Message-ID: abcdefghij0123456789ABCDEFGHIJKL" + MARK + "M\n"),
            MsrpRule.MESSAGE_ID,
            RESPOND_400));
    rows.add(
        bad(
            "'_' in Message-ID",
            send("Message-ID: 8765" + MARK + "_2491\n"),
            MsrpRule.MESSAGE_ID,
            RESPOND_400));
    rows.add(
        bad(
            "Success-Report: maybe",
            send("Success-Report: " + MARK + "maybe\n"),
            MsrpRule.SUCCESS_REPORT,
            RESPOND_400));
    rows.add(
        bad(
            "Failure-Report: sometimes",
            send("Failure-Report: " + MARK + "sometimes\n"),
            MsrpRule.FAILURE_REPORT,
            RESPOND_400));
    rows.add(
        bad(
            "Byte-Range start 0",
            sendWithBody("Byte-Range: " + MARK + "0-2/2\n"),
            MsrpRule.BYTE_RANGE,
            RESPOND_400));
    rows.add(
        bad(
            "Byte-Range start > end + 1 (reported at range-end)",
            sendWithBody("Byte-Range: 5-" + MARK + "3/10\n"),
            MsrpRule.BYTE_RANGE,
            RESPOND_400));
    rows.add(
        bad(
            "Byte-Range end not digits",
            sendWithBody("Byte-Range: 1-" + MARK + "two/2\n"),
            MsrpRule.BYTE_RANGE,
            RESPOND_400));
    rows.add(
        bad(
            "Byte-Range without '/'",
            sendWithBody("Byte-Range: 1-2" + MARK + " 2\n"),
            MsrpRule.BYTE_RANGE,
            RESPOND_400));
    rows.add(
        bad(
            "Byte-Range start '*'",
            sendWithBody("Byte-Range: " + MARK + "*-2/2\n"),
            MsrpRule.BYTE_RANGE,
            RESPOND_400));
    rows.add(
        bad(
            "Byte-Range end 2^63 (reported at the number)",
            sendWithBody("Byte-Range: 1-" + MARK + "9223372036854775808/*\n"),
            MsrpRule.BYTE_RANGE,
            RESPOND_400));
    rows.add(
        bad(
            "Byte-Range total 2^63 (reported at the number)",
            sendWithBody("Byte-Range: 1-2/" + MARK + "9223372036854775808\n"),
            MsrpRule.BYTE_RANGE,
            RESPOND_400));
    rows.add(
        bad(
            "Byte-Range with a trailing space",
            sendWithBody("Byte-Range: 1-2/2" + MARK + " \n"),
            MsrpRule.BYTE_RANGE,
            RESPOND_400));
    rows.add(
        bad(
            "Byte-Range end > total (reported at range-end)",
            sendWithBody("Byte-Range: 1-" + MARK + "20/10\n"),
            MsrpRule.BYTE_RANGE,
            RESPOND_400));
    rows.add(
        bad(
            "Status that is not namespace SP code",
            "MSRP a786hjs2 REPORT\n"
                + TO
                + FROM
                + "Message-ID: 87652491\nStatus: "
                + MARK
                + "OK 200\n"
                + END,
            MsrpRule.STATUS,
            RESPOND_400));
    rows.add(
        bad(
            "Status code of 2 digits (reported where the third digit should be)",
            "MSRP a786hjs2 REPORT\n"
                + TO
                + FROM
                + "Message-ID: 87652491\nStatus: 000 20"
                + MARK
                + " OK\n"
                + END,
            MsrpRule.STATUS,
            RESPOND_400));
    rows.add(
        bad(
            "Expires with a letter",
            "MSRP a786hjs2 AUTH\n" + TO + FROM + "Expires: 12" + MARK + "a\n" + END,
            MsrpRule.EXPIRES,
            RESPOND_400));
    rows.add(
        bad(
            "empty Expires",
            "MSRP a786hjs2 AUTH\n" + TO + FROM + "Expires: " + MARK + "\n" + END,
            MsrpRule.EXPIRES,
            RESPOND_400));
    rows.add(
        bad(
            "Content-Type without '/'",
            START + TO + FROM + "Content-Type: textplain" + MARK + "\n\nHi\n" + END,
            MsrpRule.CONTENT_TYPE,
            RESPOND_400));

    // --- utf8text: control bytes and malformed UTF-8 in a value. ------------------------------
    rows.add(
        bad("NUL in a value", send("X-Foo: a" + MARK + "\u0000b\n"), MsrpRule.HVAL, RESPOND_400));
    rows.add(
        bad("DEL in a value", send("X-Foo: a" + MARK + "\u007Fb\n"), MsrpRule.HVAL, RESPOND_400));
    rows.add(
        bad(
            "lone 0xC3 at the end of a value (reported at the lead byte)",
            send("X-Foo: ab" + MARK + "\u00C3\n"),
            MsrpRule.HVAL,
            RESPOND_400));
    rows.add(
        bad(
            "0xC3 followed by an ASCII byte (reported at the ASCII byte)",
            send("X-Foo: a\u00C3" + MARK + "Ab\n"),
            MsrpRule.HVAL,
            RESPOND_400));
    rows.add(
        bad("0xFF in a value", send("X-Foo: a" + MARK + "\u00FFb\n"), MsrpRule.HVAL, RESPOND_400));
    rows.add(
        bad(
            "overlong 0xC0 0xAF in a value",
            send("X-Foo: a" + MARK + "\u00C0\u00AFb\n"),
            MsrpRule.HVAL,
            RESPOND_400));
    rows.add(
        bad(
            "code point above U+10FFFF (0xF4 0x90 0x80 0x80) in a value",
            send("X-Foo: a" + MARK + "\u00F4\u0090\u0080\u0080b\n"),
            MsrpRule.HVAL,
            RESPOND_400));
    rows.add(
        bad(
            "CESU surrogate 0xED 0xA0 0x80 in a value",
            send("X-Foo: a" + MARK + "\u00ED\u00A0\u0080b\n"),
            MsrpRule.HVAL,
            RESPOND_400));

    // --- End-line of a frame without body: framing is lost (CLOSE). ---------------------------
    rows.add(
        bad(
            "end-line with another transaction id",
            START + TO + FROM + "-------" + MARK + "b786hjs2$\n",
            MsrpRule.END_LINE,
            CLOSE));
    rows.add(
        bad(
            "end-line whose transaction id differs in its last character",
            START + TO + FROM + "-------a786hjs" + MARK + "3$\n",
            MsrpRule.END_LINE,
            CLOSE));
    rows.add(
        bad(
            "end-line without continuation flag",
            START + TO + FROM + "-------a786hjs2" + MARK + "\n",
            MsrpRule.CONTINUATION_FLAG,
            CLOSE));
    rows.add(
        bad(
            "end-line with flag '!'",
            START + TO + FROM + "-------a786hjs2" + MARK + "!\n",
            MsrpRule.CONTINUATION_FLAG,
            CLOSE));
    rows.add(
        bad(
            "end-line with 6 dashes, and nothing decoded after it",
            START + TO + FROM + "------" + MARK + "a786hjs2$\n" + GOOD_SEND,
            MsrpRule.END_LINE,
            CLOSE));

    // --- The input ends inside a frame. -------------------------------------------------------
    rows.add(
        bad("EOF inside the start line", "MSRP a786hjs2 SE" + MARK, MsrpRule.TRUNCATED, CLOSE));
    rows.add(
        bad(
            "EOF inside the headers",
            START + TO + "From-Path: msrp://a.exa" + MARK,
            MsrpRule.TRUNCATED,
            CLOSE));
    rows.add(
        bad(
            "EOF after a complete header line",
            START + TO + FROM + MARK,
            MsrpRule.TRUNCATED,
            CLOSE));
    rows.add(
        bad(
                "EOF inside a body",
                START + TO + FROM + "Content-Type: text/plain\n\nHello, Bo" + MARK,
                MsrpRule.TRUNCATED,
                CLOSE)
            .after(sendHead("Content-Type", "text/plain"), body("Hello, Bo")));
    rows.add(
        bad(
                "EOF inside the end-line after a body",
                START + TO + FROM + "Content-Type: text/plain\n\nHi\n-------a786" + MARK,
                MsrpRule.TRUNCATED,
                CLOSE)
            .after(sendHead("Content-Type", "text/plain"), body("Hi\r\n-------a786")));
    rows.add(
        bad(
            "EOF inside the end-line of a frame without body",
            START + TO + FROM + "-------a786hj" + MARK,
            MsrpRule.TRUNCATED,
            CLOSE));

    // --- Responses: DISCARD. ------------------------------------------------------------------
    rows.add(
        bad(
            "response with a To-Path URI without ;tcp",
            RESPONSE + "To-Path: msrp://b.example.com:8888/s1" + MARK + "\n" + FROM + END,
            MsrpRule.TRANSPORT,
            DISCARD));
    rows.add(
        bad(
            "response without From-Path",
            RESPONSE + TO + MARK + END,
            MsrpRule.MISSING_HEADER,
            DISCARD));
    rows.add(
        bad(
            "response with NUL in a value",
            RESPONSE + TO + FROM + "X-Foo: " + MARK + "\u0000\n" + END,
            MsrpRule.HVAL,
            DISCARD));

    // --- Limits. ------------------------------------------------------------------------------
    String filler = "A".repeat(1010);
    rows.add(
        bad(
            "start line of 1027 bytes (limit 1024)",
            "MSRP a786hjs2 " + filler + MARK + "A\n" + TO + FROM + END,
            MsrpRule.START_LINE_TOO_LONG,
            CLOSE));
    rows.add(
        badRaw(
            "start line of 1025 bytes: the LF is beyond the limit",
            "MSRP a786hjs2 " + "A".repeat(1009) + "\r" + MARK + "\n",
            MsrpRule.START_LINE_TOO_LONG,
            CLOSE));
    rows.add(
        bad(
            "start line of 3000 bytes without LF",
            "MSRP a786hjs2 " + filler + MARK + "A".repeat(1976),
            MsrpRule.START_LINE_TOO_LONG,
            CLOSE));
    rows.add(
        bad(
                "start line of 81 bytes (limit 80)",
                "MSRP a786hjs2 " + "A".repeat(66) + MARK + "A\n" + TO + FROM + END,
                MsrpRule.START_LINE_TOO_LONG,
                CLOSE)
            .with(DEFAULT.withMaxStartLineLength(80)));
    rows.add(headerBlockTooLarge("header block over 8192 bytes", DEFAULT));
    rows.add(
        headerBlockTooLarge("header block over 256 bytes", DEFAULT.withMaxHeaderBlockSize(256)));
    rows.add(tooManyHeaders("65 headers (limit 64)", 64));
    rows.add(tooManyHeaders("6 headers (limit 5)", 5).with(DEFAULT.withMaxHeaderCount(5)));

    // --- Recovery: the bad frame is skipped and the next one decodes. --------------------------
    rows.add(
        bad(
                "bad Byte-Range, then a good SEND",
                sendWithBody("Byte-Range: " + MARK + "0-2/2\n"),
                MsrpRule.BYTE_RANGE,
                RESPOND_400)
            .then(GOOD_SEND, goodSendEvents()));
    rows.add(
        bad(
                "bad Message-ID with near end-lines in the body, then a good SEND",
                START
                    + TO
                    + FROM
                    + "Message-ID: 8765"
                    + MARK
                    + "_2491\nContent-Type: text/plain\n\n"
                    + "x\n-------a786hjs2\n-------a786hjs2x$\n-------a786hjs2$ \n------a786hjs2$\n"
                    + "-------b786hjs2$\n"
                    + END,
                MsrpRule.MESSAGE_ID,
                RESPOND_400)
            .then(GOOD_SEND, goodSendEvents()));
    rows.add(
        bad(
                "lower-case method, then a good SEND",
                "MSRP a786hjs2 " + MARK + "send\n" + TO + FROM + END,
                MsrpRule.METHOD,
                RESPOND_400)
            .then(GOOD_SEND, goodSendEvents()));
    rows.add(
        bad(
                "missing To-Path without body, then a good SEND",
                START + FROM + MARK + END,
                MsrpRule.MISSING_HEADER,
                RESPOND_400)
            .then(GOOD_SEND, goodSendEvents()));
    rows.add(
        bad(
                "missing From-Path with an empty body, then a good SEND",
                START + TO + "Content-Type: text/plain\n" + MARK + "\n\n" + END,
                MsrpRule.MISSING_HEADER,
                RESPOND_400)
            .then(GOOD_SEND, goodSendEvents()));
    rows.add(
        bad(
                "control byte in a comment, then a good response",
                "MSRP a786hjs2 200 O" + MARK + "\u0000K\n" + TO + FROM + END,
                MsrpRule.COMMENT,
                DISCARD)
            .then(GOOD_RESPONSE, goodResponseEvents()));
    rows.add(
        tooManyHeaders("6 headers (limit 5), then a good SEND", 5)
            .with(DEFAULT.withMaxHeaderCount(5))
            .then(GOOD_SEND, goodSendEvents()));
    rows.add(
        headerBlockTooLarge(
                "header block over 256 bytes, then a good SEND",
                DEFAULT.withMaxHeaderBlockSize(256))
            .then(GOOD_SEND, goodSendEvents()));
    rows.add(
        bad(
                "NUL in the last header before the end-line, then a good SEND",
                send("X-Foo: " + MARK + "\u0000\n"),
                MsrpRule.HVAL,
                RESPOND_400)
            .then(GOOD_SEND, goodSendEvents()));

    return rows.stream().map(Row::arguments);
  }

  /**
   * A SEND whose header lines (from the first after the start line) pass {@code config}'s block
   * size: the error is at the first byte beyond it.
   */
  static Row headerBlockTooLarge(String name, MsrpDecoderConfig config) {
    int max = config.maxHeaderBlockSize();
    StringBuilder headers = new StringBuilder(TO).append(FROM);
    int i = 0;
    while (headers.length() + 2 + i <= max) { // each \n becomes 2 bytes
      String line = "X-Pad" + i + ": " + "p".repeat(Math.min(200, max / 8)) + "\n";
      headers.append(line);
      i++;
    }
    byte[] input = crlfBytes(START + headers + "Content-Type: text/plain\n\nHi\n" + END);
    int headerStart = crlfBytes(START).length;
    assertThat(input.length).isGreaterThan(headerStart + max);
    return badAt(name, input, MsrpRule.HEADER_BLOCK_TOO_LARGE, headerStart + max, RESPOND_400)
        .with(config);
  }

  /** A SEND with one header line more than {@code limit}: the error is at that line. */
  static Row tooManyHeaders(String name, int limit) {
    StringBuilder headers = new StringBuilder(TO).append(FROM);
    for (int i = 2; i < limit; i++) {
      headers.append("X-H").append(i).append(": v\n");
    }
    return bad(
        name,
        START + headers + MARK + "X-One-Too-Many: v\n" + END,
        MsrpRule.TOO_MANY_HEADERS,
        RESPOND_400);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInput(String name, Row row) {
    List<Object> whole =
        row.config == DEFAULT
            ? Codec.decode(row.input)
            : Codec.decode(row.input, new int[0], row.config);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(whole).as("decoded whole").isEqualTo(row.expected);
    for (int cut = 1; cut < row.input.length; cut++) {
      List<Object> split = Codec.decode(row.input, new int[] {cut}, row.config);
      if (!split.equals(whole)) {
        soft.assertThat(split).as("split at %d", cut).isEqualTo(whole);
        break; // one split is enough to show the difference
      }
    }
    List<Object> bytewise;
    if (row.config == DEFAULT) {
      bytewise = Codec.decodeByteByByte(row.input);
    } else {
      int[] cuts = new int[Math.max(0, row.input.length - 1)];
      for (int i = 0; i < cuts.length; i++) {
        cuts[i] = i + 1;
      }
      bytewise = Codec.decode(row.input, cuts, row.config);
    }
    soft.assertThat(bytewise).as("byte by byte").isEqualTo(whole);
    soft.assertAll();
  }

  @Test
  void theGoodFramesDecodeAsExpected() {
    assertThat(Codec.decode(crlfBytes(GOOD_SEND))).isEqualTo(goodSendEvents());
    assertThat(Codec.decode(crlfBytes(GOOD_RESPONSE))).isEqualTo(goodResponseEvents());
  }

  @Test
  void theTableHasEnoughCases() {
    assertThat(cases().count()).isGreaterThanOrEqualTo(45);
  }
}
