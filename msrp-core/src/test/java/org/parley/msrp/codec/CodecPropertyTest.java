package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.FailureReport;
import org.parley.msrp.HeaderName;
import org.parley.msrp.MsrpHead;
import org.parley.msrp.MsrpHeaders;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpResponse;
import org.parley.msrp.MsrpRule;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpSyntaxException;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.SuccessReport;
import org.parley.msrp.TransactionIds;

/**
 * Round trip of the codec over random frames: {@code decode(split(encode(frames))) == frames} for
 * any reads the bytes arrive in, and re-encoding is byte-exact. Bodies are random bytes or built to
 * be full of near-end-lines (other transaction ids, prefixes of the own id, the own id followed by
 * a non-flag, lone CR and LF, CRLF runs), never the own end-line, which the encoder must refuse.
 *
 * <p>Frames are generated from a seed with {@link Random} (see {@link Gen}); a failing sample
 * prints its seed. {@link DecoderFuzzTest} takes its valid frames from the same generator.
 */
class CodecPropertyTest {

  // ---------------------------------------------------------------------------------------------
  // Properties
  // ---------------------------------------------------------------------------------------------

  @Property(tries = 600)
  void decodeOfEncodeIsIdentityForAnyReads(@ForAll("scenarios") Scenario s) {
    byte[] wire = Codec.encode(s.events());
    Random r = new Random(s.seed() ^ 0x5DEECE66DL);
    int[] cuts = Gen.cuts(r, wire.length, r.nextInt(6));
    List<Object> decoded = Codec.decode(wire, cuts, MsrpDecoderConfig.DEFAULT);
    assertThat(decoded)
        .as("seed %d, cuts %s, wire:%n%s", s.seed(), Arrays.toString(cuts), Gen.show(wire))
        .isEqualTo(s.events());
    assertThat(Codec.encode(decoded)).as("re-encoded, seed %d", s.seed()).isEqualTo(wire);
  }

  @Property(tries = 300)
  void byteByByteDecodingAgreesWithWholeDecoding(@ForAll("scenarios") Scenario s) {
    byte[] wire = Codec.encode(s.events());
    assertThat(Codec.decodeByteByByte(wire)).as("seed %d", s.seed()).isEqualTo(s.events());
  }

  /** Frames the decoder reports and skips, going on with the next frame. */
  static final String[] BROKEN = {
    "MSRP efgh5678 SEND\r\nTo-Path: msrp://[bad\r\nFrom-Path: msrp://a.example.com:2/s;tcp\r\n"
        + "-------efgh5678$\r\n",
    "MSRP efgh5678 SEND\r\nTo-Path: msrp://b.example.com:1/s;tcp\r\n"
        + "From-Path: msrp://a.example.com:2/s;tcp\r\nBad Name: x\r\n-------efgh5678$\r\n",
    "MSRP efgh5678 SEND\r\nTo-Path: msrp://b.example.com:1/s;tcp\r\n"
        + "From-Path: msrp://a.example.com:2/s;tcp\r\n\r\nno Content-Type\r\n-------efgh5678+\r\n",
    "MSRP efgh5678 20x\r\nTo-Path: msrp://b.example.com:1/s;tcp\r\n-------efgh5678$\r\n",
    "MSRP efgh5678 SEND\r\nTo-Path: msrp://b.example.com:1/s;tcp\r\n"
        + "From-Path: msrp://a.example.com:2/s;tcp\r\nByte-Range: 5-1/9\r\n-------efgh5678$\r\n",
  };

