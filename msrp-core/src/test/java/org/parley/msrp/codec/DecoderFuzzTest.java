package org.parley.msrp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpHead;

/**
 * A bounded fuzz run of the {@link MsrpDecoder}, part of the normal test command. For a time budget
 * (system property {@code parley.fuzz.seconds}, default 10) and at most {@link #MAX_ITERATIONS}
 * inputs, it feeds the decoder random bytes and mutations of valid frames (RFC fixtures and frames
 * from {@link CodecPropertyTest.Gen}), in random reads, with the default limits or small ones.
 *
 * <p>For every input: nothing is thrown; only heads, body buffers, flags and {@link
 * MsrpDecodeError}s come out; all input is consumed; the memory held stays bounded; the events do
 * not depend on how the input was split into reads. Every failure message names the run's seed
 * (property {@code parley.fuzz.seed} replays it) and the iteration's seed.
 */
class DecoderFuzzTest {
  static final int MAX_ITERATIONS = 2_000_000;
  static final int MIN_ITERATIONS = 500;

  static final MsrpDecoderConfig SMALL =
      MsrpDecoderConfig.DEFAULT
          .withMaxHeaderBlockSize(256)
          .withMaxStartLineLength(64)
          .withMaxHeaderCount(4);

  /** Interesting tokens to insert: pieces of start lines, headers and end-lines. */
  static final String[] TOKENS = {
    "\r\n",
    "\r",
    "\n",
    "-------",
    "MSRP ",
    " SEND",
    " 200 OK",
    "$",
    "+",
    "#",
    ": ",
    ":",
    "\r\n\r\n",
    "To-Path: ",
    "Content-Type: text/plain\r\n",
    "\u00e9",
    "\t",
    " ",
    "\u0000",
    "\u00ff",
    "\r\n-------",
    "msrp://a.example.com:1/s;tcp",
  };

  long heads;
  long errors;
  long flags;
  long bodies;

