package org.parley.msrp.codec;

/**
 * Limits of the {@link MsrpDecoder}. Together they bound the memory one connection can make the
 * decoder hold, whatever the peer sends: the head of a frame is held until it is complete, the body
 * never is.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>maxStartLineLength</td><td>{@value #DEFAULT_MAX_START_LINE_LENGTH}</td>
 *       <td>bytes of the start line, CRLF included</td></tr>
 *   <tr><td>maxHeaderBlockSize</td><td>{@value #DEFAULT_MAX_HEADER_BLOCK_SIZE}</td>
 *       <td>bytes of all header lines of one frame, CRLFs included (also the longest line)</td></tr>
 *   <tr><td>maxHeaderCount</td><td>{@value #DEFAULT_MAX_HEADER_COUNT}</td>
 *       <td>header lines in one frame</td></tr>
 * </table>
 *
 * <p>The transaction id is bounded by the grammar (32 characters).
 */
public final class MsrpDecoderConfig {
  public static final int DEFAULT_MAX_START_LINE_LENGTH = 1024;
  public static final int DEFAULT_MAX_HEADER_BLOCK_SIZE = 8192;
  public static final int DEFAULT_MAX_HEADER_COUNT = 64;

  /** The defaults above. */
  public static final MsrpDecoderConfig DEFAULT =
      new MsrpDecoderConfig(
          DEFAULT_MAX_START_LINE_LENGTH, DEFAULT_MAX_HEADER_BLOCK_SIZE, DEFAULT_MAX_HEADER_COUNT);

  private final int maxStartLineLength;
  private final int maxHeaderBlockSize;
  private final int maxHeaderCount;

  private MsrpDecoderConfig(int maxStartLineLength, int maxHeaderBlockSize, int maxHeaderCount) {
    if (maxStartLineLength < 64) {
      throw new IllegalArgumentException("maxStartLineLength must be at least 64");
    }
    if (maxHeaderBlockSize < 256) {
      throw new IllegalArgumentException("maxHeaderBlockSize must be at least 256");
    }
    if (maxHeaderCount < 2) {
      throw new IllegalArgumentException("maxHeaderCount must be at least 2");
    }
    this.maxStartLineLength = maxStartLineLength;
    this.maxHeaderBlockSize = maxHeaderBlockSize;
    this.maxHeaderCount = maxHeaderCount;
  }

  public int maxStartLineLength() {
    return maxStartLineLength;
  }

  public int maxHeaderBlockSize() {
    return maxHeaderBlockSize;
  }

  public int maxHeaderCount() {
    return maxHeaderCount;
  }

  public MsrpDecoderConfig withMaxStartLineLength(int v) {
    return new MsrpDecoderConfig(v, maxHeaderBlockSize, maxHeaderCount);
  }

  public MsrpDecoderConfig withMaxHeaderBlockSize(int v) {
    return new MsrpDecoderConfig(maxStartLineLength, v, maxHeaderCount);
  }

  public MsrpDecoderConfig withMaxHeaderCount(int v) {
    return new MsrpDecoderConfig(maxStartLineLength, maxHeaderBlockSize, v);
  }

  /** Configs with the same limits are equal (a {@code RelayLimits} record compares by them). */
  @Override
  public boolean equals(Object o) {
    return o instanceof MsrpDecoderConfig
        && ((MsrpDecoderConfig) o).maxStartLineLength == maxStartLineLength
        && ((MsrpDecoderConfig) o).maxHeaderBlockSize == maxHeaderBlockSize
        && ((MsrpDecoderConfig) o).maxHeaderCount == maxHeaderCount;
  }

  @Override
  public int hashCode() {
    return (maxStartLineLength * 31 + maxHeaderBlockSize) * 31 + maxHeaderCount;
  }

  @Override
  public String toString() {
    return "MsrpDecoderConfig[maxStartLineLength="
        + maxStartLineLength
        + ", maxHeaderBlockSize="
        + maxHeaderBlockSize
        + ", maxHeaderCount="
        + maxHeaderCount
        + "]";
  }
}