  /**
   * Error offsets count from the first byte of the stream, whatever frames came before (with or
   * without bodies) and however the bytes were read.
   */
  @Property(tries = 300)
  void errorOffsetsCountFromTheStartOfTheStream(
      @ForAll("scenarios") Scenario before, @ForAll("scenarios") Scenario after) {
    Random r = new Random(before.seed() ^ after.seed());
    String broken = BROKEN[r.nextInt(BROKEN.length)];
    byte[] prefix = Codec.encode(before.events());
    byte[] bad = broken.getBytes(StandardCharsets.ISO_8859_1);
    byte[] suffix = Codec.encode(after.events());
    byte[] wire = new byte[prefix.length + bad.length + suffix.length];
    System.arraycopy(prefix, 0, wire, 0, prefix.length);
    System.arraycopy(bad, 0, wire, prefix.length, bad.length);
    System.arraycopy(suffix, 0, wire, prefix.length + bad.length, suffix.length);
    List<Object> expected = new ArrayList<>(before.events());
    for (Object o : Codec.decode(bad)) {
      Codec.Error e = (Codec.Error) o;
      expected.add(new Codec.Error(e.rule(), prefix.length + e.offset(), e.action()));
    }
    expected.addAll(after.events());
    int[] cuts = Gen.cuts(r, wire.length, r.nextInt(6));
    assertThat(Codec.decode(wire, cuts, MsrpDecoderConfig.DEFAULT))
        .as(
            "seeds %d, %d; broken frame at offset %d, cuts %s:%n%s",
            before.seed(), after.seed(), prefix.length, Arrays.toString(cuts), Gen.show(wire))
        .isEqualTo(expected);
  }

  /**
   * A body holding {@code CRLF "-------" tid flag} anywhere (at its very start without the CRLF,
   * which the blank line before the body provides) is refused, whole or split in two buffers, and
   * as a whole {@link MsrpFrame}.
   */
  @Property(tries = 600)
  void encoderRefusesBodiesHoldingTheOwnEndLine(@ForAll("seeds") long seed) {
    Random r = new Random(seed);
    String tid = Gen.tid(r);
    MsrpRequest head = Gen.request(r, tid, true);
    byte[] filler = Gen.safeBody(r, tid);
    ContinuationFlag flag = Gen.flag(r);
    int at = r.nextInt(filler.length + 1);
    boolean atStart = at == 0 && r.nextBoolean();
    byte[] collision =
        Codec.ascii((atStart ? "" : "\r\n") + "-------" + tid + flag.symbol() + Gen.tail(r));
    int collisionEnd = at + (atStart ? 0 : 2) + 7 + tid.length() + 1;
    byte[] body = new byte[filler.length + collision.length];
    System.arraycopy(filler, 0, body, 0, at);
    System.arraycopy(collision, 0, body, at, collision.length);
    System.arraycopy(filler, at, body, at + collision.length, filler.length - at);
    String info = "seed " + seed + ", body " + Gen.show(body);

    // Split in two buffers: the buffer that completes the end-line is refused.
    int cut = r.nextInt(body.length + 1);
    EmbeddedChannel ch = new EmbeddedChannel(new MsrpEncoder());
    assertThat(ch.writeOutbound(head)).isTrue();
    // Unpooled.buffer, not wrappedBuffer: an empty wrapped array is the unreleasable EMPTY_BUFFER.
    ByteBuf first = Unpooled.buffer(cut).writeBytes(body, 0, cut);
    ByteBuf second = Unpooled.buffer(body.length - cut).writeBytes(body, cut, body.length - cut);
    boolean firstRefused = cut >= collisionEnd;
    Throwable t1 = catchThrowable(() -> ch.writeOutbound(first));
    Throwable t2 = firstRefused ? null : catchThrowable(() -> ch.writeOutbound(second));
    if (firstRefused) {
      second.release();
      assertRefused(t1, info + ", cut " + cut);
    } else {
      assertThat(t1).as("first buffer, %s, cut %d", info, cut).isNull();
      assertRefused(t2, info + ", cut " + cut);
    }
    // The frame stays open and can be ended.
    ch.writeOutbound(ContinuationFlag.MORE);
    byte[] written = drain(ch);
    assertThat(first.refCnt()).as("first buffer released").isZero();
    assertThat(second.refCnt()).as("second buffer released").isZero();
    // Nothing of a refused buffer is written; the blank line comes with the first accepted one.
    String expected =
        headBytes(head)
            + (firstRefused
                ? ""
                : "\r\n" + new String(body, 0, cut, StandardCharsets.ISO_8859_1) + "\r\n")
            + "-------"
            + tid
            + "+\r\n";
    assertThat(new String(written, StandardCharsets.ISO_8859_1)).as(info).isEqualTo(expected);
    assertThat(ch.finish()).isFalse();

    // Whole: one buffer, and as a frame.
    EmbeddedChannel whole = new EmbeddedChannel(new MsrpEncoder());
    whole.writeOutbound(head);
    ByteBuf all = Unpooled.wrappedBuffer(body);
    assertRefused(catchThrowable(() -> whole.writeOutbound(all)), info);
    assertThat(all.refCnt()).isZero();
    whole.writeOutbound(ContinuationFlag.ABORT);
    drain(whole);
    assertThat(whole.finish()).isFalse();

    EmbeddedChannel framed = new EmbeddedChannel(new MsrpEncoder());
    MsrpFrame frame = new MsrpFrame(head, Unpooled.wrappedBuffer(body), true, flag);
    assertRefused(catchThrowable(() -> framed.writeOutbound(frame)), info);
    assertThat(frame.refCnt()).isZero();
    assertThat(framed.outboundMessages()).as("a refused frame writes nothing").isEmpty();
    assertThat(framed.finish()).isFalse();
  }

