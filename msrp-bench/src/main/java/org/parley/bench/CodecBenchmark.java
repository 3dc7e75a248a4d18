package org.parley.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.parley.msrp.ByteRange;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpUri;
import org.parley.msrp.codec.MsrpDecoder;
import org.parley.msrp.codec.MsrpEncoder;

/**
 * Decode and encode throughput of one SEND frame per operation, next to a baseline that copies the
 * same bytes from one ByteBuf to another. Frames/s is ops/s; bytes/s is ops/s × {@code frameBytes}
 * (printed at setup); allocation per frame is {@code gc.alloc.rate.norm} with {@code -prof gc}.
 *
 * <p>{@code bodySize = 0} stands for the 200-byte frame: a SEND whose whole wire form is 200 bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
  @Param({"0", "100", "2048", "65536", "1048576"})
  public int bodySize;

  /** Bytes of one socket read. */
  private static final int READ = 64 * 1024;

  /** Working set of the small-frame runs: what a receive path keeps in cache. */
  private static final int HOT_BYTES = 256 * 1024;

  private final List<ByteBuf> reads = new ArrayList<>();

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private ByteBuf wire;
  private ByteBuf copyTarget;
  private int frameBytes;
  private int frames;
  private int next;
  private MsrpDecoder decoder;
  private final List<Object> out = new ArrayList<>();

  private MsrpRequest head;
  private ByteBuf body;
  private MsrpEncoder encoder;
  private ByteBuf encodeTarget;

  @Setup(Level.Trial)
  public void setUp() {
    // Netty's default leak detection tracks one allocation in 128: when it picked the ring buffer,
    // every slice of it was tracked too and that JVM decoded 200-byte frames seven times slower
    // (about one fork in twenty). The codec is measured here, not the leak detector.
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    int size = bodySize;
    MsrpRequest probe = request(1);
    ByteBuf probeBuf = alloc.heapBuffer();
    MsrpEncoder.writeHead(probe, probeBuf);
    int overhead = probeBuf.readableBytes() + 2 + 2 + 9 + probe.transactionId().length() + 1 + 2;
    probeBuf.release();
    if (size == 0) {
      size = 200 - overhead;
    }
    head = request(size);
    // A random 64 KB block, repeated: binary bodies with CRs and LFs, and every socket-sized read
    // of a large body holds the same bytes, so one buffer can stand for all of them.
    byte[] block = new byte[READ];
    new Random(42).nextBytes(block);
    byte[] bodyBytes = new byte[size];
    for (int i = 0; i < size; i += READ) {
      System.arraycopy(block, 0, bodyBytes, i, Math.min(READ, size - i));
    }
    body = alloc.directBuffer(size).writeBytes(bodyBytes);

    ByteBuf one = alloc.heapBuffer();
    MsrpEncoder.writeHead(head, one);
    one.writeBytes(new byte[] {'\r', '\n'}).writeBytes(bodyBytes);
    MsrpEncoder.writeEnd(head.transactionId(), true, ContinuationFlag.END, one);
    frameBytes = one.readableBytes();
    if (frameBytes <= READ) {
      // Small frames: a few hundred KB of back-to-back frames, one frame per operation. Each has
      // a transaction id and a Message-ID of its own (same lengths), as a session's messages do;
      // paths and Content-Type repeat, as they do in a session.
      frames = Math.max(1, HOT_BYTES / frameBytes);
      wire = alloc.directBuffer(frames * frameBytes);
      for (int i = 0; i < frames; i++) {
        MsrpRequest h = request(size, String.format("a7%06d", i), String.format("87%06d", i));
        int at = wire.writerIndex();
        MsrpEncoder.writeHead(h, wire);
        wire.writeBytes(new byte[] {'\r', '\n'}).writeBytes(bodyBytes);
        MsrpEncoder.writeEnd(h.transactionId(), true, ContinuationFlag.END, wire);
        if (wire.writerIndex() - at != frameBytes) {
          throw new IllegalStateException("frames differ in size");
        }
      }
    } else {
      // Large frames arrive as socket reads of 64 KB; the decoder sees each read as it comes.
      // Reads with the same bytes share one buffer, as a receive buffer is reused.
      frames = 1;
      wire = alloc.directBuffer(frameBytes).writeBytes(one);
      for (int at = 0; at < frameBytes; at += READ) {
        int n = Math.min(READ, frameBytes - at);
        ByteBuf read = wire.slice(at, n);
        for (ByteBuf seen : reads) {
          if (ByteBufUtil.equals(seen, read)) {
            read = seen;
            break;
          }
        }
        reads.add(read);
      }
    }
    one.release();
    copyTarget = alloc.directBuffer(Math.min(frameBytes, READ));
    encodeTarget = alloc.directBuffer(frameBytes + 64);
    decoder = new MsrpDecoder();
    encoder = new MsrpEncoder();
    System.out.println("\nframeBytes=" + frameBytes + " (body " + size + ")");
  }

  /**
   * A SEND as a client sends it. The 200-byte frame ({@code bodySize = 0}) uses short session ids
   * so that head and body fit in 200 bytes.
   */
  private MsrpRequest request(int size) {
    return request(size, "a786hjs2", "87652491");
  }

  private MsrpRequest request(int size, String transactionId, String messageId) {
    boolean small = bodySize == 0;
    String to = small ? "msrp://10.0.0.2:2855/s2;tcp" : "msrp://10.0.0.2:2855/kjhd37s2s20w2a;tcp";
    String from = small ? "msrp://10.0.0.1:7654/s1;tcp" : "msrp://10.0.0.1:7654/jshA7weztas;tcp";
    return MsrpRequest.builder(MsrpMethod.SEND)
        .transactionId(transactionId)
        .toPath(List.of(MsrpUri.parse(to)))
        .fromPath(List.of(MsrpUri.parse(from)))
        .messageId(messageId)
        .byteRange(ByteRange.of(1, size, size))
        .contentType("text/plain")
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wire.release();
    copyTarget.release();
    encodeTarget.release();
    body.release();
  }

  /**
   * The prepared buffer with its indexes around the next frame, as a channel hands its decoder the
   * cumulation buffer (a new slice per frame would add an allocation the receive path does not
   * have).
   */
  private ByteBuf nextFrame() {
    int at = next * frameBytes;
    next = next + 1 == frames ? 0 : next + 1;
    return wire.setIndex(at, at + frameBytes);
  }

  /** Decodes one frame: head, body slices and flag. */
  @Benchmark
  public void decode(Blackhole bh) {
    if (reads.isEmpty()) {
      decoder.decode(nextFrame(), out);
    } else {
      for (int k = 0, n = reads.size(); k < n; k++) {
        ByteBuf read = reads.get(k);
        decoder.decode(read, out);
        read.readerIndex(0);
      }
    }
    for (int i = 0, n = out.size(); i < n; i++) {
      Object o = out.get(i);
      bh.consume(o);
      ReferenceCountUtil.release(o);
    }
    out.clear();
  }

  /** The same bytes copied from one buffer to another: the ceiling. */
  @Benchmark
  public void copyBaseline(Blackhole bh) {
    if (reads.isEmpty()) {
      ByteBuf src = nextFrame();
      copyTarget.clear();
      copyTarget.writeBytes(src, src.readerIndex(), src.readableBytes());
    } else {
      for (int k = 0, n = reads.size(); k < n; k++) {
        ByteBuf read = reads.get(k);
        copyTarget.clear();
        copyTarget.writeBytes(read, 0, read.readableBytes());
      }
    }
    bh.consume(copyTarget);
  }

  /**
   * Encodes one frame: head written, body checked for its end-line and passed on without a copy,
   * end-line written.
   */
  @Benchmark
  public void encode(Blackhole bh) {
    encoder.encode(alloc, head, out);
    encoder.encode(alloc, body, out);
    encoder.encode(alloc, ContinuationFlag.END, out);
    for (int i = 0, n = out.size(); i < n; i++) {
      Object o = out.get(i);
      bh.consume(o);
      ReferenceCountUtil.release(o);
    }
    out.clear();
  }
}
