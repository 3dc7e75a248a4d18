package org.parley.im.cpim;

/**
 * Size bounds for parsing CPIM messages; input beyond any of them is refused with {@link
 * CpimRule#LIMIT}.
 *
 * <table>
 *   <caption>Limits and their defaults</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code maxLineLength}</td><td>4096</td>
 *       <td>bytes of one header line without its line end (a folded MIME header: all its
 *       lines)</td></tr>
 *   <tr><td>{@code maxHeaders}</td><td>64</td><td>message headers</td></tr>
 *   <tr><td>{@code maxParameters}</td><td>16</td><td>parameters of one header</td></tr>
 *   <tr><td>{@code maxMimeHeaders}</td><td>32</td><td>headers of the encapsulated MIME
 *       entity</td></tr>
 *   <tr><td>{@code maxBodySize}</td><td>16 MiB</td><td>bytes of the encapsulated content</td></tr>
 * </table>
 */
public final class CpimLimits {
  /** The defaults of the table above. */
  public static final CpimLimits DEFAULT = builder().build();

  /** No bounds; what {@link CpimMessage.Builder} uses. */
  static final CpimLimits NONE =
      builder()
          .maxLineLength(Integer.MAX_VALUE - 2)
          .maxHeaders(Integer.MAX_VALUE)
          .maxParameters(Integer.MAX_VALUE)
          .maxMimeHeaders(Integer.MAX_VALUE)
          .maxBodySize(Integer.MAX_VALUE)
          .build();

  private final int maxLineLength;
  private final int maxHeaders;
  private final int maxParameters;
  private final int maxMimeHeaders;
  private final int maxBodySize;

  private CpimLimits(Builder b) {
    this.maxLineLength = b.maxLineLength;
    this.maxHeaders = b.maxHeaders;
    this.maxParameters = b.maxParameters;
    this.maxMimeHeaders = b.maxMimeHeaders;
    this.maxBodySize = b.maxBodySize;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Bytes of one header line, without its line end. */
  public int maxLineLength() {
    return maxLineLength;
  }

  /** Message headers. */
  public int maxHeaders() {
    return maxHeaders;
  }

  /** Parameters of one header. */
  public int maxParameters() {
    return maxParameters;
  }

  /** Headers of the encapsulated MIME entity. */
  public int maxMimeHeaders() {
    return maxMimeHeaders;
  }

  /** Bytes of the encapsulated content. */
  public int maxBodySize() {
    return maxBodySize;
  }

  /** Builds {@link CpimLimits}; every value must be at least 1. */
  public static final class Builder {
    private int maxLineLength = 4096;
    private int maxHeaders = 64;
    private int maxParameters = 16;
    private int maxMimeHeaders = 32;
    private int maxBodySize = 16 << 20;

    private Builder() {}

    private static int positive(int v, String name) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be at least 1: " + v);
      }
      return v;
    }

    /** Bytes of one header line, without its line end. */
    public Builder maxLineLength(int v) {
      maxLineLength = positive(v, "maxLineLength");
      return this;
    }

    /** Message headers. */
    public Builder maxHeaders(int v) {
      maxHeaders = positive(v, "maxHeaders");
      return this;
    }

    /** Parameters of one header. */
    public Builder maxParameters(int v) {
      maxParameters = positive(v, "maxParameters");
      return this;
    }

    /** Headers of the encapsulated MIME entity. */
    public Builder maxMimeHeaders(int v) {
      maxMimeHeaders = positive(v, "maxMimeHeaders");
      return this;
    }

    /** Bytes of the encapsulated content. */
    public Builder maxBodySize(int v) {
      maxBodySize = positive(v, "maxBodySize");
      return this;
    }

    /** The limits. */
    public CpimLimits build() {
      return new CpimLimits(this);
    }
  }
}