  /** The start line and header lines of {@code head}, as the encoder writes them. */
  static String headBytes(MsrpHead head) {
    ByteBuf buf = Unpooled.buffer();
    MsrpEncoder.writeHead(head, buf);
    String s = buf.toString(StandardCharsets.ISO_8859_1);
    buf.release();
    return s;
  }

  private static void assertRefused(Throwable t, String info) {
    assertThat(t).as(info).isInstanceOf(EncoderException.class);
    assertThat(t.getCause()).as(info).isInstanceOf(MsrpSyntaxException.class);
    assertThat(((MsrpSyntaxException) t.getCause()).rule())
        .as(info)
        .isEqualTo(MsrpRule.CONTENT_HAS_END_LINE);
  }

  static byte[] drain(EmbeddedChannel ch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      out.writeBytes(bytes);
      b.release();
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------------------------------------
  // Generators
  // ---------------------------------------------------------------------------------------------

  /** A seed and the events (heads, {@link Codec.Body}, flags) of 1–4 frames it generates. */
  record Scenario(long seed, List<Object> events) {
    @Override
    public String toString() {
      return "Scenario[seed=" + seed + ", events=" + events + "]";
    }
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.longs().map(seed -> new Scenario(seed, Gen.frames(new Random(seed))));
  }

  /** Random valid frames, from a {@link Random}. */
  static final class Gen {
    private Gen() {}

    static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static final String IDENT = ALNUM + ".-+%=";
    static final String UNRESERVED = ALNUM + "-._~";
    static final String TOKEN = ALNUM + "-.!%*_+`'~";
    static final byte[] FLAGS = {'$', '+', '#'};

    /** 1–4 frames as events. */
    static List<Object> frames(Random r) {
      List<Object> events = new ArrayList<>();
      int n = 1 + r.nextInt(4);
      for (int i = 0; i < n; i++) {
        frame(r, events);
      }
      return events;
    }

    /** One frame's events added to {@code events}. */
    static void frame(Random r, List<Object> events) {
      String tid = tid(r);
      int kind = r.nextInt(10);
      if (kind < 3) {
        events.add(response(r, tid));
        events.add(flag(r));
        return;
      }
      // 0: no body, 1: empty body, 2: random bytes, 3: near-end-lines.
      int bodyKind = r.nextInt(4);
      events.add(request(r, tid, bodyKind > 0 || r.nextInt(4) == 0));
      if (bodyKind == 1) {
        events.add(new Codec.Body(new byte[0]));
      } else if (bodyKind == 2) {
        byte[] b = new byte[1 + r.nextInt(r.nextInt(8) == 0 ? 3000 : 200)];
        r.nextBytes(b);
        events.add(new Codec.Body(repair(b, tid)));
      } else if (bodyKind == 3) {
        events.add(new Codec.Body(safeBody(r, tid)));
      }
      events.add(flag(r));
    }

    static ContinuationFlag flag(Random r) {
      return ContinuationFlag.values()[r.nextInt(3)];
    }

    /** A transaction id: {@link TransactionIds#next()} or a random 4–32 character ident. */
    static String tid(Random r) {
      if (r.nextInt(3) == 0) {
        return TransactionIds.next();
      }
      return ident(r, 4 + r.nextInt(29));
    }

    static String ident(Random r, int n) {
      StringBuilder sb = new StringBuilder(n);
      sb.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
      for (int i = 1; i < n; i++) {
        sb.append(IDENT.charAt(r.nextInt(IDENT.length())));
      }
      return sb.toString();
    }

    static String chars(Random r, String alphabet, int min, int max) {
      int n = min + r.nextInt(max - min + 1);
      StringBuilder sb = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      return sb.toString();
    }

    static MsrpUri uri(Random r) {
      String host;
      switch (r.nextInt(4)) {
        case 0:
          host =
              r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
          break;
        case 1:
          host = "[2001:db8::" + Integer.toHexString(r.nextInt(0x10000)) + "]";
          break;
        default:
          host =
              chars(r, ALNUM, 1, 10).toLowerCase()
                  + ".example."
                  + (r.nextBoolean() ? "com" : "org");
          break;
      }
      MsrpUri.Builder b = MsrpUri.builder(host).secure(r.nextInt(4) == 0);
      if (r.nextInt(5) == 0) {
        b.userinfo(chars(r, UNRESERVED, 1, 8));
      }
      if (r.nextInt(4) != 0) {
        b.port(r.nextInt(65536));
      }
      if (r.nextInt(6) != 0) {
        b.sessionId(chars(r, UNRESERVED + "+=", 1, 20));
      }
      b.transport(r.nextInt(5) == 0 ? "ws" : "tcp");
      if (r.nextInt(6) == 0) {
        b.parameters(
            List.of(chars(r, TOKEN, 1, 5), chars(r, TOKEN, 1, 4) + "=" + chars(r, TOKEN, 1, 4)));
      }
      return b.build();
    }

    static String path(Random r) {
      int n = 1 + r.nextInt(3);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(uri(r));
      }
      return sb.toString();
    }

    /** {@code utf8text}: printable ASCII, HTAB, and non-ASCII code points of 2, 3 and 4 bytes. */
    static String utf8Text(Random r, int max) {
      int n = r.nextInt(max + 1);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        switch (r.nextInt(8)) {
          case 0:
            sb.append('\t');
            break;
          case 1:
            sb.appendCodePoint(0x80 + r.nextInt(0x780)); // 2 bytes
            break;
          case 2:
            int cp = 0x800 + r.nextInt(0xfffe - 0x800);
            sb.appendCodePoint(cp >= 0xd800 && cp <= 0xdfff ? cp - 0x1000 : cp); // 3 bytes
            break;
          case 3:
            sb.appendCodePoint(0x10000 + r.nextInt(0x100000)); // 4 bytes
            break;
          default:
            sb.append((char) (0x20 + r.nextInt(0x5f)));
            break;
        }
      }
      return sb.toString();
    }