  @Test
  void decoderSurvivesRandomAndMutatedInput() throws IOException {
    double seconds = Double.parseDouble(System.getProperty("parley.fuzz.seconds", "10"));
    long seed = Long.getLong("parley.fuzz.seed", System.nanoTime());
    Random master = new Random(seed);
    List<byte[]> corpus = corpus(master);
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    int iterations = 0;
    while (iterations < MIN_ITERATIONS
        || (iterations < MAX_ITERATIONS && System.nanoTime() - deadline < 0)) {
      long iterationSeed = master.nextLong();
      Random r = new Random(iterationSeed);
      byte[] input = r.nextInt(4) == 0 ? randomBytes(r) : mutate(r, corpus);
      MsrpDecoderConfig config = r.nextBoolean() ? MsrpDecoderConfig.DEFAULT : SMALL;
      int iteration = iterations;
      Supplier<String> info =
          () ->
              "fuzz seed "
                  + seed
                  + " (-Dparley.fuzz.seed="
                  + seed
                  + "), iteration "
                  + iteration
                  + ", iteration seed "
                  + iterationSeed
                  + ", config "
                  + (config == SMALL ? "SMALL" : "DEFAULT")
                  + ", input ("
                  + input.length
                  + " bytes):\n"
                  + CodecPropertyTest.Gen.show(input);
      int[] cuts =
          CodecPropertyTest.Gen.cuts(r, input.length, r.nextInt(r.nextInt(8) == 0 ? 40 : 6));
      List<Object> split = run(input, cuts, config, r, info);
      List<Object> whole = run(input, new int[0], config, r, info);
      assertThat(split)
          .as(
              () ->
                  "events do not depend on the reads (cuts "
                      + Arrays.toString(cuts)
                      + "); "
                      + info.get())
          .isEqualTo(whole);
      count(whole);
      iterations++;
    }
    double took = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "DecoderFuzzTest: %d inputs in %.1f s (seed %d): %d heads, %d bodies, %d flags, %d errors%n",
        iterations, took, seed, heads, bodies, flags, errors);
    assertThat(heads).as("inputs that produced heads, seed %d", seed).isPositive();
    assertThat(errors).as("inputs that produced errors, seed %d", seed).isPositive();
    assertThat(flags).as("inputs that produced flags, seed %d", seed).isPositive();
  }

  /**
   * Inputs earlier runs found, checked with the same invariants on every run (whole, in two reads
   * at every offset, and byte by byte): a line of seven dashes and a short or no id in the header
   * block.
   */
  @Test
  void endLineWithoutTransactionIdInTheHeaderBlock() {
    Random r = new Random(1);
    String three = "MSRP abcd1234 SEND\r\nTo-Path: msrp://b.example.com:1/s;tcp\r\n";
    // An end-line without a transaction id in the header block.
    check("MSRP abcd1234 SEND\r\n-------\r\n", MsrpDecoderConfig.DEFAULT, r);
    check(three + "-------\r\n", MsrpDecoderConfig.DEFAULT, r);
    check(three + "-------$\r\n", MsrpDecoderConfig.DEFAULT, r);
    check(three + "-------abc\r\n", MsrpDecoderConfig.DEFAULT, r);
  }

  /**
   * Valid frames within the small limits: body-less frames slide the head window past 512 bytes (it
   * grows to maxHeaderBlockSize + 512), then a body of 512 bytes or more allocates the 2 KiB
   * end-line search table.
   */
  @Test
  void smallLimitsBodyLessFramesThenALargeBody() {
    Random r = new Random(2);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      sb.append("MSRP tid")
          .append(1000 + i)
          .append(" 200 OK\r\nTo-Path: msrp://alice.example.com:7777/iau39soe2843z;tcp\r\n")
          .append("From-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\n-------tid")
          .append(1000 + i)
          .append("$\r\n");
    }
    sb.append("MSRP tid2000 SEND\r\nTo-Path: msrp://b.example.com:1/s;tcp\r\n")
        .append("From-Path: msrp://a.example.com:2/s;tcp\r\nContent-Type: text/plain\r\n\r\n")
        .append("x".repeat(2000))
        .append("\r\n-------tid2000$\r\n");
    List<Object> events = check(sb.toString(), SMALL, r);
    assertThat(events).hasSize(11).doesNotHaveAnyElementsOfTypes(Codec.Error.class);
  }

  private static List<Object> check(String text, MsrpDecoderConfig config, Random r) {
    byte[] input = text.getBytes(StandardCharsets.ISO_8859_1);
    Supplier<String> info = () -> "input:\n" + CodecPropertyTest.Gen.show(input);
    List<Object> whole = run(input, new int[0], config, r, info);
    for (int cut = 0; cut <= input.length; cut++) {
      int c = cut;
      assertThat(run(input, new int[] {cut}, config, r, info))
          .as(() -> "cut at " + c + "; " + info.get())
          .isEqualTo(whole);
    }
    int[] all = new int[input.length];
    Arrays.setAll(all, i -> i);
    assertThat(run(input, all, config, r, info))
        .as(() -> "byte by byte; " + info.get())
        .isEqualTo(whole);
    return whole;
  }

  private void count(List<Object> events) {
    for (Object o : events) {
      if (o instanceof MsrpHead) {
        heads++;
      } else if (o instanceof Codec.Error) {
        errors++;
      } else if (o instanceof ContinuationFlag) {
        flags++;
      } else if (o instanceof Codec.Body) {
        bodies++;
      }
    }
  }

  /**
   * Runs the input through a fresh decoder in the given reads, checking every invariant, and
   * returns the events (body buffers joined and released).
   */
  static List<Object> run(
      byte[] input, int[] cuts, MsrpDecoderConfig config, Random r, Supplier<String> info) {
    MsrpDecoder decoder = new MsrpDecoder(config);
    long bound = MsrpDecoder.maxBufferedBytes(config);
    List<Object> raw = new ArrayList<>();
    try {
      int from = 0;
      for (int i = 0; i <= cuts.length; i++) {
        int to = i < cuts.length ? cuts[i] : input.length;
        ByteBuf piece = piece(r, input, from, to - from);
        int f = from;
        int t = to;
        try {
          decoder.decode(piece, raw);
          assertThat(piece.isReadable())
              .as(() -> "the decoder consumed the read [" + f + ", " + t + "); " + info.get())
              .isFalse();
        } finally {
          piece.release();
        }
        assertThat((long) decoder.bufferedBytes())
            .as(() -> "bytes the decoder holds after reading " + t + "; " + info.get())
            .isLessThanOrEqualTo(bound);
        from = to;
      }
      decoder.decodeEnd(raw);
      assertThat(decoder.position()).as(() -> "position; " + info.get()).isEqualTo(input.length);
      for (Object o : raw) {
        assertThat(o)
            .as(() -> "emitted object; " + info.get())
            .isInstanceOfAny(
                MsrpHead.class, ByteBuf.class, ContinuationFlag.class, MsrpDecodeError.class);
        if (o instanceof ByteBuf) {
          assertThat(((ByteBuf) o).refCnt())
              .as(() -> "an emitted buffer is live; " + info.get())
              .isPositive();
        }
      }
    } catch (AssertionError e) {
      release(raw);
      throw e;
    } catch (Throwable t) {
      release(raw);
      throw new AssertionError("the decoder threw " + t + "; " + info.get(), t);
    }
    return Codec.events(raw);
  }

  private static void release(List<Object> raw) {
    for (Object o : raw) {
      if (o instanceof ByteBuf && ((ByteBuf) o).refCnt() > 0) {
        ((ByteBuf) o).release();
      }
    }
  }

  /** A read: heap or direct, sometimes at a non-zero reader index. */
  private static ByteBuf piece(Random r, byte[] input, int from, int length) {
    int pad = r.nextInt(4) == 0 ? 1 + r.nextInt(16) : 0;
    ByteBuf b =
        r.nextBoolean() ? Unpooled.directBuffer(pad + length) : Unpooled.buffer(pad + length);
    b.writeZero(pad).writeBytes(input, from, length).readerIndex(pad);
    return b;
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs

  static byte[] randomBytes(Random r) {
    byte[] b = new byte[r.nextInt(2001)];
    if (r.nextBoolean()) {
      r.nextBytes(b);
    } else {
      // Mostly printable with line breaks, dashes and flags: gets further into the grammar.
      String alphabet = "MSRP -\r\n$+#:abcdz019/";
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
      }
      if (b.length > 5 && r.nextBoolean()) {
        System.arraycopy("MSRP ".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 5);
      }
    }
    return b;
  }

  /** Valid wire frames: the RFC fixtures and generated frames. */
  static List<byte[]> corpus(Random r) throws IOException {
    List<byte[]> corpus = new ArrayList<>();
    for (String name : fixture("index.txt").split("\n")) {
      if (!name.isBlank()) {
        corpus.add(fixture(name.trim()).getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    for (int i = 0; i < 300; i++) {
      List<Object> events = new ArrayList<>();
      CodecPropertyTest.Gen.frame(r, events);
      corpus.add(Codec.encode(events));
    }
    return corpus;
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = DecoderFuzzTest.class.getResourceAsStream("/rfc/" + name)) {
      if (in == null) {
        fail("missing fixture /rfc/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** One to three valid frames, then 0–8 mutations. */
  static byte[] mutate(Random r, List<byte[]> corpus) {
    byte[] b = pick(r, corpus);
    for (int n = r.nextInt(3); n > 0; n--) {
      b = concat(b, pick(r, corpus));
    }
    int mutations = r.nextInt(9);
    for (int m = 0; m < mutations; m++) {
      int at = r.nextInt(b.length + 1);
      switch (r.nextInt(9)) {
        case 0: // flip a bit
          if (b.length > 0) {
            int i = r.nextInt(b.length);
            b[i] ^= (byte) (1 << r.nextInt(8));
          }
          break;
        case 1: // set a byte
          if (b.length > 0) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          }
          break;
        case 2: // insert random bytes
          byte[] ins = new byte[1 + r.nextInt(8)];
          r.nextBytes(ins);
          b = insert(b, at, ins);
          break;
        case 3: // insert a token
          b = insert(b, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
          break;
        case 4: // delete a range
          {
            int len = Math.min(b.length - at, 1 + r.nextInt(16));
            b = concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, at + len, b.length));
          }
          break;
        case 5: // duplicate a range
          {
            int len = Math.min(b.length - at, 1 + r.nextInt(64));
            b = insert(b, at, Arrays.copyOfRange(b, at, at + len));
          }
          break;
        case 6: // truncate
          b = Arrays.copyOf(b, at);
          break;
        case 7: // splice: a prefix of this, a suffix of another frame
          {
            byte[] o = pick(r, corpus);
            b =
                concat(
                    Arrays.copyOf(b, at), Arrays.copyOfRange(o, r.nextInt(o.length + 1), o.length));
          }
          break;
        default: // replace a byte with a structural one
          if (b.length > 0) {
            b[r.nextInt(b.length)] = (byte) "\r\n-$+# :".charAt(r.nextInt(8));
          }
          break;
      }
    }
    return b;
  }

  private static byte[] pick(Random r, List<byte[]> corpus) {
    return corpus.get(r.nextInt(corpus.size())).clone();
  }

  private static byte[] insert(byte[] b, int at, byte[] ins) {
    byte[] out = new byte[b.length + ins.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(ins, 0, out, at, ins.length);
    System.arraycopy(b, at, out, at + ins.length, b.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