    static ByteRange byteRange(Random r) {
      long start = 1 + r.nextInt(r.nextBoolean() ? 10 : 1_000_000);
      long len = r.nextInt(5000);
      long end = r.nextInt(3) == 0 ? ByteRange.UNKNOWN : start - 1 + len;
      long total;
      if (r.nextInt(3) == 0) {
        total = ByteRange.UNKNOWN;
      } else {
        total = (end == ByteRange.UNKNOWN ? start : end) + r.nextInt(3000);
      }
      return ByteRange.of(start, end, total);
    }

    /** Extension headers, To-Path and From-Path first. */
    private static void extensions(Random r, List<String[]> rest) {
      int n = r.nextInt(4);
      for (int i = 0; i < n; i++) {
        String name = "X-" + chars(r, TOKEN, 1, 12);
        rest.add(new String[] {name, utf8Text(r, 30)});
      }
    }

    private static MsrpHeaders headers(Random r, List<String[]> rest) {
      Collections.shuffle(rest, r);
      MsrpHeaders.Builder h = MsrpHeaders.builder();
      h.add(HeaderName.TO_PATH, path(r));
      h.add(HeaderName.FROM_PATH, path(r));
      for (String[] nv : rest) {
        h.add(nv[0], nv[1]);
      }
      return h.build();
    }

    static MsrpRequest request(Random r, String tid, boolean contentType) {
      MsrpMethod method;
      int m = r.nextInt(8);
      if (m < 4) {
        method = MsrpMethod.SEND;
      } else if (m == 4) {
        method = MsrpMethod.REPORT;
      } else if (m == 5) {
        method = MsrpMethod.AUTH;
      } else {
        method = MsrpMethod.of(chars(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 10));
      }
      List<String[]> rest = new ArrayList<>();
      if (r.nextInt(5) != 0) {
        rest.add(new String[] {HeaderName.MESSAGE_ID, ident(r, 4 + r.nextInt(29))});
      }
      if (r.nextInt(3) != 0) {
        rest.add(new String[] {HeaderName.BYTE_RANGE, byteRange(r).toString()});
      }
      if (r.nextInt(3) == 0) {
        rest.add(
            new String[] {HeaderName.SUCCESS_REPORT, SuccessReport.values()[r.nextInt(2)].value()});
      }
      if (r.nextInt(3) == 0) {
        rest.add(
            new String[] {HeaderName.FAILURE_REPORT, FailureReport.values()[r.nextInt(3)].value()});
      }
      if (method == MsrpMethod.REPORT || r.nextInt(10) == 0) {
        String reason = r.nextBoolean() ? null : utf8Text(r, 12);
        rest.add(
            new String[] {
              HeaderName.STATUS,
              MsrpStatus.of(r.nextInt(1000), 100 + r.nextInt(900), reason).toString()
            });
      }
      if (contentType) {
        String[] types = {
          "text/plain",
          "message/cpim",
          "application/octet-stream",
          "text/html;charset=utf-8",
          "image/png ; x=y"
        };
        rest.add(new String[] {HeaderName.CONTENT_TYPE, types[r.nextInt(types.length)]});
      }
      extensions(r, rest);
      return MsrpRequest.of(tid, method, headers(r, rest));
    }

    static MsrpResponse response(Random r, String tid) {
      int[] codes = {200, 400, 403, 408, 413, 415, 423, 481, 501, 506};
      int code = r.nextBoolean() ? codes[r.nextInt(codes.length)] : 100 + r.nextInt(900);
      String comment;
      switch (r.nextInt(4)) {
        case 0:
          comment = null;
          break;
        case 1:
          comment = "";
          break;
        default:
          comment = utf8Text(r, 20);
          break;
      }
      List<String[]> rest = new ArrayList<>();
      extensions(r, rest);
      return MsrpResponse.of(tid, code, comment, headers(r, rest));
    }

    /** Random trailing bytes that are not part of the end-line pattern: "", CRLF, or a letter. */
    static String tail(Random r) {
      String[] tails = {"", "\r\n", "x", "\r\n-------"};
      return tails[r.nextInt(tails.length)];
    }

    /** A body full of near-end-lines that the encoder accepts. */
    static byte[] safeBody(Random r, String tid) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int pieces = r.nextInt(20);
      for (int i = 0; i < pieces; i++) {
        String piece;
        switch (r.nextInt(12)) {
          case 0:
            piece = "\r\n-------" + otherTid(r, tid) + (char) FLAGS[r.nextInt(3)] + "\r\n";
            break;
          case 1:
            piece = "\r\n-------" + tid.substring(0, r.nextInt(tid.length()));
            break;
          case 2:
            piece = "\r\n-------" + tid + nonFlag(r);
            break;
          case 3:
            piece = "-------" + tid + (char) FLAGS[r.nextInt(3)] + "\r\n";
            break;
          case 4:
            piece = r.nextBoolean() ? "\r" : "\n";
            break;
          case 5:
            piece = "\r\n".repeat(1 + r.nextInt(4));
            break;
          case 6:
            piece = "\r\n------" + tid + (char) FLAGS[r.nextInt(3)];
            break;
          case 7:
            piece = "\r\r\n-------" + tid.substring(0, 1 + r.nextInt(tid.length() - 1));
            break;
          case 8:
            piece = "\r\n-------";
            break;
          case 9:
            piece = tid + (char) FLAGS[r.nextInt(3)];
            break;
          default:
            byte[] rnd = new byte[r.nextInt(40)];
            r.nextBytes(rnd);
            b.writeBytes(rnd);
            continue;
        }
        b.writeBytes(piece.getBytes(StandardCharsets.ISO_8859_1));
      }
      return repair(b.toByteArray(), tid);
    }

    private static char nonFlag(Random r) {
      String s = "x=-.\r\n0 !";
      return s.charAt(r.nextInt(s.length()));
    }

    private static String otherTid(Random r, String tid) {
      String other;
      do {
        other = r.nextBoolean() ? tid(r) : tid.substring(0, tid.length() - 1) + "Z";
      } while (other.equals(tid));
      return other;
    }

    /**
     * Changes the flag byte of every {@code CRLF "-------" tid flag} in CRLF + body to '!', which
     * stands nowhere in an end-line, so no new one can appear.
     */
    static byte[] repair(byte[] body, String tid) {
      byte[] p = ("\r\n-------" + tid).getBytes(StandardCharsets.US_ASCII);
      byte[] all = new byte[body.length + 2];
      all[0] = '\r';
      all[1] = '\n';
      System.arraycopy(body, 0, all, 2, body.length);
      for (int i = 0; i + p.length < all.length; i++) {
        if (Arrays.equals(all, i, i + p.length, p, 0, p.length)
            && ContinuationFlag.of(all[i + p.length]) != null) {
          all[i + p.length] = '!';
        }
      }
      return Arrays.copyOfRange(all, 2, all.length);
    }

    /** {@code n} ascending cut points in {@code [0, length]}. */
    static int[] cuts(Random r, int length, int n) {
      int[] c = new int[n];
      for (int i = 0; i < n; i++) {
        c[i] = r.nextInt(length + 1);
      }
      Arrays.sort(c);
      return c;
    }

    /** Bytes for a failure message: printable ASCII kept, others escaped. */
    static String show(byte[] b) {
      StringBuilder sb = new StringBuilder();
      int n = Math.min(b.length, 4000);
      for (int i = 0; i < n; i++) {
        int c = b[i] & 0xff;
        if (c == '\r') {
          sb.append("\\r");
        } else if (c == '\n') {
          sb.append("\\n\n");
        } else if (c >= 0x20 && c < 0x7f && c != '\\') {
          sb.append((char) c);
        } else {
          sb.append(String.format("\\x%02X", c));
        }
      }
      if (n < b.length) {
        sb.append("... (").append(b.length).append(" bytes)");
      }
      return sb.toString();
    }
  }
}
